namespace Edge.Drivers.Serial;

/// <summary>
/// Lock-on for protocols without a checksum (Nonin DF8, Contec legacy) or with a weak one (Contec V7): a frame is
/// trusted only after <see cref="Threshold"/> frames in a row arrived with no byte skipped between them. Random
/// bytes (a wrong baud rate, line noise) pass a single frame check often (about 1 in 16 for a Contec legacy packet),
/// but almost never several back to back, so noise does not become readings. Any skipped byte drops the lock.
/// Not thread-safe.
/// </summary>
public struct FrameLock
{
    private readonly int _threshold;
    private int _run;
    private long _discardMark;

    /// <summary>Creates a lock that needs <paramref name="threshold"/> clean frames in a row.</summary>
    public FrameLock(int threshold)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threshold, 1);
        _threshold = threshold;
        _run = 0;
        _discardMark = 0;
    }

    /// <summary>Frames needed in a row.</summary>
    public readonly int Threshold => _threshold;

    /// <summary>True while locked.</summary>
    public readonly bool IsLocked => _run >= _threshold;

    /// <summary>
    /// Records a frame. <paramref name="bytesDiscardedSoFar"/> is the framer's running discard count: if it moved since
    /// the previous frame, bytes were skipped and the run starts again. Returns true when the frame is trusted.
    /// </summary>
    public bool Observe(long bytesDiscardedSoFar, bool frameValid)
    {
        var clean = frameValid && bytesDiscardedSoFar == _discardMark;
        _discardMark = bytesDiscardedSoFar;
        _run = clean ? Math.Min(_run + 1, int.MaxValue - 1) : (frameValid ? 1 : 0);
        return _run >= _threshold;
    }

    /// <summary>Drops the lock (a new connection).</summary>
    public void Reset(long bytesDiscardedSoFar)
    {
        _run = 0;
        _discardMark = bytesDiscardedSoFar;
    }
}
