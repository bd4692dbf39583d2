namespace Edge.Core;

/// <summary>Data classes: the unit of residency rules, quotas and lanes.</summary>
public enum DataClass : byte
{
    Vitals = 0,
    Alarm = 1,
    Waveform = 2,
    DeviceEvent = 3,
    Diagnostics = 4,
}
