namespace Edge.Analytics;

/// <summary>The <see cref="Edge.Core.Alert.Code"/>s the NEWS2 alerting raises.</summary>
public static class News2AlertCodes
{
    /// <summary>A single NEWS2 parameter scores 3 while the total is 4 or less (risk band LowMedium). Severity Low.</summary>
    public const string RedScore = "news2.red-score";

    /// <summary>NEWS2 total 5–6 (risk band Medium). Severity Medium.</summary>
    public const string Medium = "news2.medium";

    /// <summary>NEWS2 total 7 or more (risk band High). Severity High.</summary>
    public const string High = "news2.high";
}
