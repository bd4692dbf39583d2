namespace Edge.Drivers.Serial.Nonin;

/// <summary>
/// The STATUS byte of a Nonin DF2/DF7 frame (9560 OEM spec 6470-000-01, and the OEM III layout used by Pufferfish;
/// reference/serial.md §2.2).
/// </summary>
[Flags]
public enum NoninStatus
{
    None = 0,

    /// <summary>Set on frame 1 of the 25-frame packet only.</summary>
    Sync = 0x01,

    /// <summary>GPRF, green perfusion. With <see cref="RedPerfusion"/>: yellow = low/marginal; alone: high signal.</summary>
    GreenPerfusion = 0x02,

    /// <summary>RPRF, red perfusion. Alone: low or no pulse signal.</summary>
    RedPerfusion = 0x04,

    /// <summary>SNSA, sensor alarm: set when the finger is removed. Display values are then held, not live.</summary>
    SensorAlarm = 0x08,

    /// <summary>OOT, out of track: sustained artefact.</summary>
    OutOfTrack = 0x10,

    /// <summary>ARTF, artefact on this pulse.</summary>
    Artifact = 0x20,

    /// <summary>SNSD, sensor disconnect or inoperable (OEM III, Xpod, 3150); reserved (0) on the 9560.</summary>
    SensorDisconnect = 0x40,

    /// <summary>Always 1: the frame-start marker bit.</summary>
    Always = 0x80,
}
