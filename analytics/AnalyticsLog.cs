using Microsoft.Extensions.Logging;

namespace Edge.Analytics;

/// <summary>Analytics log messages, event ids 4000–4099. No patient ids and no vital values, ever.</summary>
internal static partial class AnalyticsLog
{
    [LoggerMessage(EventId = 4000, Level = LogLevel.Information, Message = "Anomaly model {Version} loaded from {Path} (max batch {MaxBatch}, warm-up done)")]
    public static partial void ModelLoaded(ILogger logger, string version, string path, int maxBatch);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "Degraded analytics: {Reason}. NEWS2, hard limits, baselines and missing-data alerts keep running")]
    public static partial void Degraded(ILogger logger, string reason);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Error, Message = "Degraded analytics: the anomaly model could not be loaded. Rules keep running")]
    public static partial void ModelLoadFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Error, Message = "Degraded analytics: the anomaly model failed while scoring and is switched off. Rules keep running")]
    public static partial void ModelRunFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4010, Level = LogLevel.Information, Message = "Alert raised: {Code} ({Severity})")]
    public static partial void AlertRaised(ILogger logger, string code, Core.AlertSeverity severity);

    [LoggerMessage(EventId = 4011, Level = LogLevel.Debug, Message = "Data-quality event: {Reason} on {Vital}")]
    public static partial void DataQuality(ILogger logger, Quality.DataQualityReason reason, Core.VitalKind vital);
}
