using Edge.Core;

namespace Edge.Analytics;

/// <summary>Maps a vital to the NEWS2 input it feeds.</summary>
internal static class News2InputMap
{
    /// <summary>Number of <see cref="News2Input"/> values.</summary>
    public const int Count = 5;

    /// <summary>The NEWS2 input <paramref name="kind"/> feeds, or <see langword="null"/> when it feeds none.</summary>
    public static News2Input? For(VitalKind kind) => kind switch
    {
        VitalKind.RespiratoryRate => News2Input.RespiratoryRate,
        VitalKind.SpO2 => News2Input.SpO2,
        VitalKind.SystolicBloodPressure => News2Input.SystolicBloodPressure,
        // A strap's heart rate and an oximeter's pulse rate are both the chart's "pulse"; they share one slot, so the
        // newer of the two is the one scored.
        VitalKind.HeartRate or VitalKind.PulseRate => News2Input.Pulse,
        VitalKind.BodyTemperature => News2Input.Temperature,
        _ => null,
    };
}
