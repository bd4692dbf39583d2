namespace Edge.Drivers.Ble;

/// <summary>One Weight Measurement (0x2A9D) as sent, raw integers in the resolution the flags imply.</summary>
/// <param name="IsImperial">Flags bit 0: weight in 0.01 lb and height in 0.1 in; otherwise 0.005 kg and 0.001 m.</param>
/// <param name="RawWeight">uint16; 0xFFFF = measurement unsuccessful.</param>
/// <param name="TimeStamp">Flags bit 1.</param>
/// <param name="UserId">Flags bit 2; 255 = unknown user.</param>
/// <param name="RawBmi">Flags bit 3, 0.1 kg/m².</param>
/// <param name="RawHeight">Flags bit 3.</param>
public sealed record WeightMeasurement(bool IsImperial, ushort RawWeight, BleDateTime? TimeStamp, byte? UserId, ushort? RawBmi, ushort? RawHeight)
{
    /// <summary>True when the scale reported "measurement unsuccessful" (0xFFFF).</summary>
    public bool IsUnsuccessful => RawWeight == 0xFFFF;

    /// <summary>Presence only.</summary>
    public override string ToString() =>
        $"WeightMeasurement(imperial={IsImperial}, unsuccessful={IsUnsuccessful}, time={TimeStamp is not null}, user={UserId is not null}, bmi={RawBmi is not null})";
}
