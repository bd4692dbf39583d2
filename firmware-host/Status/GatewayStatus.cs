using System.Collections.Concurrent;

namespace Edge.Host.Status;

/// <summary>
/// Live counters and per-patient panels for the console view and the status file. Counters are PHI-free; panels
/// hold synthetic or real vitals and stay in memory. Thread-safe.
/// </summary>
public sealed class GatewayStatus
{
    private long _observations;
    private long _stored;
    private long _unbound;
    private long _alerts;
    private long _commitFailures;
    private long _rejected;
    private long _keptLocal;
    private long _residencyDenied;

    /// <summary>Observations received from drivers.</summary>
    public long Observations => Interlocked.Read(ref _observations);

    /// <summary>Readings and alerts durably committed to the outbox.</summary>
    public long Stored => Interlocked.Read(ref _stored);

    /// <summary>Observations from devices bound to no patient (dropped and counted).</summary>
    public long Unbound => Interlocked.Read(ref _unbound);

    /// <summary>Alerts raised.</summary>
    public long Alerts => Interlocked.Read(ref _alerts);

    /// <summary>Group commits that failed and were retried.</summary>
    public long CommitFailures => Interlocked.Read(ref _commitFailures);

    /// <summary>Items the outbox refused (a class at its quota with policy reject, or a full disk); never acknowledged.</summary>
    public long Rejected => Interlocked.Read(ref _rejected);

    /// <summary>Items the residency policy keeps on the appliance only (keep-local).</summary>
    public long KeptLocal => Interlocked.Read(ref _keptLocal);

    /// <summary>Items no destination may receive and no rule keeps (residency deny everywhere); not stored.</summary>
    public long ResidencyDenied => Interlocked.Read(ref _residencyDenied);

    /// <summary>Per-patient panels by patient id.</summary>
    public ConcurrentDictionary<string, PatientPanel> Patients { get; } = new(StringComparer.Ordinal);

    internal void CountObservation() => Interlocked.Increment(ref _observations);

    internal void CountUnbound() => Interlocked.Increment(ref _unbound);

    internal void CountStored(int items, int alerts)
    {
        Interlocked.Add(ref _stored, items);
        Interlocked.Add(ref _alerts, alerts);
    }

    internal void CountRejected(int items) => Interlocked.Add(ref _rejected, items);

    internal void CountResidency(int keptLocal, int denied)
    {
        Interlocked.Add(ref _keptLocal, keptLocal);
        Interlocked.Add(ref _residencyDenied, denied);
    }

    internal void CountCommitFailure() => Interlocked.Increment(ref _commitFailures);
}
