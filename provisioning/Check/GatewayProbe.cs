using Edge.Provisioning.Cli;
using Edge.Provisioning.Config;
using Edge.Provisioning.Control;

namespace Edge.Provisioning.Check;

/// <summary>
/// Asks the running gateway (if any) over its control socket: running or not, its uplink state and its own view of
/// the clock. A gateway that is not running is a warning: check is also run before the first start.
/// </summary>
internal static class GatewayProbe
{
    public static async Task<CheckResult> RunAsync(GatewayConfig config, CancellationToken ct)
    {
        const string Name = "gateway";
        var socket = config.SocketPath;
        if (!File.Exists(socket))
        {
            return CheckResult.Warn(Name, $"not running (no control socket at {socket})", "start it: systemctl enable --now edge-gateway (then edgectl status)");
        }

        try
        {
            using var client = new ControlClient(socket);
            var status = await client.GetAsync("/v1/status", ct);
            var uplink = Json.Obj(status, "uplink");
            var state = Json.Str(uplink, "state");
            var text = $"running, version {Json.Str(status, "version")}, uplink {state}, clock {Json.Str(status, "clock")}";
            return state == "connected"
                ? CheckResult.Pass(Name, text)
                : CheckResult.Warn(Name, text + (Json.Str(uplink, "lastError") is { } error && error != "-" ? $", last error: {error}" : string.Empty), "see the broker check above and 'edgectl status'");
        }
        catch (CliException ex)
        {
            return CheckResult.Fail(Name, ex.Message, ex.Fix);
        }
    }
}
