namespace Edge.Drivers.Ble;

/// <summary>One Glucose Measurement (0x2A18) as sent.</summary>
/// <param name="SequenceNumber">The meter's record number; RACP filters on it.</param>
/// <param name="BaseTime">Base Time (mandatory).</param>
/// <param name="TimeOffsetMinutes">Flags bit 0: minutes to add to the base time for the user-facing time.</param>
/// <param name="Concentration">Flags bit 1: in kg/L (flags bit 2 clear) or mol/L (set).</param>
/// <param name="IsMolesPerLitre">Flags bit 2.</param>
/// <param name="Type">Flags bit 1: low nibble, 1-10 (10 = control solution).</param>
/// <param name="SampleLocation">Flags bit 1: high nibble, 1-4 or 15 (4 = control solution, 15 = not available).</param>
/// <param name="SensorStatus">Flags bit 3.</param>
/// <param name="ContextFollows">Flags bit 4: a Glucose Measurement Context with the same sequence number follows.</param>
public sealed record GlucoseMeasurement(
    ushort SequenceNumber,
    BleDateTime BaseTime,
    short? TimeOffsetMinutes,
    MderFloat? Concentration,
    bool IsMolesPerLitre,
    byte? Type,
    byte? SampleLocation,
    GlucoseSensorStatus? SensorStatus,
    bool ContextFollows)
{
    /// <summary>True for a control-solution test (type 10 or location 4): not patient data.</summary>
    public bool IsControlSolution => Type == 10 || SampleLocation == 4;

    /// <summary>Presence only.</summary>
    public override string ToString() =>
        $"GlucoseMeasurement(offset={TimeOffsetMinutes is not null}, concentration={Concentration is not null}, " +
        $"molar={IsMolesPerLitre}, status={SensorStatus is not null}, context={ContextFollows})";
}
