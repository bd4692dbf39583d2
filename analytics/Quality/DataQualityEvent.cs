using Edge.Core;

namespace Edge.Analytics.Quality;

/// <summary>
/// A data-quality event: the start of a run of untrustworthy readings from one device and vital. It is for the
/// device-event stream and the nurse page's "check the probe" hint, never the alarm lane. Carries opaque ids only.
/// </summary>
/// <param name="Id">Stable message id (a version 7 GUID of <paramref name="At"/>).</param>
/// <param name="PatientId">Opaque patient id.</param>
/// <param name="DeviceId">Opaque device id.</param>
/// <param name="Kind">The vital concerned.</param>
/// <param name="Reason">Why the readings are not trusted.</param>
/// <param name="At">Gateway time of the reading that started the run.</param>
/// <param name="TriggerReadingId">That reading's id.</param>
public sealed record DataQualityEvent(
    Guid Id,
    string PatientId,
    string DeviceId,
    VitalKind Kind,
    DataQualityReason Reason,
    DateTimeOffset At,
    Guid TriggerReadingId);
