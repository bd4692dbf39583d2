namespace Edge.Analytics.Model;

/// <summary>
/// One patient's model input: the open minute's accepted values per channel, and a ring of the last
/// <see cref="ModelChannels.WindowMinutes"/> closed minutes as robust z-scores with a mask. Not thread-safe.
/// </summary>
internal sealed class PatientWindow
{
    private const int W = ModelChannels.WindowMinutes;
    private const int V = ModelChannels.Count;
    private const int MaxPerMinute = 64;

    private readonly float[] _z = new float[W * V];
    private readonly float[] _mask = new float[W * V];
    private readonly double[] _bucket = new double[V * MaxPerMinute];
    private readonly int[] _bucketCount = new int[V];
    private readonly double[] _carried = new double[V];
    private readonly long[] _carriedMinute = new long[V];
    private readonly bool[] _observedRow = new bool[W];
    private int _head;

    public PatientWindow()
    {
        Array.Fill(_carriedMinute, long.MinValue / 2);
        OpenMinute = long.MinValue;
    }

    /// <summary>The open minute (minutes since the Unix epoch), or <see cref="long.MinValue"/> before the first value.</summary>
    public long OpenMinute { get; set; }

    /// <summary>
    /// Whether a value in the open minute came while the gateway clock was untrusted: its time of day is unknown, so
    /// the minute must not teach the time-of-day baseline.
    /// </summary>
    public bool ClockUntrusted { get; set; }

    /// <summary>Minutes in the ring that had at least one streamed channel observed.</summary>
    public int ObservedMinutes { get; private set; }

    /// <summary>Adds an accepted value to the open minute (beyond 64 values a minute, the rest are ignored).</summary>
    public void Add(int channel, double value)
    {
        var n = _bucketCount[channel];
        if (n < MaxPerMinute)
        {
            _bucket[(channel * MaxPerMinute) + n] = value;
            _bucketCount[channel] = n + 1;
        }
    }

    /// <summary>
    /// The open minute's value of a channel: the median of its values this minute (<paramref name="fresh"/> true), or
    /// the last value carried forward within the channel's staleness limit (<paramref name="fresh"/> false).
    /// </summary>
    public bool TryValue(int channel, long minute, out double value, out bool fresh)
    {
        var n = _bucketCount[channel];
        if (n > 0)
        {
            var values = _bucket.AsSpan(channel * MaxPerMinute, n);
            values.Sort();
            value = n % 2 == 1 ? values[n / 2] : (values[(n / 2) - 1] + values[n / 2]) / 2;
            fresh = true;
            _carried[channel] = value;
            _carriedMinute[channel] = minute;
            return true;
        }

        fresh = false;
        value = _carried[channel];
        return minute - _carriedMinute[channel] < ModelChannels.StaleAfterMinutes[channel];
    }

    /// <summary>Appends a closed minute to the ring and empties the open-minute buckets.</summary>
    public void Push(ReadOnlySpan<float> z, ReadOnlySpan<float> mask, bool observed)
    {
        var wasObserved = RowObserved(_head);
        z.CopyTo(_z.AsSpan(_head * V, V));
        mask.CopyTo(_mask.AsSpan(_head * V, V));
        _observedRow[_head] = observed;
        _head = (_head + 1) % W;
        ObservedMinutes += (observed ? 1 : 0) - (wasObserved ? 1 : 0);
        Array.Clear(_bucketCount);
        ClockUntrusted = false;
    }

    /// <summary>Empties the ring (after a gap longer than the window).</summary>
    public void Reset()
    {
        Array.Clear(_z);
        Array.Clear(_mask);
        Array.Clear(_observedRow);
        Array.Clear(_bucketCount);
        ObservedMinutes = 0;
    }

    /// <summary>Copies the ring, oldest minute first, into one model input row.</summary>
    public void CopyTo(Span<float> x, Span<float> mask)
    {
        var tail = (W - _head) * V;
        _z.AsSpan(_head * V).CopyTo(x);
        _z.AsSpan(0, _head * V).CopyTo(x[tail..]);
        _mask.AsSpan(_head * V).CopyTo(mask);
        _mask.AsSpan(0, _head * V).CopyTo(mask[tail..]);
    }

    private bool RowObserved(int row) => _observedRow[row];
}
