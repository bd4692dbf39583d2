using System.Net.Sockets;

namespace Edge.Host.Systemd;

/// <summary>Source-generated log messages of the systemd glue (event ids 1180-1189). Stage names only: no PHI.</summary>
internal static partial class SystemdLog
{
    [LoggerMessage(1180, LogLevel.Information, "Told systemd the gateway is ready; watchdog every {Interval}")]
    public static partial void Ready(ILogger logger, string interval);

    [LoggerMessage(1181, LogLevel.Error, "Pipeline stage {Stage} made no progress for {Seconds:F0} s (deadline {Deadline:F0} s); the systemd watchdog is no longer fed")]
    public static partial void Stalled(ILogger logger, string stage, double seconds, double deadline);

    [LoggerMessage(1182, LogLevel.Warning, "Every pipeline stage is making progress again; feeding the systemd watchdog")]
    public static partial void Recovered(ILogger logger);

    [LoggerMessage(1183, LogLevel.Warning, "Could not notify systemd on {Address}: {Error}")]
    public static partial void SendFailed(ILogger logger, string address, SocketError error);
}
