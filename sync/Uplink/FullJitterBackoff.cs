namespace Edge.Sync.Uplink;

/// <summary>
/// Full-jitter exponential backoff: the n-th delay is uniform in [0, min(cap, base * 2^n)). Spreads reconnects of
/// a fleet after a broker outage instead of synchronising them. Not thread-safe: one per connection loop.
/// </summary>
public sealed class FullJitterBackoff
{
    private readonly TimeSpan _base;
    private readonly TimeSpan _cap;
    private readonly Random _random;
    private int _attempt;

    public FullJitterBackoff(TimeSpan baseDelay, TimeSpan cap, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(baseDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(cap, baseDelay);
        ArgumentNullException.ThrowIfNull(random);
        _base = baseDelay;
        _cap = cap;
        _random = random;
    }

    /// <summary>The next delay; grows the ceiling.</summary>
    public TimeSpan Next()
    {
        var ceiling = Math.Min(_cap.TotalMilliseconds, _base.TotalMilliseconds * Math.Pow(2, Math.Min(_attempt, 30)));
        _attempt++;
        return TimeSpan.FromMilliseconds(_random.NextDouble() * ceiling);
    }

    /// <summary>Back to the base ceiling after a success.</summary>
    public void Reset() => _attempt = 0;
}
