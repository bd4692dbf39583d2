using System.ComponentModel.DataAnnotations;

namespace Edge.Sync.Uplink;

/// <summary>Options of the MQTT uplink (section <c>Edge:Uplink</c>). Defaults suit the in-process demo broker.</summary>
public sealed class UplinkOptions
{
    /// <summary>Broker host name or address.</summary>
    [Required]
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>Broker TCP port.</summary>
    [Range(1, 65535)]
    public int Port { get; set; } = 18830;

    /// <summary>MQTT protocol version: <c>5</c> or <c>3.1.1</c>.</summary>
    [RegularExpression("^(5|3\\.1\\.1)$")]
    public string Protocol { get; set; } = "5";

    /// <summary>MQTT client id. Empty means <c>{gateway}-uplink</c>.</summary>
    public string? ClientId { get; set; }

    /// <summary>User name; null for anonymous.</summary>
    public string? Username { get; set; }

    /// <summary>A file holding the password (mode 0600). Preferred over <see cref="Password"/>.</summary>
    public string? PasswordFile { get; set; }

    /// <summary>The password inline; for demos and tests only.</summary>
    public string? Password { get; set; }

    /// <summary>Use TLS 1.2 or newer.</summary>
    public bool UseTls { get; set; }

    /// <summary>PEM file of the CA that signed the broker certificate; when set, only this CA is trusted.</summary>
    public string? CaFile { get; set; }

    /// <summary>Host name to check the broker certificate against; defaults to <see cref="Host"/>.</summary>
    public string? TlsServerName { get; set; }

    /// <summary>Most readings in one MQTT message.</summary>
    [Range(1, 5000)]
    public int BatchSize { get; set; } = 100;

    /// <summary>Most QoS 1 messages awaiting PUBACK at once.</summary>
    [Range(1, 1000)]
    public int MaxInFlight { get; set; } = 32;

    /// <summary>First reconnect delay ceiling; the delay is drawn uniformly below a ceiling that doubles per failure.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan ReconnectBase { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Largest reconnect delay ceiling.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan ReconnectCap { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>MQTT keep-alive.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:30:00")]
    public TimeSpan KeepAlive { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Connect and publish timeout.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Socket send/receive buffer in bytes. MQTTnet's 8 KiB default switches off TCP window scaling, and throughput
    /// collapses when the peer falls behind, so it is always set explicitly.
    /// </summary>
    [Range(65_536, 16 * 1024 * 1024)]
    public int SocketBufferBytes { get; set; } = 1024 * 1024;
}
