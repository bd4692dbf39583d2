namespace Edge.Core;

/// <summary>
/// The one table that maps a <see cref="VitalKind"/> to its LOINC code and UCUM unit. Units are normalised at the
/// driver boundary, so every <see cref="Observation"/> of a kind carries the unit listed here. Thread-safe (immutable).
/// </summary>
public static class VitalCatalog
{
    private static readonly VitalInfo[] Table =
    [
        new(VitalKind.HeartRate, "heart_rate", "8867-4", "/min", "Heart rate"),
        new(VitalKind.PulseRate, "pulse_rate", "8889-8", "/min", "Heart rate by Pulse oximetry"),
        new(VitalKind.SpO2, "spo2", "59408-5", "%", "Oxygen saturation in Arterial blood by Pulse oximetry"),
        new(VitalKind.PerfusionIndex, "perfusion_index", "61006-3", "%", "Perfusion index Tissue by Pulse oximetry"),
        new(VitalKind.RespiratoryRate, "respiratory_rate", "9279-1", "/min", "Respiratory rate"),
        new(VitalKind.SystolicBloodPressure, "systolic_bp", "8480-6", "mm[Hg]", "Systolic blood pressure"),
        new(VitalKind.DiastolicBloodPressure, "diastolic_bp", "8462-4", "mm[Hg]", "Diastolic blood pressure"),
        new(VitalKind.MeanArterialPressure, "mean_bp", "8478-0", "mm[Hg]", "Mean blood pressure"),
        new(VitalKind.BodyTemperature, "body_temperature", "8310-5", "Cel", "Body temperature"),
        new(VitalKind.BodyWeight, "body_weight", "29463-7", "kg", "Body weight"),
        new(VitalKind.Glucose, "glucose", "2339-0", "mg/dL", "Glucose [Mass/volume] in Blood"),
        new(VitalKind.EnergyExpended, "energy_expended", "41981-2", "kJ", "Calories burned"),
        new(VitalKind.RrInterval, "rr_interval", "8637-1", "ms", "R-R interval by EKG"),
    ];

    /// <summary>Number of kinds; arrays indexed by <see cref="VitalKind"/> have this length.</summary>
    public static int Count => Table.Length;

    /// <summary>All kinds in enum order.</summary>
    public static IReadOnlyList<VitalInfo> All => Table;

    /// <summary>Returns the catalogue entry of <paramref name="kind"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The kind is not defined.</exception>
    public static VitalInfo Get(VitalKind kind)
    {
        var i = (int)kind;
        if ((uint)i >= (uint)Table.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown vital kind.");
        }

        return Table[i];
    }
}
