namespace Edge.Analytics.News2;

/// <summary>
/// The observations NEWS2 is scored from. Every member is optional: <see langword="null"/> means missing, and a
/// missing parameter is reported as such by <see cref="News2Calculator"/>, never replaced by a normal value.
/// Values may come straight from a device (for example 20.6 /min or 38.04 °C); the calculator rounds them to chart
/// resolution.
/// </summary>
/// <param name="RespiratoryRate">Respiration rate, breaths per minute.</param>
/// <param name="SpO2">Peripheral oxygen saturation, percent.</param>
/// <param name="OnOxygen">
/// <see langword="true"/> on supplemental oxygen, <see langword="false"/> on air, <see langword="null"/> unknown.
/// Unknown is missing; it is not assumed to be air.
/// </param>
/// <param name="SystolicBloodPressure">Systolic blood pressure, mm[Hg].</param>
/// <param name="Pulse">Pulse (heart rate), beats per minute.</param>
/// <param name="Consciousness">ACVPU level; <see langword="null"/> when unknown (it is not assumed to be Alert).</param>
/// <param name="Temperature">Body temperature, degrees Celsius.</param>
public sealed record News2Inputs(
    double? RespiratoryRate = null,
    double? SpO2 = null,
    bool? OnOxygen = null,
    double? SystolicBloodPressure = null,
    double? Pulse = null,
    Acvpu? Consciousness = null,
    double? Temperature = null);
