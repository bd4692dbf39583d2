using Edge.Core;

namespace Edge.Analytics.Model;

/// <summary>
/// The channels of the window model, in the order of the model contract's <c>channels</c> metadata, and the
/// normalisation constants the training script used (<c>analytics/training/synth.py</c>). A model whose metadata
/// disagrees with these is refused (see <see cref="ModelContract"/>).
/// </summary>
public static class ModelChannels
{
    /// <summary>Number of channels (V).</summary>
    public const int Count = 6;

    /// <summary>Window length in one-minute steps (W).</summary>
    public const int WindowMinutes = 32;

    /// <summary>Time-of-day bins of the baseline (4-hour bins).</summary>
    public const int TimeOfDayBins = 6;

    /// <summary>Robust z-scores are clipped to ±this value.</summary>
    public const float ZClip = 8f;

    /// <summary>Catalogue keys in channel order, exactly as the model metadata lists them.</summary>
    public static readonly string[] Keys =
        ["heart_rate", "spo2", "respiratory_rate", "body_temperature", "systolic_bp", "diastolic_bp"];

    /// <summary>Channel units (UCUM), in channel order.</summary>
    public static readonly string[] Units = ["/min", "%", "/min", "Cel", "mm[Hg]", "mm[Hg]"];

    /// <summary>
    /// Floor of the robust scale per channel, in the channel's unit: a quantised, quiet signal (SpO2 at 97 % all
    /// day) has a MAD near zero, and dividing by it would turn a 1 % wobble into an alarm.
    /// </summary>
    public static readonly double[] Floors = [2.5, 1.0, 1.0, 0.1, 4.0, 3.0];

    /// <summary>
    /// How long a value is carried forward, in minutes, before the channel is missing (mask 0). Temperature and
    /// blood pressure are sparse at home; the streamed channels are never carried.
    /// </summary>
    public static readonly int[] StaleAfterMinutes = [1, 1, 1, 10, 30, 30];

    /// <summary>The channel a vital feeds, or -1 when it feeds none.</summary>
    public static int For(VitalKind kind) => kind switch
    {
        // A strap's heart rate and an oximeter's pulse rate are the same physiological channel.
        VitalKind.HeartRate or VitalKind.PulseRate => 0,
        VitalKind.SpO2 => 1,
        VitalKind.RespiratoryRate => 2,
        VitalKind.BodyTemperature => 3,
        VitalKind.SystolicBloodPressure => 4,
        VitalKind.DiastolicBloodPressure => 5,
        _ => -1,
    };

    /// <summary>The vital kind shown for a channel (heart rate for channel 0).</summary>
    public static VitalKind KindOf(int channel) => channel switch
    {
        0 => VitalKind.HeartRate,
        1 => VitalKind.SpO2,
        2 => VitalKind.RespiratoryRate,
        3 => VitalKind.BodyTemperature,
        4 => VitalKind.SystolicBloodPressure,
        5 => VitalKind.DiastolicBloodPressure,
        _ => throw new ArgumentOutOfRangeException(nameof(channel)),
    };
}
