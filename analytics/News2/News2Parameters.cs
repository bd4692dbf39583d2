namespace Edge.Analytics.News2;

/// <summary>The seven rows of the NEWS2 chart, as flags so that a set of them (for example the missing ones) is one value.</summary>
[Flags]
public enum News2Parameters
{
    /// <summary>No parameter.</summary>
    None = 0,
    /// <summary>Respiration rate.</summary>
    RespiratoryRate = 1 << 0,
    /// <summary>SpO2 (on the patient's scale).</summary>
    SpO2 = 1 << 1,
    /// <summary>Air or oxygen.</summary>
    AirOrOxygen = 1 << 2,
    /// <summary>Systolic blood pressure.</summary>
    SystolicBloodPressure = 1 << 3,
    /// <summary>Pulse.</summary>
    Pulse = 1 << 4,
    /// <summary>Consciousness (ACVPU).</summary>
    Consciousness = 1 << 5,
    /// <summary>Temperature.</summary>
    Temperature = 1 << 6,
    /// <summary>All seven parameters.</summary>
    All = RespiratoryRate | SpO2 | AirOrOxygen | SystolicBloodPressure | Pulse | Consciousness | Temperature,
}
