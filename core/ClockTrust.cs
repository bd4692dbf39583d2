namespace Edge.Core;

/// <summary>Whether the gateway's wall clock can be believed (NTP-synchronised) at the moment a reading was stamped.</summary>
public enum ClockTrust : byte
{
    Unknown = 0,
    Trusted = 1,
    Untrusted = 2,
}
