using System.ComponentModel.DataAnnotations;

namespace Edge.Host.Control;

/// <summary>
/// The local control API (section <c>Edge:Control</c>): a Unix domain socket for <c>edgectl</c>, whose file
/// permissions are the authentication, and an optional LAN listener for the nurse page behind a site PIN.
/// </summary>
public sealed class ControlOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Edge:Control";

    /// <summary>Serve the API on the Unix socket. Key <c>Edge:Control:Enabled</c>; default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Path of the Unix domain socket; empty = <c>{Edge:DataDirectory}/edge.sock</c> (production:
    /// <c>/run/edge/edge.sock</c>). Created mode 0660; a stale file is removed at start. At most 107 bytes (sun_path).
    /// </summary>
    public string SocketPath { get; set; } = string.Empty;

    /// <summary>
    /// Where the nurse page listens, e.g. <c>http://0.0.0.0:8080</c> or <c>http://127.0.0.1:0</c> (a free port, printed
    /// at start); null or empty = no LAN listener. Plain HTTP only: the appliance has no certificate a tablet trusts.
    /// </summary>
    public string? LanUrl { get; set; }

    /// <summary>
    /// File holding the PBKDF2-SHA256 hash of the site PIN (<c>pbkdf2-sha256$iterations$salt$hash</c>, written by
    /// <c>edgectl provision --pin</c>, mode 0600); empty = <c>{Edge:DataDirectory}/pin</c>. Read at each login, so a
    /// new PIN applies without a restart. Missing: the LAN API answers 503 <c>no-pin</c>.
    /// </summary>
    public string PinFile { get; set; } = string.Empty;

    /// <summary>
    /// Demo only: when set and <see cref="PinFile"/> does not exist, the host writes the hash of this PIN there at
    /// start (mode 0600). Six to twelve digits. Never set it on an appliance; <c>edgectl provision --pin</c> is the way.
    /// </summary>
    [RegularExpression("^[0-9]{6,12}$")]
    public string? DemoPin { get; set; }

    /// <summary>A nurse session ends after this many minutes without a request. Default 12 h.</summary>
    [Range(1, 7 * 24 * 60)]
    public int SessionIdleMinutes { get; set; } = 12 * 60;

    /// <summary>Failed PIN attempts allowed per remote address within <see cref="LoginWindowSeconds"/> before 429.</summary>
    [Range(1, 100)]
    public int LoginFailuresAllowed { get; set; } = 5;

    /// <summary>The window of <see cref="LoginFailuresAllowed"/>, in seconds. Default 5 minutes.</summary>
    [Range(1, 24 * 3600)]
    public int LoginWindowSeconds { get; set; } = 300;

    /// <summary>
    /// A device counts as connected while its last stored reading is younger than this; a device that has delivered
    /// nothing since start (or since pairing) counts as connecting, one that went silent as disconnected.
    /// </summary>
    [Range(1, 24 * 3600)]
    public int LinkStaleSeconds { get; set; } = 30;
}
