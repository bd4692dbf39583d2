namespace Edge.Core;

/// <summary>Alert severity. <see cref="High"/> and <see cref="Medium"/> travel in the alarm lane.</summary>
public enum AlertSeverity : byte
{
    Info = 0,
    Low = 1,
    Medium = 2,
    High = 3,
}
