namespace Edge.Host.Control;

/// <summary>Log messages of the control API (event ids 1100-1119). No PIN, patient id, MAC or vital value ever.</summary>
internal static partial class ControlLog
{
    [LoggerMessage(1100, LogLevel.Information, "Control API on unix socket {Path} (mode 0660)")]
    public static partial void SocketListening(ILogger logger, string path);

    [LoggerMessage(1101, LogLevel.Information, "Nurse page listening on {Url}")]
    public static partial void LanListening(ILogger logger, string url);

    [LoggerMessage(1102, LogLevel.Error, "The control API did not start ({Reason}); the gateway runs on without it")]
    public static partial void StartFailed(ILogger logger, string reason, Exception exception);

    [LoggerMessage(1103, LogLevel.Warning, "Wrong PIN on the nurse page ({Failures} recent failures from that address)")]
    public static partial void WrongPin(ILogger logger, int failures);

    [LoggerMessage(1104, LogLevel.Warning, "PIN attempts from one address are rate-limited for {Seconds} s")]
    public static partial void RateLimited(ILogger logger, long seconds);

    [LoggerMessage(1105, LogLevel.Information, "Nurse session started")]
    public static partial void SessionStarted(ILogger logger);

    [LoggerMessage(1106, LogLevel.Warning, "The PIN file is unusable: {Problem}; the nurse page refuses logins until edgectl provision --pin rewrites it")]
    public static partial void PinFileInvalid(ILogger logger, string problem);

    [LoggerMessage(1107, LogLevel.Warning, "Demo PIN written to {Path}: for the demo only, never on an appliance")]
    public static partial void DemoPinWritten(ILogger logger, string path);

    [LoggerMessage(1108, LogLevel.Information, "Pairing window {Change} ({Seconds} s)")]
    public static partial void PairingWindow(ILogger logger, string change, long seconds);

    [LoggerMessage(1109, LogLevel.Warning, "BLE discovery during the pairing window failed: {Error}")]
    public static partial void DiscoveryFailed(ILogger logger, string error);

    [LoggerMessage(1110, LogLevel.Error, "Control API request failed with {Exception}")]
    public static partial void RequestFailed(ILogger logger, string exception);

    [LoggerMessage(1111, LogLevel.Information, "Removed a stale control socket file")]
    public static partial void StaleSocketRemoved(ILogger logger);
}
