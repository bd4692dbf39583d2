namespace Edge.Drivers.Serial.Masimo;

/// <summary>
/// The <c>EXC</c> exception bit-field of a Masimo ASCII line (3-7 hex digits). Low 12 bits from the Rad-8 operator's
/// manual, the rest from MD PnP <c>exceptionmessage()</c> (reference/serial.md §1.4). <see cref="MasimoSet"/> alone
/// (<c>EXC=000800</c>) is the normal steady state.
/// </summary>
[Flags]
public enum MasimoExceptions
{
    None = 0,
    NoSensor = 0x000001,
    DefectiveSensor = 0x000002,
    LowPerfusion = 0x000004,
    PulseSearch = 0x000008,
    Interference = 0x000010,
    SensorOff = 0x000020,
    AmbientLight = 0x000040,
    UnrecognizedSensor = 0x000080,
    /// <summary>Reserved in the manual; MD PnP calls it Incompatible Sensor.</summary>
    IncompatibleSensor = 0x000100,
    Reserved0200 = 0x000200,
    LowSignalIq = 0x000400,
    /// <summary>The algorithm runs in full SET mode; normal, not an exception.</summary>
    MasimoSet = 0x000800,
    NoCableConnected = 0x001000,
    CableLifeExpired = 0x002000,
    IncompatibleCable = 0x004000,
    UnrecognizedCable = 0x008000,
    DefectiveCable = 0x010000,
    SensorCalibrating = 0x020000,
    SensorLifeExpired = 0x040000,
    EmitterTemperatureOutOfRange = 0x080000,
    SensorCurrentLimitExceeded = 0x100000,
    SpCoLowConfidence = 0x200000,
    SpMetLowConfidence = 0x400000,
    Reserved800000 = 0x800000,
}
