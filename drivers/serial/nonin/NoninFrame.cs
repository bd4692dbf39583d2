namespace Edge.Drivers.Serial.Nonin;

/// <summary>One checked 5-byte DF2 or DF7 frame.</summary>
/// <param name="Status">The STATUS byte.</param>
/// <param name="Pleth">Pleth sample: 8-bit in DF2, 16-bit in DF7.</param>
/// <param name="FloatByte">The FLOAT byte (0-127), whose meaning depends on the frame's position in the packet.</param>
public readonly record struct NoninFrame(NoninStatus Status, int Pleth, byte FloatByte)
{
    /// <summary>True on frame 1 of a packet.</summary>
    public bool IsSync => (Status & NoninStatus.Sync) != 0;
}
