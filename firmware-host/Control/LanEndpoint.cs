using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Edge.Host.Control;

/// <summary>The LAN listener's address, parsed from <see cref="ControlOptions.LanUrl"/>.</summary>
/// <param name="Address">The address to bind (<see cref="IPAddress.Any"/> for <c>0.0.0.0</c>, <c>*</c> or <c>+</c>).</param>
/// <param name="Port">The TCP port; 0 lets the kernel pick one (the chosen URL is printed at start).</param>
public sealed partial record LanEndpoint(IPAddress Address, int Port)
{
    /// <summary>Parses <c>http://ADDRESS:PORT</c>; ADDRESS is an IP literal, <c>localhost</c>, <c>*</c> or <c>+</c>.</summary>
    /// <param name="url">The configured URL.</param>
    /// <param name="endpoint">The endpoint when valid.</param>
    /// <param name="problem">What is wrong, as the end of a sentence that starts with the key, when invalid.</param>
    public static bool TryParse(string url, [NotNullWhen(true)] out LanEndpoint? endpoint, [NotNullWhen(false)] out string? problem)
    {
        ArgumentNullException.ThrowIfNull(url);
        endpoint = null;
        var match = UrlPattern().Match(url);
        if (!match.Success)
        {
            problem = "must look like http://0.0.0.0:8080: plain http, an IP address and a port, no path.";
            return false;
        }

        var host = match.Groups["host"].Value;
        IPAddress? address = host is "*" or "+" ? IPAddress.Any : host == "localhost" ? IPAddress.Loopback : null;
        if (address is null && !IPAddress.TryParse(host.Trim('[', ']'), out address))
        {
            problem = "must name an IP address (0.0.0.0 for every interface), not a host name.";
            return false;
        }

        if (!int.TryParse(match.Groups["port"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            problem = "has a port outside 0-65535 (0 picks a free one).";
            return false;
        }

        endpoint = new LanEndpoint(address, port);
        problem = null;
        return true;
    }

    [GeneratedRegex(@"^http://(?<host>\[[0-9A-Fa-f:.]+\]|[^:/\[\]@]+):(?<port>[0-9]{1,5})/?$")]
    private static partial Regex UrlPattern();

    /// <summary>The URL a browser on this machine would open, with the port actually bound.</summary>
    public string BrowserUrl(int boundPort)
    {
        var host = Address.Equals(IPAddress.Any) || Address.Equals(IPAddress.IPv6Any) ? "127.0.0.1"
            : Address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{Address}]" : Address.ToString();
        return string.Create(CultureInfo.InvariantCulture, $"http://{host}:{boundPort}/");
    }
}
