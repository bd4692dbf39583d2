namespace Edge.Core;

/// <summary>
/// Signal-quality and provenance flags that travel with a reading. Drivers set device flags; ingest adds clock flags.
/// A flagged reading is kept and sent, never silently dropped.
/// </summary>
[Flags]
public enum QualityIssues
{
    None = 0,
    /// <summary>The device reports no skin contact (HRM sensor contact bit, oximeter probe off).</summary>
    SensorContactLost = 1 << 0,
    /// <summary>No sensor or a defective sensor/cable.</summary>
    SensorFault = 1 << 1,
    /// <summary>Low perfusion or low signal confidence.</summary>
    LowPerfusion = 1 << 2,
    /// <summary>Motion, interference or ambient light artefact.</summary>
    Artefact = 1 << 3,
    /// <summary>The device is still searching for a pulse.</summary>
    Searching = 1 << 4,
    /// <summary>The device has an alarm active (advisory; never drives clinical logic on its own).</summary>
    DeviceAlarm = 1 << 5,
    /// <summary>The device says its own clock is not set.</summary>
    DeviceClockNotSet = 1 << 6,
    /// <summary>The gateway clock was not trusted (not NTP-synchronised) when the reading arrived.</summary>
    GatewayClockUntrusted = 1 << 7,
    /// <summary>The value is a held display value, not a live measurement.</summary>
    Stale = 1 << 8,
}
