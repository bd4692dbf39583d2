namespace Edge.Drivers.Serial;

/// <summary>
/// The wire protocols the serial driver speaks. A port is configured with exactly one; nothing is auto-detected,
/// because a probe (writing commands, trying baud rates) can upset a device that speaks something else.
/// </summary>
public enum SerialProtocol
{
    /// <summary>Masimo Rad-8 / Rad-7 / Radical-7 / Radical-5 ASCII lines, 9600 8N1 (reference/serial.md §1).</summary>
    Masimo = 0,

    /// <summary>Nonin Data Format 2: 5-byte frames with a 0x01 start byte, 8-bit pleth, 75 frames/s (§2.2).</summary>
    NoninDf2 = 1,

    /// <summary>Nonin Data Format 7: like DF2 with a 16-bit pleth and no start byte (§2.3).</summary>
    NoninDf7 = 2,

    /// <summary>Nonin Data Format 8: 4-byte display values once a second (§2.4).</summary>
    NoninDf8 = 3,

    /// <summary>Nonin Data Format 13: SmartPoint spot-check records with device time (§2.5).</summary>
    NoninDf13 = 4,

    /// <summary>Contec CMS50 legacy live stream: 5-byte packets at 60 Hz, 19200 8O1 (§3.1).</summary>
    ContecLegacy = 5,

    /// <summary>Contec "Communication Protocol V7.0": 115200 8N1, <c>7D 81</c> commands, realtime and stored reads (§3.2).</summary>
    ContecV7 = 6,
}
