using System.Security.Cryptography;

namespace Edge.Host.Control;

/// <summary>
/// Nurse sessions: a random 256-bit token in the <c>edge_session</c> cookie, valid until it has been idle for the
/// configured time. Only the SHA-256 of each token is kept, so a lookup does not depend on how much of a guessed
/// token matches. At most <see cref="MaxSessions"/> live sessions (the least recently used is dropped). In memory:
/// a restart logs everyone out. Thread-safe.
/// </summary>
public sealed class SessionStore
{
    /// <summary>Cookie name.</summary>
    public const string CookieName = "edge_session";

    /// <summary>Most sessions kept at once.</summary>
    public const int MaxSessions = 64;

    private readonly TimeSpan _idle;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, DateTimeOffset> _lastSeen = new(StringComparer.Ordinal);

    /// <summary>Creates the store.</summary>
    public SessionStore(TimeSpan idle, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(idle, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(time);
        (_idle, _time) = (idle, time);
    }

    /// <summary>How long a session may stay idle.</summary>
    public TimeSpan Idle => _idle;

    /// <summary>Starts a session and returns its token (base64url, 43 characters).</summary>
    public string Create()
    {
        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            Prune(now);
            if (_lastSeen.Count >= MaxSessions)
            {
                _lastSeen.Remove(_lastSeen.MinBy(kv => kv.Value).Key);
            }

            _lastSeen[Key(token)] = now;
        }

        return token;
    }

    /// <summary>Whether <paramref name="token"/> is a live session; if so its idle time restarts.</summary>
    public bool Touch(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 128)
        {
            return false;
        }

        var key = Key(token);
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            if (!_lastSeen.TryGetValue(key, out var seen))
            {
                return false;
            }

            if (now - seen >= _idle)
            {
                _lastSeen.Remove(key);
                return false;
            }

            _lastSeen[key] = now;
            return true;
        }
    }

    /// <summary>Ends a session (log out). Unknown tokens are ignored.</summary>
    public void End(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 128)
        {
            return;
        }

        lock (_lock)
        {
            _lastSeen.Remove(Key(token));
        }
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, seen) in _lastSeen.ToList())
        {
            if (now - seen >= _idle)
            {
                _lastSeen.Remove(key);
            }
        }
    }

    private static string Key(string token) => Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
