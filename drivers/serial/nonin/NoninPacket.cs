namespace Edge.Drivers.Serial.Nonin;

/// <summary>
/// One complete 25-frame DF2/DF7 packet (1/3 s of data), decoded from the FLOAT bytes by frame position (9560 OEM
/// spec; reference/serial.md §2.2). Values are null when the device sends its missing-data code (HR 511, SpO2 127).
/// </summary>
/// <param name="HeartRate">HR, 4-beat average formatted for recording (frames 1-2); missing at once on finger removal.</param>
/// <param name="SpO2">SpO2 formatted for recording (frame 3).</param>
/// <param name="HeartRateDisplay">HR-D, formatted for display (frames 20-21); held for 10 s after finger removal.</param>
/// <param name="SpO2Display">SpO2-D, formatted for display (frame 9); held for 10 s after finger removal.</param>
/// <param name="SpO2Fast">SpO2 Fast (frame 10).</param>
/// <param name="SpO2BeatToBeat">SpO2 B-B (frame 11).</param>
/// <param name="FirmwareRevision">SREV (frame 4).</param>
/// <param name="Timer">TMR, 1/3-second timer, 14 bits (frames 6-7).</param>
/// <param name="SmartPoint">STAT2 bit 5, SPA: SmartPoint high-quality measurement.</param>
/// <param name="LowBattery">STAT2 bit 0.</param>
/// <param name="Status">Every STATUS bit seen in the packet's 25 frames, OR-ed (perfusion bits are per-pulse events).</param>
public sealed record NoninPacket(
    int? HeartRate,
    int? SpO2,
    int? HeartRateDisplay,
    int? SpO2Display,
    int? SpO2Fast,
    int? SpO2BeatToBeat,
    int FirmwareRevision,
    int Timer,
    bool SmartPoint,
    bool LowBattery,
    NoninStatus Status);
