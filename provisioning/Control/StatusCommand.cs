using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Edge.Provisioning.Cli;
using Spectre.Console;

namespace Edge.Provisioning.Control;

/// <summary>
/// <c>edgectl status</c>: GET /v1/status, /v1/devices and /v1/alerts over the socket, shown as tables: uplink, clock,
/// analytics, backlog per class (count, bytes, oldest age), devices with link states, recent alerts.
/// <c>--watch</c> refreshes every 2 s until Ctrl+C.
/// </summary>
internal static class StatusCommand
{
    public static readonly TimeSpan WatchInterval = TimeSpan.FromSeconds(2);

    private static readonly JsonSerializerOptions CompactJson = new(CommandContext.JsonOptions) { WriteIndented = false };

    public static Command Create(EdgectlEnvironment environment)
    {
        var command = new Command("status", "Show the running gateway: uplink, backlog per class, devices and link states, alerts.");
        var socket = new SocketResolver(command);
        var watch = new Option<bool>("--watch", "-w") { Description = "Refresh every 2 s until Ctrl+C." };
        var alerts = new Option<int>("--alerts") { Description = "How many recent alerts to show.", DefaultValueFactory = _ => 10 };
        alerts.Validators.Add(r => EdgectlApp.Range(r, 0, 500));
        command.Options.Add(watch);
        command.Options.Add(alerts);
        EdgectlApp.Verb(command, environment, async (parse, context, ct) =>
        {
            using var client = socket.Connect(parse, environment);
            var limit = parse.GetValue(alerts);
            if (!parse.GetValue(watch))
            {
                await ShowAsync(context, await FetchAsync(client, limit, ct), compactJson: false);
                return ExitCodes.Ok;
            }

            try
            {
                while (true)
                {
                    var snapshot = await FetchAsync(client, limit, ct);
                    if (context.Environment.Interactive && !context.Json)
                    {
                        context.Console.Clear();
                    }
                    else if (!context.Json)
                    {
                        await context.LineAsync("--- " + context.Time.GetUtcNow().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture));
                    }

                    await ShowAsync(context, snapshot, compactJson: true);
                    await Task.Delay(WatchInterval, context.Time, ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return ExitCodes.Ok; // Ctrl+C is how a watch ends.
            }
        });
        return command;
    }

    internal static async Task<Snapshot> FetchAsync(ControlClient client, int alertLimit, CancellationToken ct)
    {
        var status = await client.GetAsync("/v1/status", ct);
        var devices = await client.GetAsync("/v1/devices", ct);
        var alerts = alertLimit > 0 ? await client.GetAsync(string.Create(CultureInfo.InvariantCulture, $"/v1/alerts?limit={alertLimit}"), ct) : default;
        return new Snapshot(status, devices, alerts);
    }

    private static async Task ShowAsync(CommandContext context, Snapshot s, bool compactJson)
    {
        if (context.Json)
        {
            var document = new { status = s.Status, devices = s.Devices, alerts = s.Alerts.ValueKind == JsonValueKind.Undefined ? (JsonElement?)null : s.Alerts };
            await context.Out.WriteLineAsync(JsonSerializer.Serialize(document, compactJson ? CompactJson : CommandContext.JsonOptions));
            return;
        }

        var st = s.Status;
        await context.LineAsync($"gateway {Json.Str(st, "gatewayId")} at site {Json.Str(st, "site")}, version {Json.Str(st, "version")}, up {Json.Age(Json.Num(st, "uptimeSeconds"))}, clock {Json.Str(st, "clock")}");
        var uplink = Json.Obj(st, "uplink");
        var lastError = Json.Str(uplink, "lastError");
        await context.LineAsync($"uplink {Json.Str(uplink, "state")}: sent {Json.Str(uplink, "sent")}, reconnects {Json.Str(uplink, "reconnects")}" + (lastError == "-" ? string.Empty : $", last error: {lastError}"));
        var analytics = Json.Obj(st, "analytics");
        var reason = Json.Str(analytics, "reason");
        await context.LineAsync($"analytics {Json.Str(analytics, "mode")}, model {Json.Str(analytics, "modelVersion")}" + (reason == "-" ? string.Empty : $" ({reason})"));
        var pairing = Json.Obj(st, "pairing");
        if (pairing.ValueKind == JsonValueKind.Object && pairing.TryGetProperty("active", out var active) && active.ValueKind == JsonValueKind.True)
        {
            await context.LineAsync($"pairing mode: on, {Json.Str(pairing, "secondsLeft")} s left");
        }

        var backlog = new Table().Border(TableBorder.Simple).Title("backlog").AddColumns("class", "count", "bytes", "oldest");
        foreach (var row in Json.Items(st, "backlog"))
        {
            backlog.AddRow(Markup.Escape(Json.Str(row, "class")), Markup.Escape(Json.Str(row, "count")), Json.Bytes(Json.Num(row, "bytes")), Json.Age(Json.Num(row, "oldestAgeSeconds")));
        }

        context.Render(backlog);
        var devices = new Table().Border(TableBorder.Simple).Title("devices").AddColumns("device", "kind", "transport", "patient", "link", "last reading");
        foreach (var d in Json.Items(s.Devices))
        {
            var label = Json.Str(d, "patientLabel");
            devices.AddRow(
                Markup.Escape(Json.Str(d, "deviceId")),
                Markup.Escape(Json.Str(d, "kind")),
                Markup.Escape(Json.Str(d, "transport")),
                Markup.Escape(Json.Str(d, "patientId") + (label == "-" ? string.Empty : $" ({label})")),
                Markup.Escape(Json.Str(d, "link")),
                Json.Age(Json.Num(d, "lastReadingAgeSeconds")));
        }

        if (devices.Rows.Count == 0)
        {
            devices.AddRow("(none paired)", string.Empty, string.Empty, string.Empty, string.Empty, string.Empty);
        }

        context.Render(devices);
        if (s.Alerts.ValueKind == JsonValueKind.Array)
        {
            var alerts = new Table().Border(TableBorder.Simple).Title("alerts").AddColumns("raised", "patient", "code", "severity");
            foreach (var a in Json.Items(s.Alerts))
            {
                alerts.AddRow(Markup.Escape(Json.Str(a, "raised")), Markup.Escape(Json.Str(a, "patientId")), Markup.Escape(Json.Str(a, "code")), Markup.Escape(Json.Str(a, "severity")));
            }

            if (alerts.Rows.Count == 0)
            {
                alerts.AddRow("(none)", string.Empty, string.Empty, string.Empty);
            }

            context.Render(alerts);
        }
    }

    internal sealed record Snapshot(JsonElement Status, JsonElement Devices, JsonElement Alerts);
}
