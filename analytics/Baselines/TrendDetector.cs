namespace Edge.Analytics.Baselines;

/// <summary>
/// Trend detection for one sporadic vital of one patient (daily weight, glucose, cuff BP, spot temperature): a
/// two-sided CUSUM on robust z-scores against the patient's own level. Not thread-safe.
/// </summary>
/// <remarks>
/// <para>
/// The first <see cref="BaselineOptions.TrendMinReadings"/> readings set the level (median) and scale
/// (1.4826·MAD, floored per vital). After that each reading gives z = (x − level)/scale and
/// S⁺ = max(0, S⁺ + z − k), S⁻ = max(0, S⁻ − z − k). When either exceeds h, the trend is raised once (direction
/// up or down); the CUSUM then restarts and the alarm re-arms when an EWMA of z (λ = 0.3) is back within ±1.
/// The level follows slowly (EWMA, α = 0.05) only while not alarmed, so a real gain in weight is not learned away.
/// A gradual change (+2 kg over three days on a 0.5 kg scale) crosses h in a few readings, where the
/// "2 kg in 2–3 days" rule caught 21 % of heart-failure events (HeartPhone, reference §2.1).
/// </para>
/// </remarks>
internal sealed class TrendDetector(BaselineOptions options, double floor)
{
    private const double Lambda = 0.3;
    private const double LevelAlpha = 0.05;

    private readonly List<double> _initial = [];
    private double _level;
    private double _scale;
    private double _sPlus;
    private double _sMinus;
    private double _ewma;
    private bool _alarmed;
    private DateTimeOffset? _last;
    private readonly double[] _gaps = new double[8];
    private int _gapCount;

    /// <summary>Median gap between the last readings, or <see langword="null"/> before two readings.</summary>
    public TimeSpan? TypicalInterval
    {
        get
        {
            var n = Math.Min(_gapCount, _gaps.Length);
            if (n == 0)
            {
                return null;
            }

            Span<double> copy = stackalloc double[n];
            _gaps.AsSpan(0, n).CopyTo(copy);
            copy.Sort();
            return TimeSpan.FromMinutes(copy[n / 2]);
        }
    }

    /// <summary>Records the arrival of a reading (for <see cref="TypicalInterval"/>), whether or not it is scored.</summary>
    public void Arrived(DateTimeOffset at)
    {
        if (_last is { } last && at > last)
        {
            _gaps[_gapCount++ % _gaps.Length] = (at - last).TotalMinutes;
        }

        _last = at;
    }

    /// <summary>Feeds one accepted reading; returns +1 or −1 when an upward or downward trend is raised, else 0.</summary>
    public int Observe(double value)
    {
        if (_initial.Count < options.TrendMinReadings)
        {
            _initial.Add(value);
            if (_initial.Count == options.TrendMinReadings)
            {
                var sorted = _initial.Order().ToArray();
                _level = sorted[sorted.Length / 2];
                var dev = sorted.Select(v => Math.Abs(v - _level)).Order().ToArray();
                _scale = Math.Max(1.4826 * dev[dev.Length / 2], floor);
            }

            return 0;
        }

        var z = (value - _level) / _scale;
        _ewma = (Lambda * z) + ((1 - Lambda) * _ewma);
        if (_alarmed)
        {
            if (Math.Abs(_ewma) < 1)
            {
                _alarmed = false;
            }

            return 0;
        }

        _sPlus = Math.Max(0, _sPlus + z - options.CusumK);
        _sMinus = Math.Max(0, _sMinus - z - options.CusumK);
        var raised = _sPlus > options.CusumH ? 1 : _sMinus > options.CusumH ? -1 : 0;
        if (raised != 0)
        {
            _alarmed = true;
            _sPlus = 0;
            _sMinus = 0;
            return raised;
        }

        _level += LevelAlpha * Math.Clamp(value - _level, -2 * _scale, 2 * _scale);
        return 0;
    }
}
