using System.Threading.Channels;
using MQTTnet;
using MQTTnet.Protocol;

namespace Edge.EndToEnd.Tests.Infrastructure;

/// <summary>A message as a test sees it: copied out of MQTTnet's buffers inside the receive handler.</summary>
public sealed record ReceivedMessage(string Topic, string Payload, MqttQualityOfServiceLevel QualityOfService, bool Retain);

/// <summary>
/// An MQTTnet 5 client for tests (a stand-in cloud consumer or publisher) that queues every received message.
/// Received messages are acknowledged (PUBACK) when they are queued, before a test reads them.
/// </summary>
/// <remarks>Thread-safe as MQTTnet's client is; <see cref="ReceiveAsync"/> expects a single reader.</remarks>
public sealed class MqttTestClient : IAsyncDisposable
{
    // Unbounded: a test that never reads must not stall MQTTnet's receive loop. Single reader (the test); the writer
    // is MQTTnet's dispatcher, not promised to be one thread.
    private readonly Channel<ReceivedMessage> _received =
        Channel.CreateUnbounded<ReceivedMessage>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = false });

    public MqttTestClient()
    {
        Client = new MqttClientFactory().CreateMqttClient();
        Client.ApplicationMessageReceivedAsync += e =>
        {
            var message = e.ApplicationMessage;
            _received.Writer.TryWrite(new ReceivedMessage(message.Topic, message.ConvertPayloadToString(), message.QualityOfServiceLevel, message.Retain));
            return Task.CompletedTask;
        };
    }

    /// <summary>The underlying client, for anything this wrapper does not cover.</summary>
    public IMqttClient Client { get; }

    /// <summary>Connects. A refused connection (bad password) is a result code, not an exception (MQTTnet 5).</summary>
    public Task<MqttClientConnectResult> ConnectAsync(MqttClientOptions options, CancellationToken cancellationToken = default) =>
        Client.ConnectAsync(options, cancellationToken);

    /// <summary>Subscribes at QoS 1 and fails unless the broker granted QoS 1.</summary>
    public async Task SubscribeAsync(string topicFilter, CancellationToken cancellationToken = default)
    {
        var result = await Client.SubscribeAsync(
            new MqttClientSubscribeOptionsBuilder().WithTopicFilter(topicFilter, MqttQualityOfServiceLevel.AtLeastOnce).Build(),
            cancellationToken);
        var code = result.Items.Single().ResultCode;
        if (code != MqttClientSubscribeResultCode.GrantedQoS1)
        {
            throw new InvalidOperationException($"Subscribing to '{topicFilter}' returned {code}.");
        }
    }

    /// <summary>Publishes a UTF-8 payload at QoS 1 and returns once the broker's PUBACK arrived.</summary>
    public Task<MqttClientPublishResult> PublishAsync(string topic, string payload, bool retain = false, CancellationToken cancellationToken = default) =>
        Client.PublishAsync(
            new MqttApplicationMessageBuilder()
                .WithTopic(topic)
                .WithPayload(payload)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .WithRetainFlag(retain)
                .Build(),
            cancellationToken);

    /// <summary>The next received message.</summary>
    /// <exception cref="TimeoutException">Nothing arrived within <paramref name="timeout"/>.</exception>
    public async Task<ReceivedMessage> ReceiveAsync(TimeSpan timeout)
    {
        using var timer = new CancellationTokenSource(timeout, TimeProvider.System);
        try
        {
            return await _received.Reader.ReadAsync(timer.Token);
        }
        catch (OperationCanceledException) when (timer.IsCancellationRequested)
        {
            throw new TimeoutException($"No MQTT message arrived within {timeout.TotalSeconds:0.#} s.");
        }
    }

    /// <summary>Disconnects cleanly if connected (a persistent session stays on the broker), then disposes.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Client.IsConnected)
        {
            await Client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build());
        }

        Client.Dispose();
    }
}
