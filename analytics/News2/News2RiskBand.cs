namespace Edge.Analytics.News2;

/// <summary>
/// The NEWS2 clinical risk band (RCP 2017, Chart 3/4). The values are ordered: a larger value is a higher risk.
/// </summary>
public enum News2RiskBand
{
    /// <summary>Total 0–4 and no single parameter scoring 3.</summary>
    Low = 0,
    /// <summary>A single parameter scores 3 (a "red score") while the total is 4 or less.</summary>
    LowMedium = 1,
    /// <summary>Total 5–6: the key threshold for an urgent response.</summary>
    Medium = 2,
    /// <summary>Total 7 or more: emergency response.</summary>
    High = 3,
}
