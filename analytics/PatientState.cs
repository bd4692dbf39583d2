using Edge.Analytics.Alerts;
using Edge.Analytics.Baselines;
using Edge.Analytics.Model;
using Edge.Analytics.News2;
using Edge.Core;

namespace Edge.Analytics;

/// <summary>
/// What the engine remembers about one patient: the latest value of each NEWS2 input with its measurement time, the
/// rule and advisory alerting state, the baseline, the model window and the trend detectors. Not thread-safe; owned by
/// <see cref="AnalyticsEngine"/>.
/// </summary>
internal sealed class PatientState(string patientId, SpO2Scale scale, AnalyticsOptions options)
{
    private readonly (double Value, DateTimeOffset At)?[] _latest = new (double, DateTimeOffset)?[News2InputMap.Count];
    private readonly RecheckedCondition?[] _limits = new RecheckedCondition?[VitalCatalog.Count * 2];
    private readonly TrendDetector?[] _trends = new TrendDetector?[VitalCatalog.Count];

    public string PatientId { get; } = patientId;

    public SpO2Scale Scale { get; } = scale;

    public RiskBandAlerter Alerter { get; } = new(options.RealertAfter, options.RecheckWithin, new RecheckRule(options.RecheckReadings, options.RecheckStreamSpan, options.RecheckSpotSpan));

    public RobustBaseline Baseline { get; } = new(options.Baseline);

    public PatientWindow Window { get; } = new();

    public PersistenceGate Advisory { get; } = new(options.AdvisoryK, options.AdvisoryN, options.AdvisoryClearMinutes);

    /// <summary>Consecutive fresh readings of each spot channel (temperature, SBP, DBP) that deviated from the baseline.</summary>
    public int[] SparseRun { get; } = new int[3];

    /// <summary>Advisory judgement is held until then after a data-quality issue on a model channel.</summary>
    public DateTimeOffset QualityDoubtUntil { get; set; } = DateTimeOffset.MinValue;

    /// <summary>When a rule alert was last raised for this patient.</summary>
    public DateTimeOffset LastRuleAlertAt { get; set; } = DateTimeOffset.MinValue;

    /// <summary>The id of the latest reading, the trigger of alerts raised by time passing.</summary>
    public Guid LastReadingId { get; set; }

    /// <summary>Whether any rule or advisory condition is engaged, which freezes the baseline's slow update.</summary>
    public bool IsAlerting
    {
        get
        {
            if (Alerter.IsEngaged || Advisory.IsActive)
            {
                return true;
            }

            foreach (var limit in _limits)
            {
                if (limit is { IsEngaged: true })
                {
                    return true;
                }
            }

            return false;
        }
    }

    public RecheckedCondition Limit(VitalKind kind, bool high) => _limits[((int)kind * 2) + (high ? 1 : 0)] ??= new RecheckedCondition();

    public IEnumerable<(VitalKind Kind, bool High, RecheckedCondition Condition)> EngagedLimits()
    {
        for (var i = 0; i < _limits.Length; i++)
        {
            if (_limits[i] is { IsEngaged: true } c)
            {
                yield return ((VitalKind)(i / 2), i % 2 == 1, c);
            }
        }
    }

    public bool HasEngagedLimit => Array.Exists(_limits, l => l is { IsEngaged: true });

    public TrendDetector Trend(VitalKind kind, double floor, BaselineOptions baseline) => _trends[(int)kind] ??= new TrendDetector(baseline, floor);

    /// <summary>Replaces the input's value. The latest reading to arrive wins (see <see cref="AnalyticsEngine"/>).</summary>
    public void Set(News2Input input, double value, DateTimeOffset at) => _latest[(int)input] = (value, at);

    /// <summary>The inputs no further than <paramref name="maxAge"/> from <paramref name="now"/>; older ones are missing.</summary>
    public News2Inputs InputsAt(DateTimeOffset now, TimeSpan maxAge) => new(
        RespiratoryRate: Fresh(News2Input.RespiratoryRate, now, maxAge),
        SpO2: Fresh(News2Input.SpO2, now, maxAge),
        // No reading carries air/oxygen or ACVPU yet (Edge.Core has no such vital), so both stay missing: unknown
        // oxygen is not air and unknown consciousness is not Alert.
        OnOxygen: null,
        SystolicBloodPressure: Fresh(News2Input.SystolicBloodPressure, now, maxAge),
        Pulse: Fresh(News2Input.Pulse, now, maxAge),
        Consciousness: null,
        Temperature: Fresh(News2Input.Temperature, now, maxAge));

    private double? Fresh(News2Input input, DateTimeOffset now, TimeSpan maxAge)
    {
        // The distance is absolute so that a gateway clock step in either direction expires the held values instead
        // of keeping "future" values fresh forever.
        return _latest[(int)input] is { } held && (now - held.At).Duration() <= maxAge ? held.Value : null;
    }
}
