namespace Edge.Drivers.Ble;

/// <summary>One Temperature Measurement (0x2A1C) as sent.</summary>
/// <param name="IsFahrenheit">Flags bit 0.</param>
/// <param name="Temperature">FLOAT in the flagged unit.</param>
/// <param name="TimeStamp">Flags bit 1.</param>
/// <param name="TemperatureType">Flags bit 2: 1 armpit, 2 body, 3 ear, 4 finger, 5 GI tract, 6 mouth, 7 rectum, 8 toe, 9 tympanum.</param>
public sealed record TemperatureMeasurement(bool IsFahrenheit, MderFloat Temperature, BleDateTime? TimeStamp, byte? TemperatureType)
{
    /// <summary>Presence only.</summary>
    public override string ToString() =>
        $"TemperatureMeasurement(F={IsFahrenheit}, time={TimeStamp is not null}, type={TemperatureType is not null})";
}
