using System.Diagnostics.Metrics;
using Edge.Analytics.Quality;

namespace Edge.Analytics;

/// <summary>
/// The analytics meter, <c>Edge.Analytics</c>: counts by kind only (no patient ids, no values). Instruments:
/// <c>edge.analytics.readings</c> {use}, <c>edge.analytics.alerts</c> {kind, severity},
/// <c>edge.analytics.data_quality_events</c> {reason}, <c>edge.analytics.model.scorings</c>,
/// <c>edge.analytics.model.failures</c>, and the gauge <c>edge.analytics.degraded</c> (1 while degraded).
/// </summary>
internal sealed class AnalyticsMetrics
{
    public const string MeterName = "Edge.Analytics";

    private readonly Counter<long>? _readings;
    private readonly Counter<long>? _alerts;
    private readonly Counter<long>? _dataQuality;
    private readonly Counter<long>? _scorings;
    private readonly Counter<long>? _failures;

    public AnalyticsMetrics(IMeterFactory? factory, Func<bool> degraded)
    {
        if (factory is null)
        {
            return;
        }

        var meter = factory.Create(MeterName);
        _readings = meter.CreateCounter<long>("edge.analytics.readings", "{reading}", "Readings processed, by use.");
        _alerts = meter.CreateCounter<long>("edge.analytics.alerts", "{alert}", "Alerts raised, by kind and severity.");
        _dataQuality = meter.CreateCounter<long>("edge.analytics.data_quality_events", "{event}", "Data-quality events, by reason.");
        _scorings = meter.CreateCounter<long>("edge.analytics.model.scorings", "{window}", "Windows scored by the anomaly model.");
        _failures = meter.CreateCounter<long>("edge.analytics.model.failures", "{failure}", "Model load or run failures.");
        meter.CreateObservableGauge("edge.analytics.degraded", () => degraded() ? 1 : 0, "1", "1 while analytics is degraded (no anomaly model).");
    }

    public void Reading(ReadingUse use) => _readings?.Add(1, new KeyValuePair<string, object?>("use", UseTag(use)));

    public void Alert(string code, Core.AlertSeverity severity) => _alerts?.Add(
        1,
        new KeyValuePair<string, object?>("kind", code[..code.IndexOf('.', StringComparison.Ordinal)]),
        new KeyValuePair<string, object?>("severity", SeverityTag(severity)));

    public void DataQuality(DataQualityReason reason) => _dataQuality?.Add(1, new KeyValuePair<string, object?>("reason", ReasonTag(reason)));

    public void Scored(int windows) => _scorings?.Add(windows);

    public void ModelFailure() => _failures?.Add(1);

    private static string UseTag(ReadingUse use) => use switch
    {
        ReadingUse.Scored => "scored",
        ReadingUse.NotNews2Input => "not_news2",
        _ => "excluded",
    };

    private static string SeverityTag(Core.AlertSeverity s) => s switch
    {
        Core.AlertSeverity.High => "high",
        Core.AlertSeverity.Medium => "medium",
        Core.AlertSeverity.Low => "low",
        _ => "info",
    };

    private static string ReasonTag(DataQualityReason r) => r switch
    {
        DataQualityReason.SensorOff => "sensor_off",
        DataQualityReason.LowPerfusion => "low_perfusion",
        DataQualityReason.Motion => "motion",
        DataQualityReason.StaleDisplay => "stale_display",
        DataQualityReason.ClockNotSet => "clock_not_set",
        DataQualityReason.Implausible => "implausible",
        DataQualityReason.Stuck => "stuck",
        _ => "erratic",
    };
}
