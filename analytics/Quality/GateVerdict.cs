namespace Edge.Analytics.Quality;

/// <summary>The quality gate's decision on one reading.</summary>
/// <param name="Accepted">Whether the value may be used for scoring, baselines and alerts.</param>
/// <param name="Reason">The data-quality issue found, if any (an accepted reading can carry <see cref="DataQualityReason.ClockNotSet"/>).</param>
/// <param name="StartsEvent">Whether this reading starts a new run of the issue, so a <see cref="DataQualityEvent"/> is due.</param>
/// <param name="Suspect">
/// The stream just jumped back after a jump (one reversal): not yet erratic, so the reading is accepted, but the
/// signal is in doubt for a while.
/// </param>
public readonly record struct GateVerdict(bool Accepted, DataQualityReason? Reason, bool StartsEvent, bool Suspect = false)
{
    /// <summary>A clean, accepted reading.</summary>
    public static GateVerdict Clean => new(true, null, false);

    /// <summary>An accepted reading right after a reversal.</summary>
    public static GateVerdict SuspectReading => new(true, null, false, true);
}
