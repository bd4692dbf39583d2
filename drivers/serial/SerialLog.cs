using Microsoft.Extensions.Logging;

namespace Edge.Drivers.Serial;

/// <summary>
/// Source-generated log messages of the serial driver, event ids 2100-2199. Ports are named by their index in
/// <c>Edge:Serial:Ports</c> and their protocol, never by path: a by-id path carries the adapter's serial number.
/// No values, no device identifiers.
/// </summary>
internal static partial class SerialLog
{
    [LoggerMessage(2100, LogLevel.Information, "Serial source started with {PortCount} port(s)")]
    public static partial void Started(ILogger logger, int portCount);

    [LoggerMessage(2101, LogLevel.Information, "Serial port {Port} ({Protocol}): device not present; waiting for it to appear")]
    public static partial void Waiting(ILogger logger, int port, SerialProtocol protocol);

    [LoggerMessage(2102, LogLevel.Information, "Serial port {Port} ({Protocol}): opened (connection {Connection})")]
    public static partial void Opened(ILogger logger, int port, SerialProtocol protocol, long connection);

    [LoggerMessage(2103, LogLevel.Warning, "Serial port {Port} ({Protocol}): link lost ({Reason}) after {Seconds:F1} s; reopening")]
    public static partial void LinkLost(ILogger logger, int port, SerialProtocol protocol, string reason, double seconds);

    [LoggerMessage(2104, LogLevel.Warning, "Serial port {Port} ({Protocol}): open failed ({Error}); retrying in {DelayMs} ms")]
    public static partial void OpenFailed(ILogger logger, int port, SerialProtocol protocol, string error, long delayMs);

    [LoggerMessage(2105, LogLevel.Error, "Serial port {Port} ({Protocol}): close did not return within {TimeoutMs} ms (a write had timed out: {WriteTimedOut}); the port object is abandoned")]
    public static partial void CloseAbandoned(ILogger logger, int port, SerialProtocol protocol, int timeoutMs, bool writeTimedOut);

    [LoggerMessage(2106, LogLevel.Warning, "Serial port {Port} (Masimo): open but silent; a Rad-8 sends nothing in its default 'ASCII 2' mode. Set Serial Out to AS1 on the device")]
    public static partial void MasimoSilentHint(ILogger logger, int port);

    [LoggerMessage(2107, LogLevel.Warning, "Serial queue full: {Dropped} observation(s) dropped so far (oldest first); ingest is behind")]
    public static partial void QueueDropped(ILogger logger, long dropped);

    [LoggerMessage(2108, LogLevel.Information, "Serial port {Port} ({Protocol}): {Count} stored record(s) read from the device")]
    public static partial void StoredRecordsRead(ILogger logger, int port, SerialProtocol protocol, int count);

    [LoggerMessage(2109, LogLevel.Warning, "Serial port {Port} ({Protocol}): stored-record read failed ({Reason}); continuing with the live stream")]
    public static partial void StoredRecordsFailed(ILogger logger, int port, SerialProtocol protocol, string reason);

    [LoggerMessage(2110, LogLevel.Warning, "Serial port {Port} ({Protocol}): configured with a kernel name (/dev/ttyUSBn style), which can change on replug; use /dev/serial/by-id")]
    public static partial void UnstablePath(ILogger logger, int port, SerialProtocol protocol);

    [LoggerMessage(2111, LogLevel.Debug, "Serial port {Port} ({Protocol}): connection ended; frames {Frames}, rejected {Rejected}, bytes discarded {Discarded}")]
    public static partial void ConnectionStats(ILogger logger, int port, SerialProtocol protocol, long frames, long rejected, long discarded);

    // The exception object is not logged: its message can quote the device path.
    [LoggerMessage(2112, LogLevel.Error, "Serial port {Port} ({Protocol}): unexpected {ExceptionType} in the port loop at {Site}; the loop continues")]
    public static partial void LoopFault(ILogger logger, int port, SerialProtocol protocol, string exceptionType, string site);

    [LoggerMessage(2113, LogLevel.Information, "Serial source stopped")]
    public static partial void Stopped(ILogger logger);
}
