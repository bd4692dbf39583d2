using Edge.Analytics.Model;

namespace Edge.Analytics.Baselines;

/// <summary>
/// One patient's baseline of the window-model channels: a robust median and scale per channel and time-of-day bin.
/// Not thread-safe; owned by the engine's single caller.
/// </summary>
/// <remarks>
/// <para>
/// <b>Learning.</b> For <see cref="BaselineOptions.Period"/> from the patient's first minute, accepted one-minute
/// values are only collected. Then each channel with at least <see cref="BaselineOptions.MinMinutes"/> minutes is
/// established: per 4-hour time-of-day bin, median and 1.4826·MAD (a bin with fewer than 30 minutes uses the whole
/// period's), so a nightly heart-rate dip is normal at 04:00 and not at 16:00. A channel without enough data keeps
/// learning and is missing for the model.
/// </para>
/// <para>
/// <b>Slow update.</b> After that, each accepted minute moves its bin's median by a Huber-clipped EWMA step and the
/// scale by an EWMA of the clipped absolute deviation, with the half-life of <see cref="BaselineOptions.HalfLife"/>.
/// The engine does not call <see cref="Update"/> while an alert is active or for rejected readings, so the baseline
/// never learns a deterioration or an artefact.
/// </para>
/// <para><b>Scale floor.</b> z = (x − median)/max(scale, floor), clipped to ±<see cref="ModelChannels.ZClip"/>.</para>
/// </remarks>
internal sealed class RobustBaseline
{
    private const int Bins = ModelChannels.TimeOfDayBins;
    private const int MinBinMinutes = 30;
    private const int MaxLearningMinutes = 7 * 24 * 60;

    private readonly BaselineOptions _options;
    private readonly double _alpha;
    private readonly List<float>?[] _learnValues = new List<float>?[ModelChannels.Count];
    private readonly List<byte>?[] _learnBins = new List<byte>?[ModelChannels.Count];
    private readonly double[] _median = new double[ModelChannels.Count * Bins];
    private readonly double[] _scale = new double[ModelChannels.Count * Bins];
    private readonly bool[] _established = new bool[ModelChannels.Count];
    private DateTimeOffset? _start;

    public RobustBaseline(BaselineOptions options)
    {
        _options = options;
        // One update per observed minute: alpha such that weights halve after HalfLife minutes.
        _alpha = 1 - Math.Pow(2, -1 / options.HalfLife.TotalMinutes);
    }

    /// <summary>Whether at least one channel is established (the patient's baseline period is over).</summary>
    public bool AnyEstablished => Array.IndexOf(_established, true) >= 0;

    /// <summary>Feeds one accepted one-minute value while learning; establishes channels when the period ends.</summary>
    public void Learn(int channel, int bin, double value, DateTimeOffset minute)
    {
        _start ??= minute;
        if (_established[channel])
        {
            return;
        }

        var values = _learnValues[channel] ??= new List<float>(256);
        var bins = _learnBins[channel] ??= new List<byte>(256);
        if (values.Count < MaxLearningMinutes)
        {
            values.Add((float)value);
            bins.Add((byte)bin);
        }
    }

    /// <summary>Establishes every channel that has learned long enough; call once per closed minute.</summary>
    public void Advance(DateTimeOffset minute)
    {
        _start ??= minute;
        if (minute - _start.Value < _options.Period)
        {
            return;
        }

        for (var c = 0; c < ModelChannels.Count; c++)
        {
            if (!_established[c] && _learnValues[c] is { } values && values.Count >= _options.MinMinutes)
            {
                Establish(c, values, _learnBins[c]!);
                _learnValues[c] = null;
                _learnBins[c] = null;
            }
        }
    }

    /// <summary>The robust z-score of <paramref name="value"/>, or <see langword="false"/> while the channel is learning.</summary>
    public bool TryZ(int channel, int bin, double value, out float z)
    {
        if (!_established[channel])
        {
            z = 0;
            return false;
        }

        var i = (channel * Bins) + bin;
        var scale = Math.Max(_scale[i], ModelChannels.Floors[channel]);
        z = (float)Math.Clamp((value - _median[i]) / scale, -ModelChannels.ZClip, ModelChannels.ZClip);
        return true;
    }

    /// <summary>The slow update of an established channel (see remarks). Call only for accepted, non-alerting minutes.</summary>
    public void Update(int channel, int bin, double value)
    {
        if (!_established[channel])
        {
            return;
        }

        var i = (channel * Bins) + bin;
        var scale = Math.Max(_scale[i], ModelChannels.Floors[channel]);
        var d = Math.Clamp(value - _median[i], -2.5 * scale, 2.5 * scale);
        _median[i] += _alpha * d;
        // E|N(0, s)| = 0.7979 s, so 1.2533 |d| estimates s; the Huber clip biases it slightly low, and the floor bounds it.
        _scale[i] += _alpha * ((1.2533 * Math.Abs(d)) - _scale[i]);
    }

    /// <summary>The time-of-day bin of a local time.</summary>
    public static int BinOf(TimeSpan timeOfDay) => Math.Clamp((int)(timeOfDay.TotalMinutes * Bins / 1440), 0, Bins - 1);

    private void Establish(int channel, List<float> values, List<byte> bins)
    {
        var all = values.ToArray();
        var (allMedian, allMad) = MedianMad(all);
        for (var b = 0; b < Bins; b++)
        {
            var count = 0;
            for (var k = 0; k < bins.Count; k++)
            {
                count += bins[k] == b ? 1 : 0;
            }

            double median = allMedian, mad = allMad;
            if (count >= MinBinMinutes)
            {
                var inBin = new float[count];
                var j = 0;
                for (var k = 0; k < bins.Count; k++)
                {
                    if (bins[k] == b)
                    {
                        inBin[j++] = values[k];
                    }
                }

                (median, mad) = MedianMad(inBin);
            }

            _median[(channel * Bins) + b] = median;
            _scale[(channel * Bins) + b] = 1.4826 * mad;
        }

        _established[channel] = true;
    }

    private static (double Median, double Mad) MedianMad(float[] values)
    {
        var median = Median(values);
        var dev = new float[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            dev[i] = (float)Math.Abs(values[i] - median);
        }

        return (median, Median(dev));
    }

    private static double Median(float[] values)
    {
        Array.Sort(values);
        var n = values.Length;
        return n == 0 ? 0 : n % 2 == 1 ? values[n / 2] : (values[(n / 2) - 1] + values[n / 2]) / 2.0;
    }
}
