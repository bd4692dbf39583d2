namespace Edge.Drivers.Serial.Masimo;

/// <summary>
/// The <c>ALARM</c> bit-field of a Masimo ASCII line (2-6 hex digits), from MD PnP <c>alarmmessage()</c>
/// (reference/serial.md §1.4). Masimo calls the decode proprietary, so it is advisory: only
/// <see cref="AlarmActive"/> is used, and only as a quality flag, never to drive clinical logic.
/// </summary>
[Flags]
public enum MasimoAlarms
{
    None = 0,
    SpO2High = 0x0001,
    SpO2Low = 0x0002,
    PulseRateHigh = 0x0004,
    PulseRateLow = 0x0008,
    AlarmActive = 0x0010,
    AlarmSilenced = 0x0020,
    LowBattery = 0x0040,
    SpCoHigh = 0x0100,
    SpCoLow = 0x0200,
    SpMetHigh = 0x0400,
    SpMetLow = 0x0800,
    DesatIndex = 0x1000,
    PiRateOfChange = 0x2000,
}
