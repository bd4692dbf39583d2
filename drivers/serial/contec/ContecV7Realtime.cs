using Edge.Core;

namespace Edge.Drivers.Serial.Contec;

/// <summary>
/// One V7 realtime packet (type 0x01, 7 data bytes, 60 per second; CMS50Dplus7 <c>RealtimeDataPoint</c>;
/// reference/serial.md §3.2).
/// </summary>
/// <param name="SignalStrength">Data 0 bits 3..0.</param>
/// <param name="SearchingTooLong">Data 0 bit 4.</param>
/// <param name="LowSpO2">Data 0 bit 5: the device's low-SpO2 indication.</param>
/// <param name="Beep">Data 0 bit 6: pulse beep.</param>
/// <param name="ProbeError">Data 0 bit 7: probe error (finger out).</param>
/// <param name="Pleth">Data 1 bits 6..0.</param>
/// <param name="SearchingPulse">Data 1 bit 7.</param>
/// <param name="BarGraph">Data 2 bits 3..0.</param>
/// <param name="PerfusionIndexValid">Data 2 bit 4.</param>
/// <param name="PulseRate">Data 3, /min; null for 0xFF (and 0).</param>
/// <param name="SpO2">Data 4, %; null for 0x7F, 0 and anything above 100.</param>
/// <param name="PerfusionIndexRaw">Data 5-6 little-endian; null for 0xFFFF or when not valid. Its scale is not
/// documented in the sources we have, so it is not published as an observation.</param>
public sealed record ContecV7Realtime(
    int SignalStrength,
    bool SearchingTooLong,
    bool LowSpO2,
    bool Beep,
    bool ProbeError,
    int Pleth,
    bool SearchingPulse,
    int BarGraph,
    bool PerfusionIndexValid,
    int? PulseRate,
    int? SpO2,
    int? PerfusionIndexRaw)
{
    /// <summary>Packet type of a realtime packet.</summary>
    public const byte PacketType = 0x01;

    /// <summary>
    /// Quality flags: probe error (finger out) → SensorContactLost; searching / searching too long → Searching;
    /// low SpO2 → DeviceAlarm (advisory).
    /// </summary>
    public QualityIssues Flags =>
        (ProbeError ? QualityIssues.SensorContactLost : QualityIssues.None) |
        (SearchingPulse || SearchingTooLong ? QualityIssues.Searching : QualityIssues.None) |
        (LowSpO2 ? QualityIssues.DeviceAlarm : QualityIssues.None);

    /// <summary>
    /// Parses the 7 data bytes of a type-0x01 packet (bit 7 already restored); null for a wrong length or an SpO2
    /// byte that is neither 0-100 nor the 0x7F invalid marker.
    /// </summary>
    public static ContecV7Realtime? Parse(ReadOnlySpan<byte> d)
    {
        if (d.Length != 7 || d[4] is > 100 and not 0x7F)
        {
            return null;
        }

        var pi = d[5] | (d[6] << 8);
        var piValid = (d[2] & 0x10) != 0;
        return new ContecV7Realtime(
            SignalStrength: d[0] & 0x0F,
            SearchingTooLong: (d[0] & 0x10) != 0,
            LowSpO2: (d[0] & 0x20) != 0,
            Beep: (d[0] & 0x40) != 0,
            ProbeError: (d[0] & 0x80) != 0,
            Pleth: d[1] & 0x7F,
            SearchingPulse: (d[1] & 0x80) != 0,
            BarGraph: d[2] & 0x0F,
            PerfusionIndexValid: piValid,
            PulseRate: d[3] is 0xFF or 0 ? null : d[3],
            SpO2: d[4] is 0 or > 100 ? null : d[4],
            PerfusionIndexRaw: pi == 0xFFFF || !piValid ? null : pi);
    }
}
