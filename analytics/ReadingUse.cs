namespace Edge.Analytics;

/// <summary>What <see cref="AnalyticsEngine.Process"/> did with a reading.</summary>
public enum ReadingUse
{
    /// <summary>The reading updated a NEWS2 input and the patient was rescored.</summary>
    Scored = 0,
    /// <summary>
    /// The reading passed the quality gate but is not a NEWS2 input (for example weight, diastolic BP or perfusion
    /// index). It may still feed the window model, a baseline, a trend or a hard limit; the NEWS2 did not change.
    /// </summary>
    NotNews2Input = 1,
    /// <summary>
    /// The quality gate rejected the reading (device flag, implausible or non-finite value, stuck or erratic stream;
    /// <see cref="AnalyticsOutcome.Quality"/> says which). Nothing clinical changed.
    /// </summary>
    Excluded = 2,
}
