namespace Edge.Drivers.Serial.Nonin;

/// <summary>
/// One Nonin DF13 SmartPoint spot-check record (9560 OEM spec 6470-000-01; mattjlewis DataFormat13Serialiser;
/// reference/serial.md §2.5).
/// </summary>
/// <param name="DeviceTime">Measurement time from the BCD date/time fields with the caller's UTC offset; null when
/// the fields are not a valid BCD date (device clock not set).</param>
/// <param name="HeartRate">Pulse rate, /min (9 bits); null for 511.</param>
/// <param name="SpO2">SpO2, %; null for 127.</param>
/// <param name="SmartPoint">Status MSB bit 1, SPA: high-quality SmartPoint measurement.</param>
/// <param name="NoMeasurement">Status MSB bit 0, NOMS: the record carries no measurement.</param>
/// <param name="FromMemory">Status LSB bit 4, MEM: sent from the device's memory after a reconnect (oldest first).</param>
/// <param name="LowBattery">Status LSB bit 0.</param>
/// <param name="DataLength">The LEN field; more than 14 means newer firmware appended fields, which are skipped.</param>
public sealed record NoninDf13Record(
    DateTimeOffset? DeviceTime,
    int? HeartRate,
    int? SpO2,
    bool SmartPoint,
    bool NoMeasurement,
    bool FromMemory,
    bool LowBattery,
    int DataLength);
