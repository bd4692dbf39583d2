using Edge.Core;

namespace Edge.Drivers.Ble;

/// <summary>
/// The durability seam: the ingest stage calls <see cref="OnStored"/> after the group commit that holds these
/// observations has been fsync'd. Nothing is acknowledged to a device (a glucose meter's "last record synced" cursor)
/// before that call, so a crash or power cut between receipt and commit makes the meter send the record again.
/// </summary>
/// <remarks>
/// Pass the same <see cref="Observation"/> instances the source produced (matched by reference). Observations the
/// listener does not know are ignored, so the host may pass every committed observation of every source.
/// Observations that were never stored (unbound device, dropped) are simply never passed: their records stay
/// unacknowledged and are fetched again on the next sync. Thread-safe; cheap (no I/O on the caller's thread beyond
/// one small fsync'd cursor file when a cursor moves).
/// </remarks>
public interface IStoredObservationListener
{
    /// <summary>Called once per commit, after fsync, with the observations that commit made durable.</summary>
    void OnStored(IReadOnlyList<Observation> observations);
}
