using System.Net;

namespace Edge.Host.Control;

/// <summary>
/// Failed PIN attempts per remote address: after <c>allowed</c> failures within <c>window</c>, further attempts
/// from that address are refused until the oldest of those failures leaves the window. A success clears the
/// address. Memory is bounded: at most <see cref="MaxAddresses"/> addresses are tracked, the stalest dropped first.
/// Thread-safe.
/// </summary>
public sealed class LoginRateLimiter
{
    /// <summary>Most addresses tracked at once.</summary>
    public const int MaxAddresses = 1024;

    private readonly int _allowed;
    private readonly TimeSpan _window;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly Dictionary<IPAddress, Queue<DateTimeOffset>> _failures = [];

    /// <summary>Creates the limiter.</summary>
    public LoginRateLimiter(int allowed, TimeSpan window, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(allowed, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(time);
        (_allowed, _window, _time) = (allowed, window, time);
    }

    /// <summary>Whether <paramref name="address"/> may try a PIN now; when not, how long until it may.</summary>
    public bool TryAcquire(IPAddress address, out TimeSpan retryAfter)
    {
        ArgumentNullException.ThrowIfNull(address);
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            retryAfter = TimeSpan.Zero;
            if (!_failures.TryGetValue(address, out var failures))
            {
                return true;
            }

            Expire(failures, now);
            if (failures.Count < _allowed)
            {
                return true;
            }

            retryAfter = failures.Peek() + _window - now;
            return false;
        }
    }

    /// <summary>Counts a wrong PIN from <paramref name="address"/>; returns its failures within the window.</summary>
    public int Failed(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            if (!_failures.TryGetValue(address, out var failures))
            {
                if (_failures.Count >= MaxAddresses)
                {
                    Evict(now);
                }

                failures = new Queue<DateTimeOffset>();
                _failures[address] = failures;
            }

            Expire(failures, now);
            failures.Enqueue(now);
            return failures.Count;
        }
    }

    /// <summary>A right PIN: the address starts afresh.</summary>
    public void Succeeded(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        lock (_lock)
        {
            _failures.Remove(address);
        }
    }

    private void Expire(Queue<DateTimeOffset> failures, DateTimeOffset now)
    {
        while (failures.Count > 0 && failures.Peek() + _window <= now)
        {
            failures.Dequeue();
        }
    }

    private void Evict(DateTimeOffset now)
    {
        foreach (var (address, failures) in _failures.ToList())
        {
            Expire(failures, now);
            if (failures.Count == 0)
            {
                _failures.Remove(address);
            }
        }

        if (_failures.Count >= MaxAddresses)
        {
            // Everyone is still in the window: forget the address whose last failure is oldest.
            var stalest = _failures.MinBy(kv => kv.Value.Last()).Key;
            _failures.Remove(stalest);
        }
    }
}
