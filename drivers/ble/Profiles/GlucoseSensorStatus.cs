namespace Edge.Drivers.Ble;

/// <summary>
/// Glucose Sensor Status Annunciation (uint16), GLS 1.0 §3.106. Bits 5/6 follow the spec (and Wireshark's
/// packet-btatt.c), not Nordic's swapped names (reference/ble.md §1.8).
/// </summary>
[Flags]
public enum GlucoseSensorStatus : ushort
{
    None = 0,
    BatteryLow = 1 << 0,
    SensorMalfunction = 1 << 1,
    SampleSizeInsufficient = 1 << 2,
    StripInsertionError = 1 << 3,
    StripTypeIncorrect = 1 << 4,
    ResultHigherThanDeviceCanProcess = 1 << 5,
    ResultLowerThanDeviceCanProcess = 1 << 6,
    SensorTemperatureTooHigh = 1 << 7,
    SensorTemperatureTooLow = 1 << 8,
    SensorReadInterrupted = 1 << 9,
    GeneralDeviceFault = 1 << 10,
    TimeFault = 1 << 11,
}
