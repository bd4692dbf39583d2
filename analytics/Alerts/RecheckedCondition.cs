namespace Edge.Analytics.Alerts;

/// <summary>
/// The life of one rule condition (a hard-limit side) for one patient: confirmed on re-check, de-duplicated while it
/// persists, cleared with hysteresis, then re-armed. Not thread-safe.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>A first breach is only <em>pending</em>. Further readings of the same vital confirm it (raise) once the
/// breach has held on every reading for the confirmation rule (<see cref="RecheckRule"/>); any reading that does not
/// breach cancels it: a spike never alerts. If no reading comes within the re-check window, the pending breach is
/// raised anyway (<see cref="Expire"/>): a single real low reading is never dropped for want of a second one.</item>
/// <item>While active, a persisting breach is raised again only after the re-alert delay.</item>
/// <item>The condition clears after two readings in a row back inside the limit by the hysteresis margin; a reading
/// between the limit and the margin keeps it active. Cleared means re-armed: the next breach starts over.</item>
/// </list>
/// </remarks>
internal sealed class RecheckedCondition
{
    private const int ClearReadings = 2;

    private State _state;
    private DateTimeOffset _since;
    private int _count;
    private DateTimeOffset _lastRaised;
    private int _clearRun;

    private enum State { Idle, Pending, Active }

    /// <summary>Whether the condition is pending or active (the baseline is frozen meanwhile).</summary>
    public bool IsEngaged => _state != State.Idle;

    /// <summary>Whether the condition has been raised and not yet cleared.</summary>
    public bool IsActive => _state == State.Active;

    /// <summary>Feeds one reading of the vital; returns <see langword="true"/> when an alert is due.</summary>
    /// <param name="breach">The reading breaches the limit.</param>
    /// <param name="clear">The reading is inside the limit by at least the hysteresis margin.</param>
    /// <param name="at">The reading's time.</param>
    /// <param name="realertAfter">Minimum time between alerts while the breach persists.</param>
    /// <param name="rule">When the pending breach counts as confirmed.</param>
    /// <param name="inDoubt">The patient's signal quality is in doubt, so the rule asks for more readings.</param>
    /// <param name="spot">The vital is a spot measurement (see <see cref="RecheckRule.IsSpot"/>).</param>
    public bool Observe(bool breach, bool clear, DateTimeOffset at, TimeSpan realertAfter, RecheckRule rule, bool inDoubt, bool spot)
    {
        switch (_state)
        {
            case State.Idle when breach:
                _state = State.Pending;
                _since = at;
                _count = 1;
                return false;
            case State.Pending when breach:
                _count++;
                return rule.Confirms(_count, at - _since, inDoubt, spot) && Raise(at);
            case State.Pending:
                _state = State.Idle;
                return false;
            case State.Active when breach:
                _clearRun = 0;
                if ((at - _lastRaised).Duration() >= realertAfter)
                {
                    _lastRaised = at;
                    return true;
                }

                return false;
            case State.Active when clear:
                if (++_clearRun >= ClearReadings)
                {
                    _state = State.Idle;
                    _clearRun = 0;
                }

                return false;
            case State.Active:
                _clearRun = 0;
                return false;
            default:
                return false;
        }
    }

    /// <summary>
    /// Raises a pending breach that has waited longer than <paramref name="recheckWithin"/> for its re-check, unless
    /// the signal was in doubt meanwhile (<paramref name="inDoubt"/>): then the re-check was lost to artefact, which
    /// is a data-quality matter already reported, and the pending breach is dropped.
    /// </summary>
    public bool Expire(DateTimeOffset now, TimeSpan recheckWithin, bool inDoubt)
    {
        if (_state != State.Pending || now - _since < recheckWithin)
        {
            return false;
        }

        if (inDoubt)
        {
            _state = State.Idle;
            return false;
        }

        return Raise(now);
    }

    private bool Raise(DateTimeOffset at)
    {
        _state = State.Active;
        _lastRaised = at;
        _clearRun = 0;
        return true;
    }
}
