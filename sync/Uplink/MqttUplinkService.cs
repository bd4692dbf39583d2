using System.IO.Compression;
using System.Net.Sockets;
using System.Security.Authentication;
using Edge.Core.Progress;
using Edge.Sync.Dialects;
using Edge.Sync.Lanes;
using Edge.Sync.Outbox;
using Edge.Sync.Residency;
using Edge.Sync.Wire;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Exceptions;

namespace Edge.Sync.Uplink;

/// <summary>
/// Owns the one MQTT connection to one destination and drains the outbox over it: lanes (alarms, live, backfill),
/// QoS 1 batches under a byte cap, a bounded in-flight window, a progress watchdog, dead letters for permanent
/// rejections. Every item passes the residency gate's send-time re-check on its way out; what the gate withholds is
/// released for this destination without being sent. An item leaves the outbox only after every destination it was
/// stamped for is done with it, and for this destination only after the broker's PUBACK for the message that carried it.
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
    private readonly IUplinkDialect _dialect;
    private readonly ResidencyGate _gate;
    private readonly IPayloadFormat _format;
    private readonly SemaphoreSlim _appended;
    private readonly UplinkStatus _status;
    private readonly DeadLetterStore _deadLetters;
    private readonly SyncMetrics? _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<MqttUplinkService> _logger;
    private readonly LaneScheduler _lanes;
    private readonly PipelineHeartbeats? _heartbeats;
    private readonly string _stage;

    public MqttUplinkService(
        OutboxStore outbox,
        IOptions<UplinkOptions> options,
        IOptions<SiteOptions> site,
        IUplinkDialect dialect,
        ResidencyGate gate,
        UplinkStatus status,
        DeadLetterStore deadLetters,
        TimeProvider time,
        ILogger<MqttUplinkService> logger,
        SyncMetrics? metrics = null,
        PipelineHeartbeats? heartbeats = null,
        bool primary = true)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(site);
        _outbox = outbox;
        _options = options.Value;
        ArgumentNullException.ThrowIfNull(outbox);
        _dialect = dialect;
        _gate = gate;
        _format = PayloadFormats.Create(_options.Format, site.Value);
        _appended = outbox.CreateAppendSignal();
        _status = status;
        _deadLetters = deadLetters;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _lanes = new LaneScheduler(outbox, _options.Lanes, time, _options.Id);
        _heartbeats = heartbeats;
        _stage = primary ? PipelineStages.Uplink : PipelineStages.Uplink + ":" + _options.Id;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = new FullJitterBackoff(_options.ReconnectBase, _options.ReconnectCap, new Random());
        var factory = new MqttClientFactory();
        var connectedOnce = false;

        // The loop beats on every turn; the longest legitimate wait without a beat is one connect attempt, one chunk's
        // PUBACK watchdog or one backoff delay, so the deadline covers the longest of those with a margin.
        var longest = new[] { _options.Timeout, _options.ProgressTimeout, _options.ReconnectCap, TimeSpan.FromSeconds(5) }.Max();
        _heartbeats?.Register(_stage, longest + TimeSpan.FromSeconds(30));
        while (!stoppingToken.IsCancellationRequested)
        {
            _heartbeats?.Beat(_stage);
            if (_dialect.BlockedReason is { } blocked)
            {
                _status.State = UplinkState.Blocked;
                _status.LastError = blocked;
                await DelayAsync(TimeSpan.FromSeconds(5), stoppingToken);
                continue;
            }

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
                        _status.LastError = result.ResultCode.ToString();
                        _status.CountConnectFailure();
                        SyncLog.UplinkRefused(_logger, result.ResultCode.ToString());
                        await DelayAsync(backoff.Next(), stoppingToken);
                        continue;
                    }

                    _status.State = UplinkState.Connected;
                    _status.LastError = null;
                    if (connectedOnce)
                    {
                        _status.CountReconnect();
                    }

                    connectedOnce = true;
                    backoff.Reset();
                    SyncLog.UplinkConnected(_logger, $"{_options.Host}:{_options.Port}", _options.Protocol);
                    reason = await DrainAsync(client, stoppingToken);
                    await TryDisconnectAsync(client);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    await TryDisconnectAsync(client);
                    break;
                }
                catch (Exception ex) when (IsTransportFailure(ex))
                {
                    reason = Cause(ex);
                    _status.LastError = reason;
                    if (_status.State == UplinkState.Connecting)
                    {
                        _status.CountConnectFailure();
                    }
                }
            }

            // A failed TLS handshake is its own state: a field tech fixes it with a certificate, not by waiting.
            _status.State = _status.LastError is nameof(AuthenticationException)
                ? UplinkState.CertificateRejected
                : UplinkState.Disconnected;

            // A planned reconnect (token renewal) goes straight back; a failure backs off with full jitter.
            var delay = reason == RenewReason ? TimeSpan.Zero : backoff.Next();
            SyncLog.UplinkLost(_logger, reason, (long)delay.TotalMilliseconds);
            await DelayAsync(delay, stoppingToken);
        }

        _heartbeats?.Retire(_stage);
        _status.State = UplinkState.Stopped;
        SyncLog.UplinkStopped(_logger);
    }

    private const string RenewReason = "credentials renewal";

    private async Task<string> DrainAsync(IMqttClient client, CancellationToken stoppingToken)
    {
        // Everything queued before this connection is backfill; what arrives from now on is live.
        _lanes.Reset(_outbox.LastPosition);
        var chunk = _options.BatchSize * _options.MaxInFlight;
        while (client.IsConnected)
        {
            _heartbeats?.Beat(_stage);
            stoppingToken.ThrowIfCancellationRequested();
            if (_dialect.CredentialsExpireAt is { } expires && expires - _time.GetUtcNow() < _options.IotHub.RenewBefore)
            {
                return RenewReason;
            }

            var items = _lanes.Next(chunk);
            if (items.Count == 0)
            {
                await _appended.WaitAsync(TimeSpan.FromSeconds(1), stoppingToken);
                continue;
            }

            await PublishChunkAsync(client, items, stoppingToken);
        }

        return "connection closed";
    }

    private async Task PublishChunkAsync(IMqttClient client, IReadOnlyList<LaneItem> picked, CancellationToken stoppingToken)
    {
        var items = Release(picked);
        if (items.Count == 0)
        {
            return;
        }

        var messages = BuildMessages(items);

        // The progress watchdog: every PUBACK of this chunk must arrive within ProgressTimeout, or the client is
        // recycled. A broker that accepts the connection but stops acknowledging would otherwise stall us forever.
        using var watchdog = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        watchdog.CancelAfter(_options.ProgressTimeout);
        using var window = new SemaphoreSlim(_options.MaxInFlight, _options.MaxInFlight);
        var pending = new List<Task<MqttClientPublishResult>>(messages.Count);
        Exception? failure = null;
        try
        {
            foreach (var message in messages)
            {
                await window.WaitAsync(watchdog.Token);
                pending.Add(PublishOneAsync(client, message.Message, window, watchdog.Token));
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException || IsTransportFailure(ex))
        {
            failure = ex;
        }

        var acked = new List<StoredItem>(items.Count);
        var ackedMessages = 0;
        var retryLater = false;
        for (var i = 0; i < pending.Count; i++)
        {
            try
            {
                var result = await pending[i];
                var message = messages[i];
                if (result.ReasonCode is MqttClientPublishReasonCode.Success or MqttClientPublishReasonCode.NoMatchingSubscribers)
                {
                    acked.AddRange(message.Items.Select(o => o.Stored));
                    ackedMessages++;
                    _metrics?.Sent(message.Lane, message.Items.Count);
                }
                else if (IsPermanent(result.ReasonCode))
                {
                    DeadLetter(message.Items, "rejected:" + result.ReasonCode);
                }
                else
                {
                    SyncLog.PublishRejected(_logger, message.Items.Count, result.ReasonCode.ToString());
                    retryLater = true;
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException || IsTransportFailure(ex))
            {
                failure ??= ex;
            }
        }

        // Remove what the broker acknowledged even when the chunk failed part-way, so a reconnect resends less.
        _outbox.Acknowledge(_options.Id, acked);
        _status.AddAcked(acked.Count, ackedMessages);
        // MQTTnet turns a cancelled PUBACK wait into its own timeout exception, so ask the watchdog, not the type.
        if (failure is not null && watchdog.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
        {
            _metrics?.WatchdogRecycle();
            SyncLog.WatchdogRecycle(_logger, (long)_options.ProgressTimeout.TotalMilliseconds);
            throw new TimeoutException("No PUBACK within the progress timeout.", failure);
        }

        if (failure is not null)
        {
            throw failure;
        }

        if (retryLater)
        {
            // The broker said "not now" (quota, busy): reconnect with backoff and start over from the oldest item.
            throw new MqttCommunicationException("The broker asked to retry later.");
        }
    }

    /// <summary>
    /// The send-time residency re-check: what the gate allows goes on with its transforms applied; what it withholds
    /// is released for this destination now (it will never be sent here) and counted.
    /// </summary>
    private List<Outgoing> Release(IReadOnlyList<LaneItem> picked)
    {
        var allowed = new List<Outgoing>(picked.Count);
        List<StoredItem>? withheld = null;
        foreach (var item in picked)
        {
            if (_gate.TryRelease(item.Stored.Item, _options.Id, out var wire))
            {
                allowed.Add(new Outgoing(item.Stored, item.Lane, wire));
            }
            else
            {
                (withheld ??= []).Add(item.Stored);
            }
        }

        if (withheld is not null)
        {
            _outbox.Acknowledge(_options.Id, withheld);
            foreach (var group in withheld.GroupBy(i => i.Item.Class))
            {
                _outbox.Counters.Add(group.Key, "residency_withheld", group.Count());
            }

            _metrics?.Withheld(withheld.Count);
        }

        return allowed;
    }

    private List<OutgoingMessage> BuildMessages(List<Outgoing> items)
    {
        var messages = new List<OutgoingMessage>();
        var now = _time.GetUtcNow();
        foreach (var group in items.GroupBy(i => (i.Lane, i.Stored.Item.Class)))
        {
            var batch = group.ToList();
            var wires = batch.Select(o => o.Wire).ToList();
            var start = 0;
            while (start < batch.Count)
            {
                var taken = _format.WriteBatch(wires, start, _options.BatchSize, _options.MaxMessageBytes, now, out var payload);
                if (taken == 0)
                {
                    DeadLetter([batch[start]], "too-large");
                    start++;
                    continue;
                }

                var slice = batch.GetRange(start, taken);
                string? encoding = null;
                if (_options.Compression == "gzip")
                {
                    payload = Gzip(payload);
                    encoding = "gzip";
                }

                var message = _dialect.BuildMessage(group.Key.Class, wires.GetRange(start, taken), payload, _format, encoding);
                messages.Add(new OutgoingMessage(group.Key.Lane, slice, message));
                start += taken;
            }
        }

        return messages;
    }

    private void DeadLetter(IReadOnlyList<Outgoing> items, string reason)
    {
        var byPosition = items.ToDictionary(o => o.Stored.Position, o => o.Wire);
        DeadLetter(items.Select(o => o.Stored).ToList(), reason, stored => _format.WriteSingle(byPosition[stored.Position]));
    }

    private void DeadLetter(List<StoredItem> items, string reason, Func<StoredItem, byte[]> render)
    {
        // Only this destination gives up on them; another destination they were stamped for still gets them.
        _deadLetters.Add(items, reason, render);
        _outbox.Acknowledge(_options.Id, items);
        foreach (var group in items.GroupBy(i => i.Item.Class))
        {
            _outbox.Counters.Add(group.Key, "dead_letter", group.Count());
        }

        _metrics?.DeadLettered(items.Count, reason);
        SyncLog.DeadLettered(_logger, items.Count, reason);
    }

    private async Task<MqttClientPublishResult> PublishOneAsync(IMqttClient client, MqttApplicationMessage message, SemaphoreSlim window, CancellationToken token)
    {
        var started = _time.GetTimestamp();
        try
        {
            return await client.PublishAsync(message, token);
        }
        finally
        {
            _metrics?.PublishLatency(_time.GetElapsedTime(started));
            window.Release();
        }
    }

    private static bool IsPermanent(MqttClientPublishReasonCode code) => code is
        MqttClientPublishReasonCode.PayloadFormatInvalid or
        MqttClientPublishReasonCode.TopicNameInvalid or
        MqttClientPublishReasonCode.NotAuthorized;

    private static byte[] Gzip(byte[] payload)
    {
        using var output = new MemoryStream(payload.Length / 3);
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(payload);
        }

        return output.ToArray();
    }

    private MqttClientOptions BuildClientOptions()
    {
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(_options.Host, _options.Port)
            .WithCleanSession(true)
            .WithKeepAlivePeriod(_options.KeepAlive)
            .WithTimeout(_options.Timeout);
        _dialect.Configure(builder);
        UplinkTls.Apply(builder, _options);
        var options = builder.Build();
        if (options.ChannelOptions is MqttClientTcpOptions tcp)
        {
            tcp.BufferSize = _options.SocketBufferBytes;
            tcp.NoDelay = true;
        }

        return options;
    }

    /// <summary>The name of the most telling exception in the chain: a TLS failure wins over MQTTnet's wrapper.</summary>
    private static string Cause(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is AuthenticationException)
            {
                return nameof(AuthenticationException);
            }
        }

        return ex.GetType().Name;
    }

    private static bool IsTransportFailure(Exception ex) =>
        ex is MqttCommunicationException or SocketException or IOException or AuthenticationException
            or TimeoutException or ObjectDisposedException or InvalidOperationException
            or System.Security.Cryptography.CryptographicException
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
            // Best effort; the broker will notice the closed socket.
        }
    }

    private sealed record OutgoingMessage(Lane Lane, IReadOnlyList<Outgoing> Items, MqttApplicationMessage Message);

    private sealed record Outgoing(StoredItem Stored, Lane Lane, WireItem Wire);
}
