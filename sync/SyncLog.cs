using Microsoft.Extensions.Logging;

namespace Edge.Sync;

/// <summary>Source-generated log messages of the sync area (event ids 3000-3099). No PHI: ids and counts only.</summary>
internal static partial class SyncLog
{
    [LoggerMessage(3000, LogLevel.Error, "Outbox segment could not be opened ({Error}); moved aside to {QuarantinePath}")]
    public static partial void OutboxQuarantined(ILogger logger, string error, string quarantinePath);

    [LoggerMessage(3002, LogLevel.Information, "Outbox segment {Segment} fully acknowledged and deleted")]
    public static partial void SegmentDeleted(ILogger logger, string segment);

    [LoggerMessage(3001, LogLevel.Information, "Outbox opened with {Pending} pending items")]
    public static partial void OutboxOpened(ILogger logger, long pending);

    [LoggerMessage(3010, LogLevel.Information, "Uplink connected to {Endpoint} (MQTT {Protocol})")]
    public static partial void UplinkConnected(ILogger logger, string endpoint, string protocol);

    [LoggerMessage(3011, LogLevel.Warning, "Uplink connection refused by broker: {ResultCode}")]
    public static partial void UplinkRefused(ILogger logger, string resultCode);

    [LoggerMessage(3012, LogLevel.Warning, "Uplink lost: {Reason}; retrying in {DelayMs} ms")]
    public static partial void UplinkLost(ILogger logger, string reason, long delayMs);

    [LoggerMessage(3013, LogLevel.Warning, "Broker rejected a message of {Count} items with {ReasonCode}; kept for retry")]
    public static partial void PublishRejected(ILogger logger, int count, string reasonCode);

    [LoggerMessage(3014, LogLevel.Information, "Uplink stopped")]
    public static partial void UplinkStopped(ILogger logger);

    [LoggerMessage(3015, LogLevel.Warning, "No PUBACK within {TimeoutMs} ms with a backlog; recycling the MQTT client")]
    public static partial void WatchdogRecycle(ILogger logger, long timeoutMs);

    [LoggerMessage(3016, LogLevel.Error, "{Count} items dead-lettered: {Reason}")]
    public static partial void DeadLettered(ILogger logger, int count, string reason);

    [LoggerMessage(3017, LogLevel.Information, "{Count} items expired past their class TTL")]
    public static partial void Expired(ILogger logger, int count);

    [LoggerMessage(3018, LogLevel.Warning, "Disk full: released the outbox ballast so acknowledged items can be deleted")]
    public static partial void BallastReleased(ILogger logger);
}
