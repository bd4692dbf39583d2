using System.ComponentModel.DataAnnotations;
using Edge.Sync.Lanes;

namespace Edge.Sync.Uplink;

/// <summary>Options of the MQTT uplink (section <c>Edge:Uplink</c>). Defaults suit the in-process demo broker.</summary>
public sealed class UplinkOptions : IValidatableObject
{
    /// <summary>The broker dialect: <c>mqtt</c> (generic MQTT 3.1.1/5) or <c>iothub</c> (Azure IoT Hub).</summary>
    [RegularExpression("^(mqtt|iothub)$")]
    public string Dialect { get; set; } = "mqtt";

    /// <summary>The destination's id: named by residency rules, the audit log and status. Topic-safe.</summary>
    [Required]
    [RegularExpression("^[a-z0-9][a-z0-9_-]{0,62}$")]
    public string Id { get; set; } = "cloud";

    /// <summary>Where the destination processes data (e.g. <c>eu-de</c>, <c>au-east</c>, <c>us-east-1</c>); residency rules match it.</summary>
    [Required]
    [RegularExpression("^[a-z0-9][a-z0-9_-]{0,62}$")]
    public string Region { get; set; } = "local";

    /// <summary>What the destination uses the data for (e.g. <c>care</c>, <c>research</c>); residency rules match it.</summary>
    [Required]
    [RegularExpression("^[a-z0-9][a-z0-9_-]{0,62}$")]
    public string Purpose { get; set; } = "care";

    /// <summary>Payload format: <c>edge-json</c> (compact, fits iomt-fhir templates) or <c>fhir-r4</c> (Bundle of Observations).</summary>
    [RegularExpression("^(edge-json|fhir-r4)$")]
    public string Format { get; set; } = "edge-json";

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

    /// <summary>PEM client certificate for mutual TLS; with <see cref="ClientKeyFile"/>.</summary>
    public string? ClientCertFile { get; set; }

    /// <summary>PEM private key of <see cref="ClientCertFile"/> (mode 0600).</summary>
    public string? ClientKeyFile { get; set; }

    /// <summary>Host name to check the broker certificate against; defaults to <see cref="Host"/>.</summary>
    public string? TlsServerName { get; set; }

    /// <summary>Most readings in one MQTT message.</summary>
    [Range(1, 5000)]
    public int BatchSize { get; set; } = 100;

    /// <summary>Largest MQTT payload. Well under IoT Hub's 256 KB; an item that alone exceeds it is dead-lettered.</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int MaxMessageBytes { get; set; } = 128 * 1024;

    /// <summary>Payload compression: <c>none</c> or <c>gzip</c> (declared as content encoding).</summary>
    [RegularExpression("^(none|gzip)$")]
    public string Compression { get; set; } = "none";

    /// <summary>
    /// Progress watchdog: with a backlog and the link up, if no PUBACK arrives for this long the client is recycled
    /// (disconnect, reconnect, resend). The process is never restarted for this.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ProgressTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Lane sharing between alarms, live and backfill.</summary>
    public LaneOptions Lanes { get; set; } = new();

    /// <summary>IoT Hub identity, for <see cref="Dialect"/> <c>iothub</c>.</summary>
    public IotHubOptions IotHub { get; set; } = new();

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

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (child, name) in new object[] { Lanes, IotHub }.Zip([nameof(Lanes), nameof(IotHub)]))
        {
            var results = new List<ValidationResult>();
            if (!Validator.TryValidateObject(child, new ValidationContext(child), results, validateAllProperties: true))
            {
                foreach (var r in results)
                {
                    yield return new ValidationResult($"{name}:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}", [name]);
                }
            }
        }

        if (Dialect == "iothub")
        {
            if (string.IsNullOrEmpty(IotHub.HostName) || string.IsNullOrEmpty(IotHub.DeviceId) || string.IsNullOrEmpty(IotHub.SharedAccessKeyFile))
            {
                yield return new ValidationResult("IotHub:HostName, IotHub:DeviceId and IotHub:SharedAccessKeyFile are required for the iothub dialect.", [nameof(IotHub)]);
            }

            if (!UseTls)
            {
                yield return new ValidationResult("UseTls must be true for the iothub dialect (IoT Hub accepts MQTT over TLS only).", [nameof(UseTls)]);
            }
        }

        if ((ClientCertFile is null) != (ClientKeyFile is null))
        {
            yield return new ValidationResult("ClientCertFile and ClientKeyFile go together.", [nameof(ClientCertFile)]);
        }

        if (ReconnectCap < ReconnectBase)
        {
            yield return new ValidationResult("ReconnectCap must not be below ReconnectBase.", [nameof(ReconnectCap)]);
        }
    }
}
