namespace Edge.Drivers.Ble;

/// <summary>
/// Sensor Contact Status of a Heart Rate Measurement (0x2A37), flags bits 1-2. Bit 2 says whether the sensor supports
/// contact detection; bit 1 is meaningful only when bit 2 is set.
/// </summary>
public enum SensorContactStatus : byte
{
    /// <summary>Bits 1-2 = 0b00 or 0b01: the sensor does not report contact. This is not "contact lost".</summary>
    NotSupported = 0,

    /// <summary>Bits 1-2 = 0b10: contact detection is supported and no skin contact is detected.</summary>
    NotDetected = 2,

    /// <summary>Bits 1-2 = 0b11: contact detection is supported and skin contact is detected.</summary>
    Detected = 3,
}
