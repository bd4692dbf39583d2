using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Edge.Core;
using Edge.Sync.Outbox;
using Edge.Sync.Wire;
using Edge.Sync.Uplink;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Edge.Sync.Dialects;

/// <summary>
/// The Azure IoT Hub MQTT dialect, spoken with MQTTnet: client id = device id, user name
/// <c>{hub}/{deviceId}/?api-version=2021-04-12</c>, password a SAS token, telemetry on
/// <c>devices/{deviceId}/messages/events/{property bag}</c>, MQTT 3.1.1, QoS 1 only, one connection per device id.
/// </summary>
/// <remarks>
/// A SAS token is minted only while the clock is trusted: its expiry is wall-clock time, and a token minted on a
/// clock stuck in 1970 is refused by the hub, while one minted on a clock far in the future is a long-lived secret.
/// The uplink re-mints <see cref="IotHubOptions.RenewBefore"/> before expiry with a clean reconnect between batches.
/// </remarks>
public sealed class IotHubDialect : IUplinkDialect
{
    /// <summary>The IoT Hub MQTT API version in the user name.</summary>
    public const string ApiVersion = "2021-04-12";

    private readonly IotHubOptions _options;
    private readonly TimeProvider _time;
    private readonly Func<bool> _clockTrusted;

    public IotHubDialect(IotHubOptions options, TimeProvider time, Func<bool> clockTrusted)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(clockTrusted);
        _options = options;
        _time = time;
        _clockTrusted = clockTrusted;
    }

    public string? BlockedReason => _clockTrusted() ? null : "waiting for a trusted clock to mint a SAS token";

    public DateTimeOffset? CredentialsExpireAt { get; private set; }

    /// <summary>The MQTT user name for a device.</summary>
    public static string UserName(string hostName, string deviceId) => $"{hostName}/{deviceId}/?api-version={ApiVersion}";

    /// <summary>The telemetry topic with its URL-encoded property bag.</summary>
    public static string TelemetryTopic(string deviceId, IEnumerable<KeyValuePair<string, string>> properties)
    {
        ArgumentNullException.ThrowIfNull(properties);
        // System property names ($.mid, $.ct, ...) stand literally, as in Microsoft's examples; values are encoded.
        var bag = string.Join('&', properties.Select(p => (p.Key.StartsWith("$.", StringComparison.Ordinal) ? p.Key : Encode(p.Key)) + "=" + Encode(p.Value)));
        return $"devices/{deviceId}/messages/events/{bag}";
    }

    /// <summary>
    /// A device SAS token: <c>SharedAccessSignature sr={URL-encoded resource}&amp;sig={URL-encoded base64
    /// HMAC-SHA256 of "{URL-encoded resource}\n{expiry}"}&amp;se={expiry, Unix seconds}</c>, resource =
    /// <c>{hub}/devices/{deviceId}</c>, keyed with the base64-decoded device key.
    /// </summary>
    public static string SasToken(string hostName, string deviceId, string base64Key, DateTimeOffset expiresAt)
    {
        var resource = Encode($"{hostName}/devices/{deviceId}");
        var expiry = expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signature = HMACSHA256.HashData(Convert.FromBase64String(base64Key), Encoding.UTF8.GetBytes(resource + "\n" + expiry));
        return $"SharedAccessSignature sr={resource}&sig={Encode(Convert.ToBase64String(signature))}&se={expiry}";
    }

    public void Configure(MqttClientOptionsBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (BlockedReason is { } reason)
        {
            throw new InvalidOperationException(reason);
        }

        var key = File.ReadAllText(_options.SharedAccessKeyFile!).Trim();
        var expires = _time.GetUtcNow() + _options.TokenLifetime;
        builder
            .WithClientId(_options.DeviceId)
            .WithProtocolVersion(MqttProtocolVersion.V311)
            .WithCredentials(UserName(_options.HostName!, _options.DeviceId!), SasToken(_options.HostName!, _options.DeviceId!, key, expires));
        CredentialsExpireAt = expires;
    }

    public MqttApplicationMessage BuildMessage(DataClass dataClass, IReadOnlyList<WireItem> items, byte[] payload, IPayloadFormat format, string? contentEncoding)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(format);
        var properties = new List<KeyValuePair<string, string>>
        {
            new("$.mid", BatchId(items).ToString("D", CultureInfo.InvariantCulture)),
            new("$.ct", format.ContentType),
            new("$.ce", contentEncoding ?? "utf-8"),
            new("class", OutboxClasses.Name(dataClass)),
        };
        return new MqttApplicationMessageBuilder()
            .WithTopic(TelemetryTopic(_options.DeviceId!, properties))
            .WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
    }

    /// <summary>
    /// The message id of a batch: a name-based UUID of its item ids, so a retry of the same items carries the same
    /// <c>$.mid</c>. Each item also carries its own stable id in the payload.
    /// </summary>
    public static Guid BatchId(IReadOnlyList<WireItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var bytes = new byte[items.Count * 16];
        for (var i = 0; i < items.Count; i++)
        {
            items[i].Item.MessageId.TryWriteBytes(bytes.AsSpan(i * 16));
        }

        var hash = SHA256.HashData(bytes);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80); // version 8: custom
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }

    private static string Encode(string value) => WebUtility.UrlEncode(value).Replace("+", "%20", StringComparison.Ordinal);
}
