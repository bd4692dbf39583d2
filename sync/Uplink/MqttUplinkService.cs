using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Edge.Core;
using Edge.Sync.Outbox;
using Edge.Sync.Wire;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Exceptions;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Edge.Sync.Uplink;

/// <summary>
/// Owns the one MQTT connection to a destination and drains the outbox over it: QoS 1, batched, with a bounded
/// in-flight window. An item leaves the outbox only after the broker's PUBACK for the message that carried it.
/// </summary>
/// <remarks>
/// This loop is the only place that connects: MQTTnet 5 has no managed client, and reconnecting from inside a
/// Disconnected event races with this loop. On any failure the client is discarded, the loop backs off with full
/// jitter and starts over from the oldest unacknowledged item, reusing every message id (at least once).
/// </remarks>
public sealed class MqttUplinkService : BackgroundService
{
    private readonly OutboxStore _outbox;
    private readonly UplinkOptions _options;
    private readonly SiteOptions _site;
    private readonly Topics _topics;
    private readonly WirePayloadWriter _payloads;
    private readonly UplinkStatus _status;
    private readonly TimeProvider _time;
    private readonly ILogger<MqttUplinkService> _logger;

    public MqttUplinkService(
        OutboxStore outbox,
        IOptions<UplinkOptions> options,
        IOptions<SiteOptions> site,
        UplinkStatus status,
        TimeProvider time,
        ILogger<MqttUplinkService> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(site);
        _outbox = outbox;
        _options = options.Value;
        _site = site.Value;
        _topics = new Topics(_site);
        _payloads = new WirePayloadWriter(_site);
        _status = status;
        _time = time;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = new FullJitterBackoff(_options.ReconnectBase, _options.ReconnectCap, new Random());
        var factory = new MqttClientFactory();
        var connectedOnce = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            string reason;
            using (var client = factory.CreateMqttClient())
            {
                try
                {
                    _status.State = UplinkState.Connecting;
                    var result = await client.ConnectAsync(BuildClientOptions(), stoppingToken);
                    if (result.ResultCode != MqttClientConnectResultCode.Success)
                    {
                        // MQTTnet reports a refused CONNACK as a result, not an exception.
                        _status.State = result.ResultCode is MqttClientConnectResultCode.NotAuthorized or MqttClientConnectResultCode.BadUserNameOrPassword
                            ? UplinkState.NotAuthorized
                            : UplinkState.Refused;
                        SyncLog.UplinkRefused(_logger, result.ResultCode.ToString());
                        await DelayAsync(backoff.Next(), stoppingToken);
                        continue;
                    }

                    _status.State = UplinkState.Connected;
                    if (connectedOnce)
                    {
                        _status.CountReconnect();
                    }

                    connectedOnce = true;
                    backoff.Reset();
                    SyncLog.UplinkConnected(_logger, $"{_options.Host}:{_options.Port}", _options.Protocol);
                    await DrainAsync(client, stoppingToken);
                    reason = "connection closed";
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    await TryDisconnectAsync(client);
                    break;
                }
                catch (Exception ex) when (IsTransportFailure(ex))
                {
                    reason = ex.GetType().Name;
                }
            }

            _status.State = UplinkState.Disconnected;
            var delay = backoff.Next();
            SyncLog.UplinkLost(_logger, reason, (long)delay.TotalMilliseconds);
            await DelayAsync(delay, stoppingToken);
        }

        _status.State = UplinkState.Stopped;
        SyncLog.UplinkStopped(_logger);
    }

    private async Task DrainAsync(IMqttClient client, CancellationToken stoppingToken)
    {
        // Start from the oldest unacknowledged item on every connection: anything in flight on the previous one
        // may or may not have arrived, so it is sent again with the same ids.
        long cursor = 0;
        var chunk = _options.BatchSize * _options.MaxInFlight;
        while (client.IsConnected)
        {
            stoppingToken.ThrowIfCancellationRequested();
            var items = _outbox.ReadAfter(cursor, chunk);
            if (items.Count == 0)
            {
                await _outbox.WaitForAppendAsync(TimeSpan.FromSeconds(1), stoppingToken);
                continue;
            }

            await PublishChunkAsync(client, items, stoppingToken);
            cursor = items[^1].Position;
        }
    }

    private async Task PublishChunkAsync(IMqttClient client, IReadOnlyList<StoredItem> items, CancellationToken stoppingToken)
    {
        // Alarms go first within the chunk; each message holds one data class.
        var messages = new List<(string Topic, List<StoredItem> Items)>();
        foreach (var dataClass in new[] { DataClass.Alarm, DataClass.Vitals, DataClass.Waveform, DataClass.DeviceEvent, DataClass.Diagnostics })
        {
            List<StoredItem>? current = null;
            foreach (var item in items)
            {
                if (item.Item.Class != dataClass)
                {
                    continue;
                }

                if (current is null || current.Count == _options.BatchSize)
                {
                    current = new List<StoredItem>(_options.BatchSize);
                    messages.Add((_topics.For(dataClass), current));
                }

                current.Add(item);
            }
        }

        using var window = new SemaphoreSlim(_options.MaxInFlight, _options.MaxInFlight);
        var pending = new List<Task<bool>>(messages.Count);
        foreach (var (topic, batch) in messages)
        {
            await window.WaitAsync(stoppingToken);
            var payload = _payloads.Write(batch, _time.GetUtcNow());
            pending.Add(PublishOneAsync(client, topic, payload, batch.Count, window, stoppingToken));
        }

        var acked = new List<long>(items.Count);
        var ackedMessages = 0;
        Exception? failure = null;
        for (var i = 0; i < pending.Count; i++)
        {
            try
            {
                if (await pending[i])
                {
                    acked.AddRange(messages[i].Items.Select(s => s.Position));
                    ackedMessages++;
                }
            }
            catch (Exception ex) when (IsTransportFailure(ex) || ex is OperationCanceledException)
            {
                failure ??= ex;
            }
        }

        // Remove what the broker acknowledged even when the chunk failed part-way, so a reconnect resends less.
        _outbox.Remove(acked);
        _status.AddAcked(acked.Count, ackedMessages);
        if (failure is not null)
        {
            throw failure;
        }
    }

    private async Task<bool> PublishOneAsync(IMqttClient client, string topic, byte[] payload, int count, SemaphoreSlim window, CancellationToken stoppingToken)
    {
        try
        {
            var message = new MqttApplicationMessageBuilder()
                .WithTopic(topic)
                .WithPayload(payload)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .WithContentType("application/json")
                .Build();
            var result = await client.PublishAsync(message, stoppingToken);

            // MQTT 5 brokers answer "no matching subscribers" when nobody listens yet: the broker still took it.
            if (result.ReasonCode is MqttClientPublishReasonCode.Success or MqttClientPublishReasonCode.NoMatchingSubscribers)
            {
                return true;
            }

            SyncLog.PublishRejected(_logger, count, result.ReasonCode.ToString());
            return false;
        }
        finally
        {
            window.Release();
        }
    }

    private MqttClientOptions BuildClientOptions()
    {
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(_options.Host, _options.Port)
            .WithClientId(string.IsNullOrEmpty(_options.ClientId) ? _site.Gateway + "-uplink" : _options.ClientId)
            .WithProtocolVersion(_options.Protocol == "3.1.1" ? MqttProtocolVersion.V311 : MqttProtocolVersion.V500)
            .WithCleanSession(true)
            .WithKeepAlivePeriod(_options.KeepAlive)
            .WithTimeout(_options.Timeout);

        if (_options.Username is { Length: > 0 } user)
        {
            var password = _options.PasswordFile is { Length: > 0 } file
                ? File.ReadAllText(file).TrimEnd('\r', '\n')
                : _options.Password ?? string.Empty;
            builder.WithCredentials(user, password);
        }

        if (_options.UseTls)
        {
            builder.WithTlsOptions(tls =>
            {
                tls.UseTls()
                    .WithSslProtocols(SslProtocols.Tls12 | SslProtocols.Tls13)
                    .WithTargetHost(_options.TlsServerName ?? _options.Host);
                if (_options.CaFile is { Length: > 0 } caFile)
                {
                    tls.WithTrustChain(new X509Certificate2Collection(X509CertificateLoader.LoadCertificateFromFile(caFile)));
                }
            });
        }

        var options = builder.Build();
        if (options.ChannelOptions is MqttClientTcpOptions tcp)
        {
            tcp.BufferSize = _options.SocketBufferBytes;
            tcp.NoDelay = true;
        }

        return options;
    }

    private static bool IsTransportFailure(Exception ex) =>
        ex is MqttCommunicationException or SocketException or IOException or AuthenticationException
            or TimeoutException or ObjectDisposedException or InvalidOperationException
            || (ex is OperationCanceledException && ex.InnerException is TimeoutException);

    private async Task DelayAsync(TimeSpan delay, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(delay, _time, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private static async Task TryDisconnectAsync(IMqttClient client)
    {
        if (!client.IsConnected)
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), timeout.Token);
        }
        catch (Exception ex) when (IsTransportFailure(ex) || ex is OperationCanceledException)
        {
            // Best effort on shutdown; the broker will notice the closed socket.
        }
    }
}
