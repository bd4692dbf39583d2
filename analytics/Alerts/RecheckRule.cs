namespace Edge.Analytics.Alerts;

/// <summary>
/// When a pending rule breach is confirmed. A streamed vital (pulse, SpO2, respiration rate) needs <see cref="Readings"/>
/// breaching readings in a row spanning at least <see cref="StreamSpan"/>: the breach has lasted, not flickered. A
/// spot vital (cuff BP, temperature, glucose, weight) needs its re-check: a second breaching reading, as home
/// protocols take BP readings in pairs a minute apart; two breaching readings at least <see cref="SpotSpan"/> apart
/// also confirm a streamed vital that reports rarely. While the patient's signal quality is in doubt (a data-quality
/// issue in the last <see cref="AnalyticsOptions.DataQualityHold"/>), a breach needs <see cref="DoubtExtraReadings"/>
/// more readings.
/// </summary>
internal readonly record struct RecheckRule(int Readings, TimeSpan StreamSpan, TimeSpan SpotSpan)
{
    public const int DoubtExtraReadings = 2;

    public bool Confirms(int count, TimeSpan span, bool inDoubt, bool spot)
    {
        var extra = inDoubt ? DoubtExtraReadings : 0;
        return spot
            ? count >= 2 + extra && span > TimeSpan.Zero
            : (count >= Readings + extra && span >= StreamSpan) || (count >= 2 && span >= SpotSpan && !inDoubt);
    }

    /// <summary>Whether a vital is measured as spot readings rather than streamed.</summary>
    public static bool IsSpot(Core.VitalKind kind) => kind is not (Core.VitalKind.HeartRate or Core.VitalKind.PulseRate
        or Core.VitalKind.SpO2 or Core.VitalKind.RespiratoryRate or Core.VitalKind.PerfusionIndex or Core.VitalKind.RrInterval);
}
