namespace Edge.Core;

/// <summary>
/// An <see cref="Observation"/> after ingest: bound to a patient, with a stable message id and a gap-free per-device
/// sequence number. Carries only opaque ids; no hardware address.
/// </summary>
/// <param name="Id">Stable message id, assigned once at ingest and reused on every retry.</param>
/// <param name="DeviceId">Opaque device id from the pairing registry.</param>
/// <param name="Seq">Per-device sequence number, starting at 1, gap-free across restarts.</param>
/// <param name="PatientId">Opaque patient id from the pairing registry.</param>
/// <param name="Kind">Which vital.</param>
/// <param name="Value">Value in the catalogue unit.</param>
/// <param name="DeviceTime">Device timestamp if the protocol has one.</param>
/// <param name="GatewayTime">Gateway receive time.</param>
/// <param name="Clock">Clock-trust state of the gateway when stamped.</param>
/// <param name="Flags">Quality flags.</param>
public sealed record Reading(
    Guid Id,
    string DeviceId,
    long Seq,
    string PatientId,
    VitalKind Kind,
    double Value,
    DateTimeOffset? DeviceTime,
    DateTimeOffset GatewayTime,
    ClockTrust Clock,
    QualityIssues Flags)
{
    /// <summary>When the value was measured: the gateway receive time. Device clocks are advisory (often unset or local).</summary>
    public DateTimeOffset MeasuredAt => GatewayTime;
}
