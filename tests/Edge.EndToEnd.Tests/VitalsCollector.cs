using System.Collections.Concurrent;
using System.Text.Json;
using Edge.EndToEnd.Tests.Infrastructure;
using MQTTnet;
using MQTTnet.Protocol;

namespace Edge.EndToEnd.Tests;

/// <summary>
/// An independent cloud-side consumer: a separate MQTTnet client with a persistent session (QoS 1, clean start off,
/// one hour expiry) so that the broker queues for it across its own restarts. It reconnects by itself and records
/// every item of every batch it receives, duplicates included.
/// </summary>
internal sealed class VitalsCollector : IAsyncDisposable
{
    private readonly MosquittoBroker _broker;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<ReceivedItem> _items = new();
    private readonly Task _loop;
    private long _messages;

    private readonly string _topicFilter;
    private readonly string _clientId;

    private VitalsCollector(MosquittoBroker broker, string topicFilter, string clientId)
    {
        _broker = broker;
        _topicFilter = topicFilter;
        _clientId = clientId;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Every item received, in arrival order, duplicates included.</summary>
    public IReadOnlyCollection<ReceivedItem> Items => _items;

    public long Messages => Interlocked.Read(ref _messages);

    public ISet<Guid> Ids => _items.Select(i => i.Id).ToHashSet();

    public static async Task<VitalsCollector> StartAsync(MosquittoBroker broker, string topicFilter = "edge/#", string clientId = "e2e-collector")
    {
        var collector = new VitalsCollector(broker, topicFilter, clientId);
        var deadline = TimeProvider.System.GetTimestamp();
        while (!collector._subscribed)
        {
            if (TimeProvider.System.GetElapsedTime(deadline) > TimeSpan.FromSeconds(15))
            {
                throw new TimeoutException("The collector did not subscribe within 15 s.");
            }

            await Task.Delay(20);
        }

        return collector;
    }

    private volatile bool _subscribed;

    private async Task RunAsync()
    {
        var factory = new MqttClientFactory();
        while (!_stop.IsCancellationRequested)
        {
            using var client = factory.CreateMqttClient();
            client.ApplicationMessageReceivedAsync += e =>
            {
                Record(e.ApplicationMessage.Topic, e.ApplicationMessage.ConvertPayloadToString());
                return Task.CompletedTask;
            };
            try
            {
                var options = _broker.ClientOptions(_clientId)
                    .WithCleanStart(false)
                    .WithSessionExpiryInterval(3600)
                    .Build();
                if (options.ChannelOptions is MqttClientTcpOptions tcp)
                {
                    tcp.BufferSize = 1024 * 1024;
                }

                var result = await client.ConnectAsync(options, _stop.Token);
                if (result.ResultCode == MqttClientConnectResultCode.Success)
                {
                    await client.SubscribeAsync(
                        factory.CreateSubscribeOptionsBuilder().WithTopicFilter(_topicFilter, MqttQualityOfServiceLevel.AtLeastOnce).Build(),
                        _stop.Token);
                    _subscribed = true;
                    while (client.IsConnected && !_stop.IsCancellationRequested)
                    {
                        await Task.Delay(50, _stop.Token);
                    }
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is MQTTnet.Exceptions.MqttCommunicationException or IOException or System.Net.Sockets.SocketException or InvalidOperationException or OperationCanceledException)
            {
                // The broker is restarting; try again shortly.
            }

            try
            {
                await Task.Delay(100, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>When each id first arrived (test-process timestamp).</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<Guid, long> ArrivedAt { get; } = new();

    private void Record(string topic, string payload)
    {
        var now = TimeProvider.System.GetTimestamp();
        Interlocked.Increment(ref _messages);
        using var doc = JsonDocument.Parse(payload);
        foreach (var item in doc.RootElement.GetProperty("items").EnumerateArray())
        {
            var type = item.GetProperty("type").GetString()!;
            ArrivedAt.TryAdd(item.GetProperty("id").GetGuid(), now);
            _items.Enqueue(new ReceivedItem(
                topic,
                item.GetProperty("id").GetGuid(),
                type,
                type == "reading" ? item.GetProperty("device").GetString() : null,
                type == "reading" ? item.GetProperty("seq").GetInt64() : 0,
                item.GetProperty("patient").GetString()!,
                type == "reading" ? item.GetProperty("value").GetDouble() : null));
        }
    }

    /// <summary>Waits until every id in <paramref name="expected"/> has been received.</summary>
    public async Task WaitForAllAsync(IReadOnlyCollection<Guid> expected, TimeSpan timeout)
    {
        var start = TimeProvider.System.GetTimestamp();
        while (true)
        {
            var missing = expected.Count - expected.Count(Ids.Contains);
            if (missing == 0)
            {
                return;
            }

            if (TimeProvider.System.GetElapsedTime(start) > timeout)
            {
                throw new TimeoutException($"{missing} of {expected.Count} acknowledged items never reached the subscriber.");
            }

            await Task.Delay(200);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        _stop.Dispose();
    }
}

/// <summary>One item of a received batch.</summary>
internal sealed record ReceivedItem(string Topic, Guid Id, string Type, string? Device, long Seq, string Patient, double? Value);
