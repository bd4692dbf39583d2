namespace Edge.Core;

/// <summary>The clock seam: whether the wall clock can be believed right now.</summary>
public interface IClockTrust
{
    /// <summary>The current trust state. Cheap; may be cached by the implementation.</summary>
    ClockTrust Current { get; }
}
