using Edge.Analytics.News2;

namespace Edge.Analytics;

/// <summary>
/// Decides when a patient's NEWS2 risk band is raised as an alert, without flooding. Not thread-safe.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>A rise above the held band is raised at once and becomes the held band.</item>
/// <item>While the held band persists (above Low), it is raised again only once <c>RealertAfter</c> has passed since
/// the last alert.</item>
/// <item>A drop counts only after scorings below the held band have come <see cref="DropConfirmations"/> times in a
/// row; the held band then falls to the highest band seen in that run. One low scoring between two high ones is
/// noise, not a recovery, so it neither re-arms nor resets the re-alert timer.</item>
/// <item>A drop re-arms: a later rise above the new held band is raised at once, however recent the last alert.</item>
/// </list>
/// </remarks>
internal sealed class RiskBandAlerter(TimeSpan realertAfter)
{
    /// <summary>Consecutive lower scorings needed before a drop counts.</summary>
    public const int DropConfirmations = 2;

    private News2RiskBand _held = News2RiskBand.Low;
    private DateTimeOffset _lastRaisedAt;
    private int _lowerRun;
    private News2RiskBand _lowerRunHighest;

    /// <summary>Feeds one scoring; returns the band to raise, or <see langword="null"/> for no alert.</summary>
    public News2RiskBand? Observe(News2RiskBand band, DateTimeOffset at)
    {
        if (band > _held)
        {
            _held = band;
            _lowerRun = 0;
            _lastRaisedAt = at;
            return band;
        }

        if (band == _held)
        {
            _lowerRun = 0;

            // Duration(): after a gateway clock step backwards, a step as large as RealertAfter also permits a reminder
            // rather than silencing the band until the clock catches up.
            if (band > News2RiskBand.Low && (at - _lastRaisedAt).Duration() >= realertAfter)
            {
                _lastRaisedAt = at;
                return band;
            }

            return null;
        }

        _lowerRunHighest = _lowerRun == 0 || band > _lowerRunHighest ? band : _lowerRunHighest;
        _lowerRun++;
        if (_lowerRun >= DropConfirmations)
        {
            _held = _lowerRunHighest;
            _lowerRun = 0;
        }

        return null;
    }
}
