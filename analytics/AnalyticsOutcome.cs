using Edge.Analytics.News2;
using Edge.Analytics.Quality;
using Edge.Core;

namespace Edge.Analytics;

/// <summary>The result of <see cref="AnalyticsEngine.Process"/> (one reading) or <see cref="AnalyticsEngine.Sweep"/> (time passing).</summary>
/// <param name="Use">What the engine did with the reading.</param>
/// <param name="News2">
/// The patient's NEWS2 after this reading when <paramref name="Use"/> is <see cref="ReadingUse.Scored"/>; otherwise
/// <see langword="null"/>, because nothing about the patient's score changed.
/// </param>
/// <param name="Alerts">
/// Clinical and missing-data alerts raised now, usually none. Each is one outbox message; route by severity
/// (<see cref="Alerts.AlertCodes.TravelsInAlarmLane"/>).
/// </param>
public sealed record AnalyticsOutcome(ReadingUse Use, News2Result? News2, IReadOnlyList<Alert> Alerts)
{
    /// <summary>
    /// Data-quality events that started with this reading (a probe off, a stuck or erratic stream). They are device
    /// events for the nurse page and the device-event stream, never clinical alerts and never the alarm lane.
    /// </summary>
    public IReadOnlyList<DataQualityEvent> DataQualityEvents { get; init; } = [];

    /// <summary>The model and baseline scores of minutes this reading closed (at most a few), for offline analysis and status.</summary>
    public IReadOnlyList<MinuteScore> Scores { get; init; } = [];

    /// <summary>The quality gate's reason when it rejected the reading (<see cref="ReadingUse.Excluded"/>), or an accepted reading's note.</summary>
    public DataQualityReason? Quality { get; init; }
}
