using Edge.Core;

namespace Edge.Analytics.Quality;

/// <summary>
/// Physiologically plausible range per vital, in catalogue units (inclusive). A value outside it is a device or
/// transmission error, not a patient state: HR 20–250 /min, SpO2 50–100 %, RR 3–70 /min, temperature 30–43 °C,
/// SBP 50–280, DBP 20–180, MAP 30–220 mm[Hg], weight 2–350 kg, glucose 10–1000 mg/dL (reference analytics.md §6.3,
/// widened where a real patient can go). Thread-safe (immutable).
/// </summary>
public static class PlausibilityLimits
{
    private static readonly (double Min, double Max)[] Table = Build();

    /// <summary>The inclusive plausible range of <paramref name="kind"/>.</summary>
    public static (double Min, double Max) For(VitalKind kind) =>
        (uint)kind < (uint)Table.Length ? Table[(int)kind] : (double.NegativeInfinity, double.PositiveInfinity);

    /// <summary>Whether <paramref name="value"/> is a finite number inside the range of <paramref name="kind"/>.</summary>
    public static bool IsPlausible(VitalKind kind, double value)
    {
        var (min, max) = For(kind);
        return double.IsFinite(value) && value >= min && value <= max;
    }

    private static (double, double)[] Build()
    {
        var t = new (double, double)[VitalCatalog.Count];
        Array.Fill(t, (double.NegativeInfinity, double.PositiveInfinity));
        t[(int)VitalKind.HeartRate] = (20, 250);
        t[(int)VitalKind.PulseRate] = (20, 250);
        t[(int)VitalKind.SpO2] = (50, 100);
        t[(int)VitalKind.PerfusionIndex] = (0, 20);
        t[(int)VitalKind.RespiratoryRate] = (3, 70);
        t[(int)VitalKind.SystolicBloodPressure] = (50, 280);
        t[(int)VitalKind.DiastolicBloodPressure] = (20, 180);
        t[(int)VitalKind.MeanArterialPressure] = (30, 220);
        t[(int)VitalKind.BodyTemperature] = (30, 43);
        t[(int)VitalKind.BodyWeight] = (2, 350);
        t[(int)VitalKind.Glucose] = (10, 1000);
        t[(int)VitalKind.EnergyExpended] = (0, 100_000);
        t[(int)VitalKind.RrInterval] = (200, 3000);
        return t;
    }
}
