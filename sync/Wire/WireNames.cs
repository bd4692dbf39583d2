using Edge.Core;

namespace Edge.Sync.Wire;

/// <summary>The wire spellings of enums shared by every payload format. Thread-safe (immutable tables).</summary>
internal static class WireNames
{
    /// <summary>Every quality flag the wire knows; unknown bits are not sent.</summary>
    public const QualityIssues KnownQuality = (QualityIssues)0x1FF;

    private static readonly QualityIssues[] Flags =
    [
        QualityIssues.SensorContactLost,
        QualityIssues.SensorFault,
        QualityIssues.LowPerfusion,
        QualityIssues.Artefact,
        QualityIssues.Searching,
        QualityIssues.DeviceAlarm,
        QualityIssues.DeviceClockNotSet,
        QualityIssues.GatewayClockUntrusted,
        QualityIssues.Stale,
    ];

    // One shared name list per flag combination (512 of them), so writing a reading's flags allocates nothing.
    private static readonly string[]?[] QualityLists = BuildQualityLists();

    public static string Clock(ClockTrust clock) => clock switch
    {
        ClockTrust.Trusted => "trusted",
        ClockTrust.Untrusted => "untrusted",
        _ => "unknown",
    };

    public static string Severity(AlertSeverity severity) => severity switch
    {
        AlertSeverity.High => "high",
        AlertSeverity.Medium => "medium",
        AlertSeverity.Low => "low",
        _ => "info",
    };

    public static string Quality(QualityIssues flag) => flag switch
    {
        QualityIssues.SensorContactLost => "sensor-contact-lost",
        QualityIssues.SensorFault => "sensor-fault",
        QualityIssues.LowPerfusion => "low-perfusion",
        QualityIssues.Artefact => "artefact",
        QualityIssues.Searching => "searching",
        QualityIssues.DeviceAlarm => "device-alarm",
        QualityIssues.DeviceClockNotSet => "device-clock-not-set",
        QualityIssues.GatewayClockUntrusted => "gateway-clock-untrusted",
        QualityIssues.Stale => "stale",
        _ => "other",
    };

    /// <summary>The names of the known flags set in <paramref name="flags"/>, in bit order; null when none is set. The array is shared: do not modify it.</summary>
    public static string[]? QualityList(QualityIssues flags) => QualityLists[(int)(flags & KnownQuality)];

    private static string[]?[] BuildQualityLists()
    {
        var lists = new string[]?[(int)KnownQuality + 1];
        for (var bits = 1; bits < lists.Length; bits++)
        {
            lists[bits] = [.. Flags.Where(f => (bits & (int)f) != 0).Select(Quality)];
        }

        return lists;
    }
}
