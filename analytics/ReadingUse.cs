namespace Edge.Analytics;

/// <summary>What <see cref="AnalyticsEngine.Process"/> did with a reading.</summary>
public enum ReadingUse
{
    /// <summary>The reading updated a NEWS2 input and the patient was rescored.</summary>
    Scored = 0,
    /// <summary>The reading's vital is not a NEWS2 input (for example weight or perfusion index). Nothing changed.</summary>
    NotNews2Input = 1,
    /// <summary>
    /// The reading is a NEWS2 input but was not used: it carries an issue in
    /// <see cref="AnalyticsEngine.UnscorableIssues"/>, or its value is not a finite number. Nothing changed.
    /// </summary>
    Excluded = 2,
}
