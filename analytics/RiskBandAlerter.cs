using Edge.Analytics.News2;

namespace Edge.Analytics;

/// <summary>
/// Decides when a patient's NEWS2 risk band is raised as an alert, without flooding. Not thread-safe.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>A rise above the held band is <em>pending</em> until it is re-checked: further readings of the same NEWS2
/// input that caused the rise confirm it once they have kept the band above the held band for the confirmation rule
/// (<see cref="Alerts.RecheckRule"/>; the band then raised is the latest), and any one that does not cancels it. A single spurious reading therefore never alerts. Readings of other
/// inputs meanwhile do not confirm it (the suspect value is still held in the score), but a higher band from another
/// input moves the pending rise to that band and input. A rise that gets no re-check within the re-check window is
/// raised anyway (<see cref="Expire"/>).</item>
/// <item>While the held band persists (above Low), it is raised again only once <c>RealertAfter</c> has passed since
/// the last alert.</item>
/// <item>A drop counts only after scorings below the held band have come <see cref="DropConfirmations"/> times in a
/// row; the held band then falls to the highest band seen in that run. One low scoring between two high ones is
/// noise, not a recovery, so it neither re-arms nor resets the re-alert timer.</item>
/// <item>A drop re-arms: a later confirmed rise above the new held band is raised at once, however recent the last alert.</item>
/// </list>
/// </remarks>
internal sealed class RiskBandAlerter(TimeSpan realertAfter, TimeSpan recheckWithin, Alerts.RecheckRule rule)
{
    /// <summary>Consecutive lower scorings needed before a drop counts.</summary>
    public const int DropConfirmations = 2;

    private News2RiskBand _held = News2RiskBand.Low;
    private DateTimeOffset _lastRaisedAt;
    private int _lowerRun;
    private News2RiskBand _lowerRunHighest;
    private News2RiskBand? _pending;
    private News2Input _pendingInput;
    private DateTimeOffset _pendingSince;
    private int _pendingCount;

    /// <summary>Whether a band above Low is held or pending (the baseline is frozen meanwhile).</summary>
    public bool IsEngaged => _held > News2RiskBand.Low || _pending is not null;

    /// <summary>Feeds one scoring, made after a reading of <paramref name="input"/>; returns the band to raise, or <see langword="null"/>.</summary>
    public News2RiskBand? Observe(News2RiskBand band, News2Input input, DateTimeOffset at, bool inDoubt = false)
    {
        if (band > _held)
        {
            _lowerRun = 0;
            if (_pending is null)
            {
                _pending = band;
                _pendingInput = input;
                _pendingSince = at;
                _pendingCount = 1;
                return null;
            }

            if (input == _pendingInput)
            {
                _pendingCount++;
                return rule.Confirms(_pendingCount, at - _pendingSince, inDoubt, Spot(input)) ? Commit(band, at) : null;
            }

            if (band > _pending)
            {
                _pending = band;
                _pendingInput = input;
                _pendingCount = 1;
            }

            return null;
        }

        if (_pending is not null && input == _pendingInput)
        {
            // The re-check of the suspect input no longer rises: it was a spike.
            _pending = null;
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

    /// <summary>
    /// Raises a pending rise that has waited longer than the re-check window; returns the band, or <see langword="null"/>.
    /// When the signal was in doubt meanwhile (<paramref name="inDoubt"/>) the re-check was lost to artefact and the
    /// pending rise is dropped instead.
    /// </summary>
    public News2RiskBand? Expire(DateTimeOffset now, bool inDoubt = false)
    {
        if (_pending is not { } band || now - _pendingSince < recheckWithin)
        {
            return null;
        }

        if (inDoubt)
        {
            _pending = null;
            return null;
        }

        return Commit(band, now);
    }

    private static bool Spot(News2Input input) => input is News2Input.SystolicBloodPressure or News2Input.Temperature;

    private News2RiskBand Commit(News2RiskBand band, DateTimeOffset at)
    {
        _held = band;
        _pending = null;
        _lowerRun = 0;
        _lastRaisedAt = at;
        return band;
    }
}
