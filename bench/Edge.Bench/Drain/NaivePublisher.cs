using Edge.Core;
using Edge.Sync.Dialects;
using Edge.Sync.Outbox;
using Edge.Sync.Wire;
using MQTTnet;
using MQTTnet.Formatter;

namespace Edge.Bench.Drain;

/// <summary>
/// Baseline (a): what a naive gateway does. One MQTTnet client with its defaults (MQTT 5, clean session), one QoS 1
/// message per reading, each <c>PublishAsync</c> awaited before the next. The messages (same wire payload and user
/// properties as the uplink, one reading each) are built before the clock starts, so this measures transport only and
/// flatters the baseline.
/// </summary>
internal static class NaivePublisher
{
    private static readonly EdgeJsonFormat Format = new(new SiteOptions());

    public static async Task<(int Published, TimeSpan Elapsed, TimeSpan ConnectToFirstPuback)> RunAsync(
        LocalMosquitto broker, GenericMqttDialect dialect, IReadOnlyList<(StoredItem Item, byte[] Payload)> singles)
    {
        var messages = singles.Select(s => dialect.BuildMessage(DataClass.Vitals, [new WireItem(s.Item.Item, WireFields.None)], s.Payload, Format, null)).ToList();
        using var client = new MqttClientFactory().CreateMqttClient();
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer(broker.Host, broker.Port)
            .WithClientId("bench-naive")
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithCleanSession(true)
            .Build();
        var started = TimeProvider.System.GetTimestamp();
        var connect = await client.ConnectAsync(options);
        if (connect.ResultCode != MqttClientConnectResultCode.Success)
        {
            throw new InvalidOperationException($"naive publisher refused: {connect.ResultCode}");
        }

        TimeSpan first = default;
        var publishing = TimeProvider.System.GetTimestamp();
        for (var i = 0; i < messages.Count; i++)
        {
            var result = await client.PublishAsync(messages[i]);
            if (result.ReasonCode is not (MqttClientPublishReasonCode.Success or MqttClientPublishReasonCode.NoMatchingSubscribers))
            {
                throw new InvalidOperationException($"naive publish rejected: {result.ReasonCode}");
            }

            if (i == 0)
            {
                first = TimeProvider.System.GetElapsedTime(started);
            }
        }

        var elapsed = TimeProvider.System.GetElapsedTime(publishing);
        await client.DisconnectAsync();
        return (messages.Count, elapsed, first);
    }
}
