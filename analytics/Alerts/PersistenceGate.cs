namespace Edge.Analytics.Alerts;

/// <summary>
/// k-of-n persistence with hysteresis and re-arm for the advisory channels, fed once per scored minute. Not thread-safe.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>It fires when at least k of the last n scored minutes were flagged and it is armed.</item>
/// <item>Once fired it stays active while minutes are still above the lower (hysteresis) level; it clears after
/// <c>clearMinutes</c> scored minutes in a row below it, and only then re-arms.</item>
/// <item>While active it fires again only after the re-alert delay, and only on a flagged minute.</item>
/// </list>
/// </remarks>
internal sealed class PersistenceGate(int k, int n, int clearMinutes)
{
    private uint _history;
    private int _seen;
    private bool _active;
    private int _quiet;
    private DateTimeOffset _lastFired;

    /// <summary>Whether the gate has fired and not cleared.</summary>
    public bool IsActive => _active;

    /// <summary>Feeds one scored minute; returns <see langword="true"/> when an advisory alert is due.</summary>
    public bool Observe(bool flagged, bool aboveHysteresis, DateTimeOffset at, TimeSpan realertAfter)
    {
        _history = (_history << 1) | (flagged ? 1u : 0u);
        _seen = Math.Min(_seen + 1, n);
        var count = System.Numerics.BitOperations.PopCount(_history & ((1u << n) - 1));

        if (_active)
        {
            _quiet = aboveHysteresis || flagged ? 0 : _quiet + 1;
            if (_quiet >= clearMinutes)
            {
                _active = false;
                _quiet = 0;
                _history = 0;
                return false;
            }

            if (flagged && count >= k && (at - _lastFired).Duration() >= realertAfter)
            {
                _lastFired = at;
                return true;
            }

            return false;
        }

        if (count >= k)
        {
            _active = true;
            _quiet = 0;
            _lastFired = at;
            return true;
        }

        return false;
    }

    /// <summary>Forgets the history (after a gap in the data the old minutes say nothing about now).</summary>
    public void ResetHistory() => _history = 0;
}
