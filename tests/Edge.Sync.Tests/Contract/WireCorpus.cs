using System.Globalization;
using Edge.Core;
using Edge.Sync.Outbox;
using Edge.Sync.Wire;

namespace Edge.Sync.Tests.Contract;

/// <summary>
/// Seeded random readings and alerts as a residency layer might hand them to a payload format: every vital kind,
/// every quality flag (and an unknown bit), with and without device time, plain, pseudonymised-looking and odd ids,
/// untruncated and truncated times, and random omit masks. Synthetic data only.
/// </summary>
internal sealed class WireCorpus(int seed)
{
    private static readonly string[] AlertCodes =
        ["news2.high", "news2.medium", "news2.red-score", "limit.spo2.low", "trend.body_weight.up", "model.unusual.heart_rate", "baseline.deviation.spo2", "data.missing"];

    private static readonly DateTimeOffset Start = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly Random _random = new(seed);
    private int _kindCursor;

    public Random Random => _random;

    public List<WireItem> Items(int count) => [.. Enumerable.Range(0, count).Select(_ => Item())];

    public WireItem Item() => _random.Next(5) == 0 ? Alert() : Reading();

    public WireItem Reading()
    {
        // Walk the kinds in order so every batch of 13 or more covers all of them.
        var kind = (VitalKind)(_kindCursor++ % VitalCatalog.Count);
        var measured = Time();
        DateTimeOffset? deviceTime = _random.Next(3) == 0
            ? null
            : new DateTimeOffset(measured.UtcDateTime.AddSeconds(_random.Next(-86_400, 86_400)).AddMilliseconds(_random.Next(1000)).Ticks, TimeSpan.Zero)
                .ToOffset(TimeSpan.FromMinutes(15 * _random.Next(-14 * 4, 14 * 4 + 1)));
        var flags = (QualityIssues)_random.Next(0, 512);
        if (_random.Next(20) == 0)
        {
            flags |= (QualityIssues)(1 << 12); // a bit the wire does not know yet
        }

        var reading = new Reading(
            Id(),
            Opaque("dev"),
            _random.Next(4) == 0 ? _random.NextInt64(int.MaxValue, long.MaxValue / 2) : _random.NextInt64(1, 100_000),
            Opaque("pt"),
            kind,
            Value(),
            deviceTime,
            measured,
            (ClockTrust)_random.Next(3),
            flags);
        var dataClass = _random.Next(10) == 0 ? DataClass.Waveform : DataClass.Vitals;
        return new WireItem(OutboxItem.ForReading(reading, dataClass), Omit());
    }

    public WireItem Alert()
    {
        var alert = new Alert(
            Id(),
            Opaque("pt"),
            AlertCodes[_random.Next(AlertCodes.Length)],
            (AlertSeverity)_random.Next(4),
            _random.Next(3) == 0 ? null : _random.Next(0, 21),
            Time(),
            Id());
        return new WireItem(OutboxItem.ForAlert(alert, _random.Next(3) == 0 ? DataClass.Vitals : DataClass.Alarm), Omit());
    }

    private WireFields Omit() => _random.Next(3) == 0 ? WireFields.None : (WireFields)_random.Next(0, 256);

    private Guid Id()
    {
        Span<byte> bytes = stackalloc byte[16];
        _random.NextBytes(bytes);
        return new Guid(bytes);
    }

    private DateTimeOffset Time()
    {
        var t = Start.AddTicks(_random.NextInt64(0, TimeSpan.FromDays(3650).Ticks));
        return _random.Next(4) switch
        {
            0 => new DateTimeOffset(t.Ticks - (t.Ticks % TimeSpan.TicksPerMinute), TimeSpan.Zero), // truncate-time: minute
            1 => new DateTimeOffset(t.Ticks - (t.Ticks % TimeSpan.TicksPerHour), TimeSpan.Zero), // truncate-time: hour
            2 => new DateTimeOffset(t.Ticks - (t.Ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero),
            _ => t,
        };
    }

    private double Value() => _random.Next(6) switch
    {
        0 => _random.Next(0, 300),
        1 => Math.Round(_random.NextDouble() * 250, 1),
        2 => Math.Round(_random.NextDouble() * 0.001, 7), // small: written with an exponent by Utf8JsonWriter
        3 => -Math.Round(_random.NextDouble() * 40, 2),
        _ => _random.NextDouble() * 1000,
    };

    private string Opaque(string prefix)
    {
        Span<byte> bytes = stackalloc byte[32];
        _random.NextBytes(bytes);
        return _random.Next(5) switch
        {
            0 => string.Create(CultureInfo.InvariantCulture, $"{prefix}-{_random.Next(10_000):D4}"),
            1 => "ps_" + Convert.ToBase64String(bytes[..16]).TrimEnd('=').Replace('+', '-').Replace('/', '_'), // HMAC, base64url
            2 => Convert.ToHexStringLower(bytes), // HMAC-SHA256, hex
            3 => Convert.ToBase64String(bytes[..12]), // may hold '+' and '/', which must stay payload-only
            _ => prefix + "-ü\"\\ " + _random.Next(100), // quoting and non-ASCII survive
        };
    }
}
