using Edge.Core;

namespace Edge.Drivers.Serial.Contec;

/// <summary>
/// One Contec CMS50 legacy live packet (5 bytes, 60 per second; atbrask/CMS50Dplus <c>LiveDataPoint</c>, apneaboard
/// wiki; reference/serial.md §3.1).
/// </summary>
/// <param name="SignalStrength">Byte 1 bits 3..0.</param>
/// <param name="SearchingTooLong">Byte 1 bit 4 (atbrask: finger out).</param>
/// <param name="SpO2Dropping">Byte 1 bit 5.</param>
/// <param name="Beep">Byte 1 bit 6: pulse beep.</param>
/// <param name="Pleth">Byte 2 bits 6..0.</param>
/// <param name="BarGraph">Byte 3 bits 3..0.</param>
/// <param name="ProbeError">Byte 3 bit 4: probe/sensor error.</param>
/// <param name="Searching">Byte 3 bit 5: searching for a pulse.</param>
/// <param name="PulseRate">8 bits (byte 3 bit 6 is bit 7, byte 4 the rest), /min; null for 0 and 255.</param>
/// <param name="SpO2">Byte 5, %; null for 0, 127 and anything above 100.</param>
public sealed record ContecLegacyReading(
    int SignalStrength,
    bool SearchingTooLong,
    bool SpO2Dropping,
    bool Beep,
    int Pleth,
    int BarGraph,
    bool ProbeError,
    bool Searching,
    int? PulseRate,
    int? SpO2)
{
    /// <summary>
    /// Quality flags: searching too long (finger out) → SensorContactLost and Searching; searching → Searching;
    /// probe error → SensorFault; SpO2 dropping → DeviceAlarm (advisory).
    /// </summary>
    public QualityIssues Flags =>
        (SearchingTooLong ? QualityIssues.SensorContactLost | QualityIssues.Searching : QualityIssues.None) |
        (Searching ? QualityIssues.Searching : QualityIssues.None) |
        (ProbeError ? QualityIssues.SensorFault : QualityIssues.None) |
        (SpO2Dropping ? QualityIssues.DeviceAlarm : QualityIssues.None);

    /// <summary>
    /// Parses one packet: bit 7 set on byte 1 and clear on bytes 2-5, SpO2 0-100 or 127 (the invalid marker); null
    /// otherwise.
    /// </summary>
    public static ContecLegacyReading? Parse(ReadOnlySpan<byte> p)
    {
        if (p.Length != 5 || (p[0] & 0x80) == 0 || ((p[1] | p[2] | p[3] | p[4]) & 0x80) != 0)
        {
            return null;
        }

        var pr = ((p[2] & 0x40) << 1) | p[3];
        var spo2 = p[4];
        if (spo2 is > 100 and < 127)
        {
            return null;
        }
        return new ContecLegacyReading(
            SignalStrength: p[0] & 0x0F,
            SearchingTooLong: (p[0] & 0x10) != 0,
            SpO2Dropping: (p[0] & 0x20) != 0,
            Beep: (p[0] & 0x40) != 0,
            Pleth: p[1],
            BarGraph: p[2] & 0x0F,
            ProbeError: (p[2] & 0x10) != 0,
            Searching: (p[2] & 0x20) != 0,
            PulseRate: pr is 0 or 255 ? null : pr,
            SpO2: spo2 is 0 or > 100 ? null : spo2);
    }
}
