using System.Diagnostics.Metrics;
using Edge.Sync.Lanes;
using Edge.Sync.Outbox;
using Edge.Sync.Uplink;

namespace Edge.Sync;

/// <summary>
/// The sync area's meter (<c>Edge.Sync</c>): backlog items, bytes and oldest unsent age per class; drops by class and
/// reason; items sent per lane; publish latency; connection state, reconnects, watchdog recycles and dead letters.
/// Tags are class, lane and reason names only: no ids, no values.
/// </summary>
public sealed class SyncMetrics
{
    /// <summary>The meter name, for listeners and exporters.</summary>
    public const string MeterName = "Edge.Sync";

    private readonly Counter<long> _sent;
    private readonly Histogram<double> _publishLatency;
    private readonly Counter<long> _watchdogRecycles;
    private readonly Counter<long> _deadLetters;
    private readonly Counter<long> _withheld;

    public SyncMetrics(IMeterFactory meterFactory, OutboxStore store, UplinkStatus status, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(status);
        ArgumentNullException.ThrowIfNull(time);
        var meter = meterFactory.Create(MeterName);
        meter.CreateObservableGauge("edge.outbox.backlog.items", () => PerClass(store.PendingCountOf), "{item}", "Items committed and not yet acknowledged by the broker.");
        meter.CreateObservableGauge("edge.outbox.backlog.bytes", () => PerClass(store.PendingBytesOf), "By", "Accounted bytes of the backlog.");
        meter.CreateObservableGauge(
            "edge.outbox.oldest_unsent.age",
            () => OutboxClasses.All
                .Select(c => (Class: c, Oldest: store.OldestMeasuredAt(c)))
                .Where(x => x.Oldest is not null)
                .Select(x => new Measurement<double>((time.GetUtcNow() - x.Oldest!.Value).TotalSeconds, new KeyValuePair<string, object?>("class", OutboxClasses.Name(x.Class)))),
            "s",
            "Age of the oldest unsent item, from its measurement time.");
        meter.CreateObservableCounter(
            "edge.outbox.dropped",
            () => store.Counters.Snapshot().Select(kv => new Measurement<long>(
                kv.Value,
                new KeyValuePair<string, object?>("class", OutboxClasses.Name(kv.Key.Class)),
                new KeyValuePair<string, object?>("reason", kv.Key.Reason))),
            "{item}",
            "Items given up on, by class and reason (quota, disk, TTL, dead letter).");
        meter.CreateObservableGauge("edge.uplink.state", () => (int)status.State, null, "UplinkState: 0 disconnected, 1 connecting, 2 connected, 3 not authorized, 4 refused, 5 stopped, 6 blocked.");
        meter.CreateObservableCounter("edge.uplink.reconnects", () => status.Reconnects, "{connection}", "Successful connects after the first.");
        meter.CreateObservableCounter("edge.uplink.connect_failures", () => status.ConnectFailures, "{attempt}", "Connection attempts that failed or were refused.");
        _sent = meter.CreateCounter<long>("edge.uplink.sent.items", "{item}", "Items acknowledged by the broker, by lane.");
        _publishLatency = meter.CreateHistogram<double>("edge.uplink.publish.duration", "ms", "From PUBLISH to PUBACK.");
        _watchdogRecycles = meter.CreateCounter<long>("edge.uplink.watchdog.recycles", "{recycle}", "Clients recycled because no PUBACK arrived in time.");
        _deadLetters = meter.CreateCounter<long>("edge.uplink.dead_letters", "{item}", "Items the destination rejected for good.");
        _withheld = meter.CreateCounter<long>("edge.residency.withheld", "{item}", "Items the send-time residency re-check kept from a destination.");
    }

    internal void Sent(Lane lane, int items) => _sent.Add(items, new KeyValuePair<string, object?>("lane", lane.ToString().ToLowerInvariant()));

    internal void PublishLatency(TimeSpan elapsed) => _publishLatency.Record(elapsed.TotalMilliseconds);

    internal void WatchdogRecycle() => _watchdogRecycles.Add(1);

    internal void Withheld(int items) => _withheld.Add(items);

    internal void DeadLettered(int items, string reason) => _deadLetters.Add(items, new KeyValuePair<string, object?>("reason", reason));

    private static IEnumerable<Measurement<long>> PerClass(Func<Edge.Core.DataClass, long> value) =>
        OutboxClasses.All.Select(c => new Measurement<long>(value(c), new KeyValuePair<string, object?>("class", OutboxClasses.Name(c))));
}
