using System.Globalization;

namespace Edge.Host.Systemd;

/// <summary>
/// What systemd passed to the service in its environment (systemd.exec(5)): where to send notifications, and
/// whether and how often it expects <c>WATCHDOG=1</c> (sd_watchdog_enabled(3) semantics).
/// </summary>
/// <param name="NotifySocket"><c>$NOTIFY_SOCKET</c>; null when the process was not started by systemd as <c>Type=notify</c>.</param>
/// <param name="WatchdogTimeout">
/// <c>$WATCHDOG_USEC</c> as a duration; null when no watchdog is armed, or when <c>$WATCHDOG_PID</c> names another
/// process (the watchdog then belongs to that one).
/// </param>
public sealed record SystemdEnvironment(string? NotifySocket, TimeSpan? WatchdogTimeout)
{
    /// <summary>The variables of this process.</summary>
    public static SystemdEnvironment Current() =>
        Parse(Environment.GetEnvironmentVariable, Environment.ProcessId);

    /// <summary>Reads the variables through <paramref name="variable"/>; invalid values count as absent, as in libsystemd.</summary>
    public static SystemdEnvironment Parse(Func<string, string?> variable, int processId)
    {
        ArgumentNullException.ThrowIfNull(variable);
        // libsystemd accepts an absolute path or an abstract '@name'; anything else is ignored, not fatal.
        var socket = variable("NOTIFY_SOCKET") is { Length: >= 2 } s && s[0] is '/' or '@' ? s : null;
        TimeSpan? watchdog = null;
        if (ulong.TryParse(variable("WATCHDOG_USEC"), NumberStyles.None, CultureInfo.InvariantCulture, out var usec)
            && usec is > 0 and <= (ulong)(long.MaxValue / TimeSpan.TicksPerMicrosecond)
            && ForThisProcess(variable("WATCHDOG_PID"), processId))
        {
            watchdog = TimeSpan.FromMicroseconds(usec);
        }

        return new SystemdEnvironment(socket, watchdog);
    }

    private static bool ForThisProcess(string? watchdogPid, int processId) =>
        string.IsNullOrEmpty(watchdogPid)
        || (int.TryParse(watchdogPid, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid == processId);
}
