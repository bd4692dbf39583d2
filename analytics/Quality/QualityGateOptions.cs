namespace Edge.Analytics.Quality;

/// <summary>Settings of the signal-quality gate. Section <c>Edge:Analytics:Quality</c>.</summary>
public sealed class QualityGateOptions
{
    /// <summary>How long a continuous vital may repeat the same value before it counts as stuck. Default 30 minutes.</summary>
    public TimeSpan StuckAfter { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>At least this many identical readings in a row before a value counts as stuck. Default 10.</summary>
    public int StuckMinReadings { get; set; } = 10;

    /// <summary>
    /// Two reversals (a jump beyond the vital's limit and a jump back) inside this window make a stream erratic; it
    /// stays erratic until a window passes without a jump. Default 10 minutes.
    /// </summary>
    public TimeSpan ErraticWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// A data-quality issue raises a new event only after it has been absent this long on that device and vital.
    /// Default 15 minutes.
    /// </summary>
    public TimeSpan EventRearm { get; set; } = TimeSpan.FromMinutes(15);

    internal IEnumerable<string> Errors()
    {
        if (StuckAfter <= TimeSpan.Zero) yield return "Quality:StuckAfter must be positive.";
        if (StuckMinReadings < 2) yield return "Quality:StuckMinReadings must be at least 2.";
        if (ErraticWindow <= TimeSpan.Zero) yield return "Quality:ErraticWindow must be positive.";
        if (EventRearm <= TimeSpan.Zero) yield return "Quality:EventRearm must be positive.";
    }
}
