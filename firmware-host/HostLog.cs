namespace Edge.Host;

/// <summary>Source-generated log messages of the host (event ids 1000-1099). Counts and opaque names only: no PHI.</summary>
internal static partial class HostLog
{
    [LoggerMessage(1000, LogLevel.Information, "Ingest started with {Drivers} drivers and {Devices} known device sequences")]
    public static partial void IngestStarted(ILogger logger, int drivers, int devices);

    [LoggerMessage(1001, LogLevel.Error, "Group commit of {Count} items failed; retrying the same batch")]
    public static partial void CommitFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(1002, LogLevel.Warning, "Driver {Driver} ended with an error")]
    public static partial void SourceFailed(ILogger logger, Exception exception, string driver);

    [LoggerMessage(1003, LogLevel.Information, "Source {Driver} finished")]
    public static partial void SourceFinished(ILogger logger, string driver);

    [LoggerMessage(1004, LogLevel.Warning, "Observation from a device bound to no patient dropped ({Total} so far)")]
    public static partial void UnboundObservation(ILogger logger, long total);

    [LoggerMessage(1010, LogLevel.Information, "Demo broker listening on 127.0.0.1:{Port}")]
    public static partial void DemoBrokerStarted(ILogger logger, int port);

    [LoggerMessage(1011, LogLevel.Information, "Ingest stopped after {Stored} stored items")]
    public static partial void IngestStopped(ILogger logger, long stored);
}
