using Edge.Core;

namespace Edge.Analytics.Alerts;

/// <summary>
/// A hard limit on one vital: a breach (value ≤ <see cref="Low"/> or ≥ <see cref="High"/>, in catalogue units)
/// that is confirmed on re-check raises a rule alert. Section <c>Edge:Analytics:HardLimits:{vital key}</c>.
/// </summary>
public sealed class HardLimit
{
    /// <summary>Breach at or below this value; <see langword="null"/> for no lower limit.</summary>
    public double? Low { get; set; }

    /// <summary>Breach at or above this value; <see langword="null"/> for no upper limit.</summary>
    public double? High { get; set; }

    /// <summary>Severity of a low breach. Default Medium (alarm lane).</summary>
    public AlertSeverity LowSeverity { get; set; } = AlertSeverity.Medium;

    /// <summary>Severity of a high breach. Default Medium (alarm lane).</summary>
    public AlertSeverity HighSeverity { get; set; } = AlertSeverity.Medium;

    /// <summary>
    /// Hysteresis: an active breach clears only once the value is this far back inside the limit, on two readings
    /// in a row. Must not be negative.
    /// </summary>
    public double Hysteresis { get; set; }

    /// <summary>
    /// The defaults, for values that are critical on their own once re-checked: SpO2 ≤ 92 % (the NHS home-oximetry
    /// red line, severity High), HR ≤ 40 or ≥ 140 /min, RR ≤ 8 or ≥ 30 /min, SBP ≤ 90 or ≥ 220 mm[Hg],
    /// temperature ≤ 35.0 or ≥ 39.5 °C, and glucose below 54 mg/dL (level-2 hypoglycaemia, severity High). Lower
    /// deviations are NEWS2's job. Sites change them under <c>Edge:Analytics:HardLimits</c>.
    /// </summary>
    public static Dictionary<string, HardLimit> Defaults() => new(StringComparer.Ordinal)
    {
        [Key(VitalKind.HeartRate)] = new() { Low = 40, High = 140, Hysteresis = 5 },
        [Key(VitalKind.PulseRate)] = new() { Low = 40, High = 140, Hysteresis = 5 },
        [Key(VitalKind.SpO2)] = new() { Low = 92, LowSeverity = AlertSeverity.High, Hysteresis = 2 },
        [Key(VitalKind.RespiratoryRate)] = new() { Low = 8, High = 30, Hysteresis = 2 },
        [Key(VitalKind.SystolicBloodPressure)] = new() { Low = 90, High = 220, Hysteresis = 5 },
        [Key(VitalKind.BodyTemperature)] = new() { Low = 35.0, High = 39.5, Hysteresis = 0.3 },
        [Key(VitalKind.Glucose)] = new() { Low = 53.9, LowSeverity = AlertSeverity.High, Hysteresis = 10 },
    };

    private static string Key(VitalKind kind) => VitalCatalog.Get(kind).Key;
}
