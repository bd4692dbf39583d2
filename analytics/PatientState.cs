using Edge.Analytics.News2;

namespace Edge.Analytics;

/// <summary>
/// What the engine remembers about one patient: the latest value of each NEWS2 input with its measurement time, and
/// the alerting state. Not thread-safe; owned by <see cref="AnalyticsEngine"/>.
/// </summary>
internal sealed class PatientState(SpO2Scale scale, TimeSpan realertAfter)
{
    private readonly (double Value, DateTimeOffset At)?[] _latest = new (double, DateTimeOffset)?[News2InputMap.Count];

    public SpO2Scale Scale { get; } = scale;

    public RiskBandAlerter Alerter { get; } = new(realertAfter);

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
