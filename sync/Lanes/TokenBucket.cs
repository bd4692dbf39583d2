namespace Edge.Sync.Lanes;

/// <summary>
/// A token bucket on an injected clock: <see cref="RatePerSecond"/> tokens accrue up to <see cref="Burst"/>. Used to cap
/// backfill on metered links. Not thread-safe: one per uplink loop.
/// </summary>
public sealed class TokenBucket
{
    private readonly TimeProvider _time;
    private double _tokens;
    private long _refilledAt;

    public TokenBucket(double ratePerSecond, double burst, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ratePerSecond);
        ArgumentOutOfRangeException.ThrowIfLessThan(burst, 1);
        ArgumentNullException.ThrowIfNull(time);
        RatePerSecond = ratePerSecond;
        Burst = burst;
        _time = time;
        _tokens = burst;
        _refilledAt = time.GetTimestamp();
    }

    public double RatePerSecond { get; }

    public double Burst { get; }

    /// <summary>Takes up to <paramref name="wanted"/> whole tokens and returns how many it got.</summary>
    public int Take(int wanted)
    {
        var now = _time.GetTimestamp();
        _tokens = Math.Min(Burst, _tokens + (_time.GetElapsedTime(_refilledAt, now).TotalSeconds * RatePerSecond));
        _refilledAt = now;
        var granted = (int)Math.Min(wanted, Math.Floor(_tokens));
        _tokens -= granted;
        return Math.Max(0, granted);
    }
}
