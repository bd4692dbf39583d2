using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Edge.Drivers.Serial;

/// <summary>
/// Validates what data annotations cannot reach: every port (by its key, <c>Edge:Serial:Ports:N:Field</c>), unique
/// paths, and the backoff order. Messages name keys, never the configured paths (they contain adapter serials).
/// </summary>
public sealed class SerialOptionsValidator : IValidateOptions<SerialOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, SerialOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.ReconnectBackoffMinMs > options.ReconnectBackoffMaxMs)
        {
            failures.Add($"{SerialOptions.SectionName}:ReconnectBackoffMinMs must not exceed {SerialOptions.SectionName}:ReconnectBackoffMaxMs.");
        }

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < options.Ports.Count; i++)
        {
            var key = $"{SerialOptions.SectionName}:Ports:{i}";
            var port = options.Ports[i];
            if (port is null)
            {
                failures.Add($"{key} is empty.");
                continue;
            }

            var results = new List<ValidationResult>();
            if (!Validator.TryValidateObject(port, new ValidationContext(port), results, validateAllProperties: true))
            {
                foreach (var r in results)
                {
                    var members = r.MemberNames.Any() ? string.Join(",", r.MemberNames) : "?";
                    failures.Add($"{key}:{members}: {r.ErrorMessage}");
                }
            }

            if (port.SilenceTimeoutMs is > 0 and < 200)
            {
                failures.Add($"{key}:SilenceTimeoutMs must be 0 (protocol default) or 200 to 3600000.");
            }

            if (port.ReadStoredRecords && port.Protocol != SerialProtocol.ContecV7)
            {
                failures.Add($"{key}:ReadStoredRecords is only supported for Protocol ContecV7.");
            }

            if (!string.IsNullOrEmpty(port.Path))
            {
                if (seen.TryGetValue(port.Path, out var first))
                {
                    failures.Add($"{key}:Path is the same device as {SerialOptions.SectionName}:Ports:{first}:Path.");
                }
                else
                {
                    seen[port.Path] = i;
                }
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
