namespace Edge.Drivers.Ble;

/// <summary>One Glucose Measurement Context (0x2A34), joined to its measurement by <see cref="SequenceNumber"/>.</summary>
/// <param name="SequenceNumber">Equals the measurement's.</param>
/// <param name="ExtendedFlags">Flags bit 7 (reserved content).</param>
/// <param name="CarbohydrateId">Flags bit 0: 1 breakfast .. 7 bedtime.</param>
/// <param name="Carbohydrate">Flags bit 0: SFLOAT in kg (the GSS unit).</param>
/// <param name="Meal">Flags bit 1: 1 preprandial, 2 postprandial, 3 fasting, 4 casual, 5 bedtime.</param>
/// <param name="Tester">Flags bit 2: low nibble.</param>
/// <param name="Health">Flags bit 2: high nibble.</param>
/// <param name="ExerciseDurationSeconds">Flags bit 3 (0xFFFF = overrun).</param>
/// <param name="ExerciseIntensityPercent">Flags bit 3.</param>
/// <param name="MedicationId">Flags bit 4.</param>
/// <param name="Medication">Flags bit 4: in kg (flags bit 5 clear) or litres (set).</param>
/// <param name="MedicationInLitres">Flags bit 5.</param>
/// <param name="HbA1c">Flags bit 6: percent.</param>
public sealed record GlucoseMeasurementContext(
    ushort SequenceNumber,
    byte? ExtendedFlags,
    byte? CarbohydrateId,
    MderFloat? Carbohydrate,
    byte? Meal,
    byte? Tester,
    byte? Health,
    ushort? ExerciseDurationSeconds,
    byte? ExerciseIntensityPercent,
    byte? MedicationId,
    MderFloat? Medication,
    bool MedicationInLitres,
    MderFloat? HbA1c)
{
    /// <summary>Presence only.</summary>
    public override string ToString() =>
        $"GlucoseMeasurementContext(carb={CarbohydrateId is not null}, meal={Meal is not null}, tester={Tester is not null}, " +
        $"exercise={ExerciseDurationSeconds is not null}, medication={MedicationId is not null}, hba1c={HbA1c is not null})";
}
