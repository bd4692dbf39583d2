namespace Edge.Sync.Residency;

/// <summary>
/// How far a <c>truncate-time</c> transform floors times. Ordered from finest to coarsest, so the stricter of two is
/// the larger value. Months and years are calendar units in UTC (HIPAA Safe Harbor keeps the year only).
/// </summary>
public enum TimeGranularity : byte
{
    /// <summary>Times travel as measured.</summary>
    None = 0,
    Minute = 1,
    FiveMinutes = 2,
    FifteenMinutes = 3,
    Hour = 4,
    SixHours = 5,
    Day = 6,
    Month = 7,
    Year = 8,
}

/// <summary>Names and arithmetic of <see cref="TimeGranularity"/>.</summary>
public static class TimeGranularities
{
    private static readonly (string Name, TimeGranularity Value)[] Names =
    [
        ("minute", TimeGranularity.Minute),
        ("5min", TimeGranularity.FiveMinutes),
        ("15min", TimeGranularity.FifteenMinutes),
        ("hour", TimeGranularity.Hour),
        ("6h", TimeGranularity.SixHours),
        ("day", TimeGranularity.Day),
        ("month", TimeGranularity.Month),
        ("year", TimeGranularity.Year),
    ];

    /// <summary>The names a policy file may use, for error messages.</summary>
    public static string Accepted { get; } = string.Join(", ", Names.Select(n => n.Name));

    /// <summary>Parses a policy-file name (<c>hour</c>, <c>day</c>, ...).</summary>
    public static bool TryParse(string? text, out TimeGranularity value)
    {
        foreach (var (name, v) in Names)
        {
            if (string.Equals(name, text, StringComparison.Ordinal))
            {
                value = v;
                return true;
            }
        }

        value = TimeGranularity.None;
        return false;
    }

    /// <summary>The policy-file name of a granularity.</summary>
    public static string Name(TimeGranularity value) =>
        value == TimeGranularity.None ? "none" : Names.First(n => n.Value == value).Name;

    /// <summary>Floors a time to the granularity, in UTC. The result is never later than the input.</summary>
    public static DateTimeOffset Floor(DateTimeOffset time, TimeGranularity granularity)
    {
        var utc = time.UtcDateTime;
        DateTime floored = granularity switch
        {
            TimeGranularity.None => utc,
            TimeGranularity.Minute => FloorTicks(utc, TimeSpan.TicksPerMinute),
            TimeGranularity.FiveMinutes => FloorTicks(utc, 5 * TimeSpan.TicksPerMinute),
            TimeGranularity.FifteenMinutes => FloorTicks(utc, 15 * TimeSpan.TicksPerMinute),
            TimeGranularity.Hour => FloorTicks(utc, TimeSpan.TicksPerHour),
            TimeGranularity.SixHours => FloorTicks(utc, 6 * TimeSpan.TicksPerHour),
            TimeGranularity.Day => FloorTicks(utc, TimeSpan.TicksPerDay),
            TimeGranularity.Month => new DateTime(utc.Year, utc.Month, 1, 0, 0, 0, DateTimeKind.Utc),
            TimeGranularity.Year => new DateTime(utc.Year, 1, 1, 0, 0, 0, DateTimeKind.Utc),
            _ => throw new ArgumentOutOfRangeException(nameof(granularity)),
        };
        return new DateTimeOffset(floored, TimeSpan.Zero);
    }

    private static DateTime FloorTicks(DateTime utc, long unit) => new(utc.Ticks - (utc.Ticks % unit), DateTimeKind.Utc);
}
