namespace Edge.Drivers.Serial;

/// <summary>
/// Trust gate for protocols without a checksum (Nonin DF8, Contec legacy) or with a weak one (Contec V7). A single
/// random byte run passes a frame check often (about 1 in 16 for a Contec legacy packet, 1 in 30 for DF8), so a frame
/// is released only when it sits in an unbroken run of clean frames (no byte skipped, no frame failed): at least
/// <c>lockFrames</c> into the run, and followed by <c>confirmFrames</c> more. The first rule keeps pure noise out (a
/// wrong baud rate); the second keeps out the noise that can follow a good stream directly (a cable glitch), at the
/// cost of holding each reading for <c>confirmFrames</c> frame periods. Not thread-safe.
/// </summary>
/// <typeparam name="T">What is held per frame.</typeparam>
public sealed class FrameGate<T>
{
    private readonly int _lock;
    private readonly int _confirm;
    private readonly Queue<(T Item, int Position)> _pending;
    private int _run;
    private long _discardMark;

    /// <summary>Creates a gate.</summary>
    /// <param name="lockFrames">Run position a frame needs to be trusted (1 = any frame).</param>
    /// <param name="confirmFrames">Clean frames that must follow a frame before it is released.</param>
    public FrameGate(int lockFrames, int confirmFrames)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(lockFrames, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(confirmFrames);
        _lock = lockFrames;
        _confirm = confirmFrames;
        _pending = new Queue<(T, int)>(confirmFrames + 1);
    }

    /// <summary>Frames dropped because they were too early in a run or their run broke before confirmation.</summary>
    public long Withheld { get; private set; }

    /// <summary>Frames the gate waits for before it releases anything after a break: lock plus confirmation.</summary>
    public int Latency => _lock + _confirm;

    /// <summary>
    /// Offers one frame. <paramref name="bytesDiscardedSoFar"/> is the framer's running discard count: if it moved
    /// since the previous frame, the run is broken. Frames that become trusted are appended to
    /// <paramref name="released"/>, oldest first.
    /// </summary>
    public void Offer(long bytesDiscardedSoFar, bool valid, T item, List<T> released)
    {
        ArgumentNullException.ThrowIfNull(released);
        var clean = valid && bytesDiscardedSoFar == _discardMark;
        _discardMark = bytesDiscardedSoFar;
        if (!clean)
        {
            Break();
        }

        if (!valid)
        {
            return;
        }

        _run = Math.Min(_run + 1, int.MaxValue - 1);
        _pending.Enqueue((item, _run));
        while (_pending.Count > 0 && _run - _pending.Peek().Position >= _confirm)
        {
            var (held, position) = _pending.Dequeue();
            if (position >= _lock)
            {
                released.Add(held);
            }
            else
            {
                Withheld++;
            }
        }
    }

    /// <summary>Drops the run and everything held (a new connection).</summary>
    public void Reset(long bytesDiscardedSoFar)
    {
        Break();
        _discardMark = bytesDiscardedSoFar;
    }

    private void Break()
    {
        Withheld += _pending.Count;
        _pending.Clear();
        _run = 0;
    }
}
