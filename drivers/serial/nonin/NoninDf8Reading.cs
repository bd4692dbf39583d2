using Edge.Core;

namespace Edge.Drivers.Serial.Nonin;

/// <summary>
/// One Nonin DF8 record (4 bytes, once a second; 9560 OEM spec, WristOx2 3150 per drphrozen/mattjlewis;
/// reference/serial.md §2.4). Both values are display-formatted: they are held for 10 s after the finger is
/// removed, with SNSF set.
/// </summary>
/// <param name="HeartRate">HR-D, /min; null for the missing code 511.</param>
/// <param name="SpO2">SpO2-D, %; null for the missing code 127.</param>
/// <param name="SensorDisconnect">Byte 1 bit 6 (3150/OEM III SNSD; reserved on the 9560).</param>
/// <param name="OutOfTrack">Byte 1 bit 5.</param>
/// <param name="LowPerfusion">Byte 1 bit 4, LPRF (held for the whole duration).</param>
/// <param name="MarginalPerfusion">Byte 1 bit 3, MPRF.</param>
/// <param name="Artifact">Byte 1 bit 2.</param>
/// <param name="SmartPoint">Byte 4 bit 5, SPA.</param>
/// <param name="SensorAlarm">Byte 4 bit 3, SNSF: finger removed; the values are held display values.</param>
/// <param name="LowBattery">Byte 4 bit 0.</param>
public sealed record NoninDf8Reading(
    int? HeartRate,
    int? SpO2,
    bool SensorDisconnect,
    bool OutOfTrack,
    bool LowPerfusion,
    bool MarginalPerfusion,
    bool Artifact,
    bool SmartPoint,
    bool SensorAlarm,
    bool LowBattery)
{
    /// <summary>
    /// The quality flags: SNSD → SensorFault; SNSF → SensorContactLost and <see cref="QualityIssues.Stale"/> (a held
    /// display value is not live); OOT, ARTF → Artefact; LPRF, MPRF → LowPerfusion.
    /// </summary>
    public QualityIssues Flags =>
        (SensorDisconnect ? QualityIssues.SensorFault : QualityIssues.None) |
        (SensorAlarm ? QualityIssues.SensorContactLost | QualityIssues.Stale : QualityIssues.None) |
        (OutOfTrack || Artifact ? QualityIssues.Artefact : QualityIssues.None) |
        (LowPerfusion || MarginalPerfusion ? QualityIssues.LowPerfusion : QualityIssues.None);
}
