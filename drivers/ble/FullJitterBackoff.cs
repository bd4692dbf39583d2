namespace Edge.Drivers.Ble;

/// <summary>
/// "Full jitter" exponential backoff: the n-th delay is uniform in [0, min(cap, base·2^n)], so many devices that lost
/// the link together do not reconnect together. Not thread-safe (one per device; the random source is injected).
/// </summary>
public sealed class FullJitterBackoff
{
    private readonly TimeSpan _base;
    private readonly TimeSpan _cap;
    private readonly Random _random;

    public FullJitterBackoff(TimeSpan baseDelay, TimeSpan cap, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(baseDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(cap, baseDelay);
        ArgumentNullException.ThrowIfNull(random);
        (_base, _cap, _random) = (baseDelay, cap, random);
    }

    /// <summary>Failures since the last success.</summary>
    public int Attempt { get; private set; }

    /// <summary>The ceiling for the current attempt.</summary>
    public TimeSpan Ceiling => TimeSpan.FromTicks((long)Math.Min(_cap.Ticks, _base.Ticks * Math.Pow(2, Math.Min(Attempt, 30))));

    /// <summary>The next delay; counts one more attempt.</summary>
    public TimeSpan Next()
    {
        var delay = TimeSpan.FromTicks((long)(_random.NextDouble() * Ceiling.Ticks));
        Attempt++;
        return delay;
    }

    /// <summary>After a success: the next failure starts from the base again.</summary>
    public void Reset() => Attempt = 0;
}
