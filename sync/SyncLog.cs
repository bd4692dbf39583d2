using Microsoft.Extensions.Logging;

namespace Edge.Sync;

/// <summary>Source-generated log messages of the sync area (event ids 3000-3099). No PHI: ids and counts only.</summary>
internal static partial class SyncLog
{
    [LoggerMessage(3000, LogLevel.Error, "Outbox store could not be opened ({Error}); moved aside to {QuarantinePath} and started empty")]
    public static partial void OutboxQuarantined(ILogger logger, string error, string quarantinePath);

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
}
