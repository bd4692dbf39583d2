using System.Text;
using Microsoft.Extensions.Options;

namespace Edge.Host.Control;

/// <summary>
/// Checks what annotations cannot: the socket path fits <c>sun_path</c>, and the LAN URL is a plain
/// <c>http://host:port</c> Kestrel can bind. Runs after the paths were resolved against the data directory.
/// </summary>
public sealed class ControlOptionsValidator : IValidateOptions<ControlOptions>
{
    /// <summary>sun_path holds 108 bytes including the terminating NUL.</summary>
    public const int MaxSocketPathBytes = 107;

    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, ControlOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.Enabled && Encoding.UTF8.GetByteCount(options.SocketPath) > MaxSocketPathBytes)
        {
            failures.Add($"Edge:Control:SocketPath is longer than {MaxSocketPathBytes} bytes, the limit of a Unix socket path; choose a shorter path (e.g. /run/edge/edge.sock).");
        }

        if (!string.IsNullOrEmpty(options.LanUrl) && !LanEndpoint.TryParse(options.LanUrl, out _, out var problem))
        {
            failures.Add($"Edge:Control:LanUrl {problem}");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
