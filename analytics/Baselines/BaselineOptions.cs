namespace Edge.Analytics.Baselines;

/// <summary>Settings of the per-patient baselines. Section <c>Edge:Analytics:Baseline</c>.</summary>
public sealed class BaselineOptions
{
    /// <summary>
    /// How long a patient's baseline is learned before it is used: the robust median/MAD per time-of-day bin is
    /// built from this period. Until then only the rules (NEWS2, hard limits) alert. Default 24 hours; 3–7 days is
    /// better where the programme allows it.
    /// </summary>
    public TimeSpan Period { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Minutes of data a channel needs at the end of <see cref="Period"/> to be established. Default 120.</summary>
    public int MinMinutes { get; set; } = 120;

    /// <summary>
    /// Half-life of the slow update after the baseline is established, in time the patient is observed in that
    /// time-of-day bin. Default 3 days. The update is frozen while an alert is active and for rejected readings.
    /// </summary>
    public TimeSpan HalfLife { get; set; } = TimeSpan.FromDays(3);

    /// <summary>
    /// |robust z| of a minute at or above which the minute deviates from the patient's own baseline (the advisory
    /// baseline channel). Default 5.
    /// </summary>
    public double DeviationZ { get; set; } = 5.0;

    /// <summary>Readings a sporadic vital (weight, glucose, cuff BP, spot temperature) needs before trend detection starts. Default 5.</summary>
    public int TrendMinReadings { get; set; } = 5;

    /// <summary>CUSUM allowance k, in robust standard deviations. Default 0.5.</summary>
    public double CusumK { get; set; } = 0.5;

    /// <summary>CUSUM decision threshold h, in robust standard deviations. Default 5.</summary>
    public double CusumH { get; set; } = 5.0;

    /// <summary>
    /// A vital measured at most this often (median gap between readings) is sporadic and gets trend detection.
    /// Weight and glucose always do. Default 2 hours.
    /// </summary>
    public TimeSpan SporadicMinInterval { get; set; } = TimeSpan.FromHours(2);

    internal IEnumerable<string> Errors()
    {
        if (Period < TimeSpan.FromHours(1)) yield return "Baseline:Period must be at least 1 hour.";
        if (MinMinutes < 10) yield return "Baseline:MinMinutes must be at least 10.";
        if (HalfLife < TimeSpan.FromHours(1)) yield return "Baseline:HalfLife must be at least 1 hour.";
        if (!(DeviationZ >= 2 && DeviationZ <= 8)) yield return "Baseline:DeviationZ must be between 2 and 8.";
        if (TrendMinReadings < 3) yield return "Baseline:TrendMinReadings must be at least 3.";
        if (!(CusumK > 0 && CusumK <= 3)) yield return "Baseline:CusumK must be in (0, 3].";
        if (!(CusumH >= 1 && CusumH <= 20)) yield return "Baseline:CusumH must be between 1 and 20.";
        if (SporadicMinInterval <= TimeSpan.Zero) yield return "Baseline:SporadicMinInterval must be positive.";
    }
}
