namespace Edge.Drivers.Ble;

/// <summary>Blood Pressure Measurement Status (0x2A35/0x2A36, uint16), Blood Pressure Service 1.1 §3.1.1.5.</summary>
[Flags]
public enum BloodPressureStatus : ushort
{
    None = 0,
    /// <summary>bit 0: body movement detected during measurement.</summary>
    BodyMovement = 1 << 0,
    /// <summary>bit 1: cuff fit too loose.</summary>
    CuffTooLoose = 1 << 1,
    /// <summary>bit 2: irregular pulse detected.</summary>
    IrregularPulse = 1 << 2,
    /// <summary>bits 3-4 = 1: pulse rate exceeds upper limit.</summary>
    PulseRateAboveUpperLimit = 1 << 3,
    /// <summary>bits 3-4 = 2: pulse rate below lower limit.</summary>
    PulseRateBelowLowerLimit = 1 << 4,
    /// <summary>bit 5: improper measurement position.</summary>
    ImproperPosition = 1 << 5,
}
