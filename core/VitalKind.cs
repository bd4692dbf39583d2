namespace Edge.Core;

/// <summary>The vital signs Edge understands. Each maps to one LOINC code and one UCUM unit (see <see cref="VitalCatalog"/>).</summary>
public enum VitalKind : byte
{
    /// <summary>Heart rate from an ECG/PPG strap, beats per minute.</summary>
    HeartRate = 0,
    /// <summary>Pulse rate reported by a pulse oximeter, beats per minute.</summary>
    PulseRate = 1,
    /// <summary>Peripheral oxygen saturation by pulse oximetry, percent.</summary>
    SpO2 = 2,
    /// <summary>Perfusion index, percent.</summary>
    PerfusionIndex = 3,
    /// <summary>Respiratory rate, breaths per minute.</summary>
    RespiratoryRate = 4,
    /// <summary>Systolic blood pressure, mm[Hg].</summary>
    SystolicBloodPressure = 5,
    /// <summary>Diastolic blood pressure, mm[Hg].</summary>
    DiastolicBloodPressure = 6,
    /// <summary>Mean arterial pressure, mm[Hg].</summary>
    MeanArterialPressure = 7,
    /// <summary>Body temperature, degrees Celsius.</summary>
    BodyTemperature = 8,
    /// <summary>Body weight, kilograms.</summary>
    BodyWeight = 9,
    /// <summary>Blood glucose, mg/dL.</summary>
    Glucose = 10,
    /// <summary>Energy expended reported by a heart-rate strap, kJ.</summary>
    EnergyExpended = 11,
    /// <summary>Beat-to-beat (RR) interval, milliseconds.</summary>
    RrInterval = 12,
}
