using System.Threading.Channels;
using Edge.Analytics;
using Edge.Analytics.Alerts;
using Edge.Core;
using Edge.Core.Progress;
using Edge.Drivers.Ble;
using Edge.Host.Status;
using Edge.Sync.Outbox;
using Edge.Sync.Residency;
using Microsoft.Extensions.Options;

namespace Edge.Host.Ingest;

/// <summary>
/// The ingest stage: merges every driver's observations, binds each to its patient, stamps id, per-device sequence
/// and clock trust, runs analytics, and group-commits readings and alerts to the outbox.
/// </summary>
/// <remarks>
/// Group commit: whatever arrived while the previous commit was on its way to disk goes into the next one, up to
/// <see cref="OutboxOptions.MaxBatch"/>. Latency stays at one commit when idle, and under load each fsync covers many
/// readings. A failed commit is retried with the same batch, so ids and sequence numbers never skip or change.
/// </remarks>
public sealed class IngestService : BackgroundService
{
    private readonly IReadOnlyList<IObservationSource> _sources;
    private readonly PairingRegistry _registry;
    private readonly OutboxStore _outbox;
    private readonly AnalyticsEngine _analytics;
    private readonly IClockTrust _clock;
    private readonly GatewayStatus _status;
    private readonly PatientPanels _panels;
    private readonly OutboxOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<IngestService> _logger;
    private readonly IReadOnlyList<IStoredObservationListener> _storedListeners;
    private readonly PipelineHeartbeats? _heartbeats;
    private readonly ResidencyGate _gate;
    private readonly LocalRetentionStore _retained;
    private readonly Dictionary<OutboxItem, Observation> _origins = new(ReferenceEqualityComparer.Instance);

    public IngestService(
        IEnumerable<IObservationSource> sources,
        PairingRegistry registry,
        OutboxStore outbox,
        ResidencyGate gate,
        LocalRetentionStore retained,
        AnalyticsEngine analytics,
        IClockTrust clock,
        GatewayStatus status,
        PatientPanels panels,
        IOptions<OutboxOptions> options,
        TimeProvider time,
        ILogger<IngestService> logger,
        IEnumerable<IStoredObservationListener>? storedListeners = null,
        PipelineHeartbeats? heartbeats = null)
    {
        _heartbeats = heartbeats;
        _storedListeners = [.. storedListeners ?? []];
        ArgumentNullException.ThrowIfNull(options);
        _sources = [.. sources];
        _registry = registry;
        _outbox = outbox;
        _gate = gate;
        _retained = retained;
        _analytics = analytics;
        _clock = clock;
        _status = status;
        _panels = panels;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var channel = Channel.CreateBounded<Observation>(new BoundedChannelOptions(8192)
        {
            // Back-pressure, not loss: a driver waits when ingest is behind. Drivers own their device-side buffers.
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = _sources.Count == 1,
        });
        var pumps = _sources.Select(s => PumpAsync(s, channel.Writer, stoppingToken)).ToArray();
        _ = CompleteWhenAllAsync(pumps, channel.Writer);

        var sequences = new Dictionary<string, long>(_outbox.LoadSequences(), StringComparer.Ordinal);
        HostLog.IngestStarted(_logger, _sources.Count, sequences.Count);
        using var journal = _options.CommitJournalPath is { Length: > 0 } path ? new CommitJournal(path) : null;
        var batch = new List<OutboxItem>(_options.MaxBatch);
        var reader = channel.Reader;
        var lastSweep = _time.GetTimestamp();
        // The systemd watchdog is fed only while this loop beats; an idle wait wakes often enough to beat.
        _heartbeats?.Register(PipelineStages.Ingest);
        var idleWake = _heartbeats is null ? SweepPeriod : TimeSpan.FromTicks(Math.Min(SweepPeriod.Ticks, _heartbeats.BeatInterval(PipelineStages.Ingest).Ticks));
        try
        {
            while (await WaitToReadOrSweepAsync(reader, idleWake, stoppingToken))
            {
                _heartbeats?.Beat(PipelineStages.Ingest);
                while (batch.Count < _options.MaxBatch && reader.TryRead(out var observation))
                {
                    Process(observation, sequences, batch);
                }

                // Time passes without readings too: close minutes, raise overdue re-checks and silent-device alerts.
                // Same thread as Process, because the engine is single-threaded by contract.
                if (_time.GetElapsedTime(lastSweep) >= SweepPeriod)
                {
                    lastSweep = _time.GetTimestamp();
                    var swept = _analytics.Sweep(_time.GetUtcNow());
                    AddAlerts(swept.Alerts, batch);
                }

                if (batch.Count > 0)
                {
                    await CommitAsync(batch, journal, stoppingToken);
                    batch.Clear();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: whatever was not committed was never acknowledged to anyone.
        }
        finally
        {
            // Ended on purpose (stopping, or every source finished): no longer a stage the watchdog waits for.
            _heartbeats?.Retire(PipelineStages.Ingest);
        }

        HostLog.IngestStopped(_logger, _status.Stored);
    }

    private static readonly TimeSpan SweepPeriod = TimeSpan.FromSeconds(30);

    private static async Task<bool> WaitToReadOrSweepAsync(ChannelReader<Observation> reader, TimeSpan idleWake, CancellationToken stoppingToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(idleWake);
        try
        {
            return await reader.WaitToReadAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            // Nothing arrived for a while: wake up to sweep and to beat. The channel stays open.
            return true;
        }
    }

    private void Process(Observation observation, Dictionary<string, long> sequences, List<OutboxItem> batch)
    {
        _status.CountObservation();
        if (!_registry.TryResolve(observation.Source, out var binding))
        {
            _status.CountUnbound();
            if (_status.Unbound is 1 or 100 or 10_000)
            {
                HostLog.UnboundObservation(_logger, _status.Unbound);
            }

            return;
        }

        var seq = sequences.GetValueOrDefault(binding.DeviceId) + 1;
        sequences[binding.DeviceId] = seq;
        var clock = _clock.Current;
        var flags = observation.Flags;
        if (clock != ClockTrust.Trusted)
        {
            flags |= QualityIssues.GatewayClockUntrusted;
        }

        var reading = new Reading(
            Guid.CreateVersion7(observation.ReceivedAt),
            binding.DeviceId,
            seq,
            binding.PatientId,
            observation.Kind,
            observation.Value,
            observation.DeviceTime,
            observation.ReceivedAt,
            clock,
            flags);
        var item = OutboxItem.ForReading(reading);
        batch.Add(item);
        if (_storedListeners.Count > 0)
        {
            _origins[item] = observation;
        }

        var outcome = _analytics.Process(reading);
        AddAlerts(outcome.Alerts, batch);

        _panels.Stage(reading, outcome);
    }

    /// <summary>
    /// Medium and high alerts travel in the alarm lane; low ones (advisories, red score, missing data) travel with the
    /// vitals so they never queue ahead of a real alarm.
    /// </summary>
    private static void AddAlerts(IReadOnlyList<Alert> alerts, List<OutboxItem> batch)
    {
        foreach (var alert in alerts)
        {
            batch.Add(OutboxItem.ForAlert(alert, AlertCodes.TravelsInAlarmLane(alert.Severity) ? DataClass.Alarm : DataClass.Vitals));
        }
    }

    private async Task CommitAsync(List<OutboxItem> batch, CommitJournal? journal, CancellationToken stoppingToken)
    {
        // Residency, stamped once per item before the first attempt, so a retried commit stores the same stamps.
        var queued = new List<OutboxItem>(batch.Count);
        var kept = new List<(OutboxItem, int)>();
        var handled = new List<OutboxItem>();
        foreach (var item in batch)
        {
            var routed = _gate.Route(item);
            switch (routed.Kind)
            {
                case RouteKind.Outbox:
                    queued.Add(routed.Item);
                    if (_origins.Remove(item, out var origin))
                    {
                        _origins[routed.Item] = origin;
                    }

                    break;
                case RouteKind.KeepLocal:
                    kept.Add((item, routed.KeepLocalDays));
                    handled.Add(item);
                    break;
                default:
                    handled.Add(item);
                    break;
            }
        }

        AppendResult result;
        while (true)
        {
            try
            {
                // Keep-local first: when the outbox commit (which records sequence numbers) returns, both are on disk.
                _retained.Add(kept);
                result = _outbox.Append(queued);
                break;
            }
            catch (Exception ex) when (ex is IOException or LiteDB.LiteException)
            {
                _status.CountCommitFailure();
                HostLog.CommitFailed(_logger, ex, batch.Count);
                await Task.Delay(TimeSpan.FromSeconds(1), _time, stoppingToken);
            }
        }

        // Only what the commit returned as stored may be acknowledged; a class at its quota may have refused some.
        journal?.Record(result.Stored);
        var alerts = result.Stored.Count(i => i.Alert is not null);
        _status.CountStored(result.Stored.Count, alerts);
        _status.CountRejected(result.Rejected.Count);
        _status.CountResidency(kept.Count, handled.Count - kept.Count);

        // Kept-local and denied items are done with too: the policy decided their fate durably.
        NotifyStored([.. result.Stored, .. handled]);
        _panels.Publish();
    }

    /// <summary>
    /// Tells drivers which of their observations are now on disk, so a meter's record cursor (RACP) moves only past
    /// durably stored records. Only stored readings are passed: rejected or unbound ones stay unacknowledged.
    /// </summary>
    private void NotifyStored(IReadOnlyList<OutboxItem> stored)
    {
        if (_storedListeners.Count == 0)
        {
            return;
        }

        var observations = new List<Observation>(stored.Count);
        foreach (var item in stored)
        {
            if (_origins.TryGetValue(item, out var observation))
            {
                observations.Add(observation);
            }
        }

        _origins.Clear();
        foreach (var listener in _storedListeners)
        {
            listener.OnStored(observations);
        }
    }

    private async Task PumpAsync(IObservationSource source, ChannelWriter<Observation> writer, CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            await foreach (var observation in source.ReadAllAsync(stoppingToken))
            {
                await writer.WriteAsync(observation, stoppingToken);
            }

            HostLog.SourceFinished(_logger, source.Name);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or TimeoutException or UnauthorizedAccessException)
        {
            // A driver's own supervisor handles device faults; this catch keeps one broken source from stopping ingest.
            HostLog.SourceFailed(_logger, ex, source.Name);
        }
    }

    private static async Task CompleteWhenAllAsync(Task[] pumps, ChannelWriter<Observation> writer)
    {
        try
        {
            await Task.WhenAll(pumps);
        }
        finally
        {
            writer.TryComplete();
        }
    }
}
