namespace Edge.Analytics.Quality;

/// <summary>Why the quality gate did not trust a reading. Each reason is a data-quality event, never a clinical alert.</summary>
public enum DataQualityReason
{
    /// <summary>The device reports no skin contact or a sensor fault.</summary>
    SensorOff = 0,
    /// <summary>The device reports low perfusion (SpO2 and pulse rate are then unreliable).</summary>
    LowPerfusion = 1,
    /// <summary>The device reports motion or an artefact, or is still searching for a pulse.</summary>
    Motion = 2,
    /// <summary>The value is a held display value, not a live measurement.</summary>
    StaleDisplay = 3,
    /// <summary>The device says its own clock is not set. The value is still used (gateway time is authoritative).</summary>
    ClockNotSet = 4,
    /// <summary>The value is outside the physiologically plausible range for the vital, or not a number.</summary>
    Implausible = 5,
    /// <summary>The value has not changed for longer than the vital ever stays exactly constant.</summary>
    Stuck = 6,
    /// <summary>The stream jumps back and forth by more than physiology allows: motion or a loose probe.</summary>
    Erratic = 7,
}
