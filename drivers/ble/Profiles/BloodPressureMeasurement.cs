namespace Edge.Drivers.Ble;

/// <summary>
/// One Blood Pressure Measurement (0x2A35, indicate) or Intermediate Cuff Pressure (0x2A36, notify), as sent. For an
/// intermediate cuff pressure only <see cref="Systolic"/> is meaningful (the current cuff pressure).
/// </summary>
/// <param name="IsKilopascal">Flags bit 0: the three pressures are in kPa, otherwise mm[Hg].</param>
/// <param name="Systolic">Systolic (or current cuff pressure).</param>
/// <param name="Diastolic">Diastolic (unused for ICP).</param>
/// <param name="MeanArterial">Mean arterial pressure (unused for ICP).</param>
/// <param name="TimeStamp">Flags bit 1.</param>
/// <param name="PulseRate">Flags bit 2, /min.</param>
/// <param name="UserId">Flags bit 3; 255 = unknown user.</param>
/// <param name="Status">Flags bit 4.</param>
public sealed record BloodPressureMeasurement(
    bool IsKilopascal,
    MderFloat Systolic,
    MderFloat Diastolic,
    MderFloat MeanArterial,
    BleDateTime? TimeStamp,
    MderFloat? PulseRate,
    byte? UserId,
    BloodPressureStatus? Status)
{
    /// <summary>Presence only.</summary>
    public override string ToString() =>
        $"BloodPressureMeasurement(kPa={IsKilopascal}, time={TimeStamp is not null}, pulse={PulseRate is not null}, " +
        $"user={UserId is not null}, status={Status is not null})";
}
