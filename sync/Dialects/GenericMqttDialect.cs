using Edge.Core;
using Edge.Sync.Outbox;
using Edge.Sync.Uplink;
using Edge.Sync.Wire;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Edge.Sync.Dialects;

/// <summary>
/// Plain MQTT 3.1.1 or 5 (mosquitto, EMQX, HiveMQ, RabbitMQ): topics <c>edge/v1/{tenant}/{site}/{gateway}/{stream}</c>,
/// user name and password from configuration, and on MQTT 5 the content type and encoding as message properties.
/// </summary>
public sealed class GenericMqttDialect : IUplinkDialect
{
    private readonly UplinkOptions _options;
    private readonly SiteOptions _site;
    private readonly Topics _topics;

    public GenericMqttDialect(UplinkOptions options, SiteOptions site)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(site);
        _options = options;
        _site = site;
        _topics = new Topics(site);
    }

    public string? BlockedReason => null;

    public DateTimeOffset? CredentialsExpireAt => null;

    public void Configure(MqttClientOptionsBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder
            .WithClientId(string.IsNullOrEmpty(_options.ClientId) ? _site.Gateway + "-uplink" : _options.ClientId)
            .WithProtocolVersion(_options.Protocol == "3.1.1" ? MqttProtocolVersion.V311 : MqttProtocolVersion.V500);
        if (_options.Username is { Length: > 0 } user)
        {
            var password = _options.PasswordFile is { Length: > 0 } file
                ? File.ReadAllText(file).TrimEnd('\r', '\n')
                : _options.Password ?? string.Empty;
            builder.WithCredentials(user, password);
        }
    }

    public MqttApplicationMessage BuildMessage(DataClass dataClass, IReadOnlyList<WireItem> items, byte[] payload, IPayloadFormat format, string? contentEncoding)
    {
        ArgumentNullException.ThrowIfNull(format);
        var builder = new MqttApplicationMessageBuilder()
            .WithTopic(_topics.For(dataClass))
            .WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithContentType(format.ContentType)
            .WithUserProperty("schema", Utf8(format.Schema))
            .WithUserProperty("class", Utf8(OutboxClasses.Name(dataClass)));
        if (contentEncoding is not null)
        {
            builder.WithUserProperty("content-encoding", Utf8(contentEncoding));
        }

        return builder.Build();
    }

    private static ReadOnlyMemory<byte> Utf8(string value) => System.Text.Encoding.UTF8.GetBytes(value);
}
