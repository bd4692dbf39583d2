using Edge.Core;

namespace Edge.Drivers.Serial;

/// <summary>
/// Thins a fast numeric stream (Nonin 3 packets/s, Contec 60 packets/s) to one reading per interval: the latest
/// values, carrying every quality flag seen since the previous reading, so a brief probe-off between two readings
/// is not lost. Not thread-safe; one decoder owns it.
/// </summary>
public struct NumericCoalescer
{
    private readonly TimeSpan _interval;
    private DateTimeOffset? _last;
    private QualityIssues _flags;

    /// <summary>Creates a coalescer; <see cref="TimeSpan.Zero"/> passes everything.</summary>
    public NumericCoalescer(TimeSpan interval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(interval, TimeSpan.Zero);
        _interval = interval;
        _last = null;
        _flags = QualityIssues.None;
    }

    /// <summary>
    /// Records one packet's flags; returns true, with the flags to stamp, when a reading is due. The accumulated
    /// flags are cleared whenever a reading is due, whether or not the packet had values to emit.
    /// </summary>
    public bool Offer(DateTimeOffset receivedAt, QualityIssues packetFlags, out QualityIssues flags)
    {
        _flags |= packetFlags;
        if (_last is { } last && receivedAt - last < _interval && receivedAt >= last)
        {
            flags = QualityIssues.None;
            return false;
        }

        flags = _flags;
        _flags = QualityIssues.None;
        _last = receivedAt;
        return true;
    }

    /// <summary>Forgets the interval and flags (a new connection).</summary>
    public void Reset()
    {
        _last = null;
        _flags = QualityIssues.None;
    }
}
