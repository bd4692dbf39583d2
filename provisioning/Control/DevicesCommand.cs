using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Edge.Provisioning.Cli;
using Spectre.Console;

namespace Edge.Provisioning.Control;

/// <summary>
/// <c>edgectl devices scan|pair|unpair|list</c> over the socket API. <c>scan</c> enters pairing mode (the same mode
/// as the GPIO button) and lists candidates as they appear; pairing stays on so <c>pair</c> can follow.
/// </summary>
internal static partial class DevicesCommand
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    public static Command Create(EdgectlEnvironment environment)
    {
        var command = new Command("devices", "List, scan for, pair and unpair devices.");
        command.Subcommands.Add(List(environment));
        command.Subcommands.Add(Scan(environment));
        command.Subcommands.Add(Pair(environment));
        command.Subcommands.Add(Unpair(environment));
        return command;
    }

    /// <summary>The opaque-id rule of the config (patient and device ids).</summary>
    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    public static partial Regex OpaqueId();

    public static void RequireId(string value, string option)
    {
        if (!OpaqueId().IsMatch(value))
        {
            throw new CliException(ExitCodes.Usage, $"{option} must be an opaque id of 1-64 letters, digits, '-' or '_'", $"copy the id from 'edgectl devices list' or 'edgectl patients list'");
        }
    }

    private static Command List(EdgectlEnvironment environment)
    {
        var command = new Command("list", "Paired devices with their patient and link state.");
        var socket = new SocketResolver(command);
        var showAddress = new Option<bool>("--show-address") { Description = "Also show the local hardware address (MAC or port). It never leaves the appliance." };
        command.Options.Add(showAddress);
        EdgectlApp.Verb(command, environment, async (parse, context, ct) =>
        {
            using var client = socket.Connect(parse, environment);
            var devices = await client.GetAsync("/v1/devices", ct);
            if (context.Json)
            {
                await context.WriteJsonAsync(devices);
                return ExitCodes.Ok;
            }

            var table = new Table().Border(TableBorder.Simple).AddColumns("device", "kind", "transport", "patient", "link", "last reading");
            if (parse.GetValue(showAddress))
            {
                table.AddColumn("address");
            }

            foreach (var d in Json.Items(devices))
            {
                var cells = new List<string>
                {
                    Markup.Escape(Json.Str(d, "deviceId")), Markup.Escape(Json.Str(d, "kind")), Markup.Escape(Json.Str(d, "transport")),
                    Markup.Escape(Json.Str(d, "patientId")), Markup.Escape(Json.Str(d, "link")), Json.Age(Json.Num(d, "lastReadingAgeSeconds")),
                };
                if (parse.GetValue(showAddress))
                {
                    cells.Add(Markup.Escape(Json.Str(d, "address")));
                }

                table.AddRow([.. cells]);
            }

            if (table.Rows.Count == 0)
            {
                await context.LineAsync("no devices paired: run 'edgectl devices scan'");
                return ExitCodes.Ok;
            }

            context.Render(table);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Scan(EdgectlEnvironment environment)
    {
        var command = new Command("scan", "Enter pairing mode and list candidate devices as they are found.");
        var socket = new SocketResolver(command);
        var seconds = new Option<int>("--seconds") { Description = "How long pairing mode stays on (10-600).", DefaultValueFactory = _ => 120 };
        seconds.Validators.Add(r => EdgectlApp.Range(r, 10, 600));
        var listen = new Option<int>("--listen") { Description = "How long to collect candidates before printing them (1-600).", DefaultValueFactory = _ => 15 };
        listen.Validators.Add(r => EdgectlApp.Range(r, 1, 600));
        var stop = new Option<bool>("--stop") { Description = "Leave pairing mode when done (default: it stays on so 'devices pair' can follow)." };
        command.Options.Add(seconds);
        command.Options.Add(listen);
        command.Options.Add(stop);
        EdgectlApp.Verb(command, environment, async (parse, context, ct) =>
        {
            using var client = socket.Connect(parse, environment);
            var started = await client.PostAsync("/v1/pairing/start", new { seconds = parse.GetValue(seconds) }, ct);
            var listenFor = TimeSpan.FromSeconds(Math.Min(parse.GetValue(listen), parse.GetValue(seconds)));
            var begin = context.Time.GetTimestamp();
            JsonElement candidates = default;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            await context.ProgressAsync($"pairing mode on for {Json.Str(started, "secondsLeft")} s; listening {listenFor.TotalSeconds:0} s for candidates (Ctrl+C to stop early)");
            try
            {
                while (true)
                {
                    candidates = await client.GetAsync("/v1/pairing/candidates", ct);
                    foreach (var c in Json.Items(candidates))
                    {
                        if (seen.Add(Json.Str(c, "candidateId")))
                        {
                            await context.ProgressAsync($"found {Json.Str(c, "kind")} '{Json.Str(c, "name")}' rssi {Json.Str(c, "rssi")}");
                        }
                    }

                    var left = listenFor - context.Time.GetElapsedTime(begin);
                    if (left <= TimeSpan.Zero)
                    {
                        break;
                    }

                    await Task.Delay(left < PollInterval ? left : PollInterval, context.Time, ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // Ctrl+C ends the listening early; what was found is still printed.
            }

            if (parse.GetValue(stop))
            {
                await client.PostAsync("/v1/pairing/stop", null, CancellationToken.None);
            }

            if (context.Json)
            {
                await context.WriteJsonAsync(new { pairingActive = !parse.GetValue(stop), candidates });
                return ExitCodes.Ok;
            }

            var table = new Table().Border(TableBorder.Simple).AddColumns("candidate", "kind", "name", "rssi", "passkey");
            foreach (var c in Json.Items(candidates))
            {
                table.AddRow(Markup.Escape(Json.Str(c, "candidateId")), Markup.Escape(Json.Str(c, "kind")), Markup.Escape(Json.Str(c, "name")), Markup.Escape(Json.Str(c, "rssi")), Markup.Escape(Json.Str(c, "needsPasskey")));
            }

            if (table.Rows.Count == 0)
            {
                await context.LineAsync("no candidates found: put the device in pairing mode (see its manual), bring it within 2 m, and scan again");
                return ExitCodes.Ok;
            }

            context.Render(table);
            if (!parse.GetValue(stop))
            {
                await context.LineAsync("pair one with: edgectl devices pair --candidate ID --patient PATIENT [--passkey 123456]");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Pair(EdgectlEnvironment environment)
    {
        var command = new Command("pair", "Pair a candidate found by 'devices scan' and bind it to a patient; waits for the first reading.");
        var socket = new SocketResolver(command);
        var candidate = new Option<string>("--candidate") { Description = "Candidate id from 'devices scan'.", Required = true };
        var patient = new Option<string>("--patient") { Description = "Patient id from the roster ('edgectl patients list').", Required = true };
        var passkey = new Option<string>("--passkey") { Description = "The 6-digit passkey the device shows, if it shows one." };
        passkey.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string>() is { } p && (p.Length != 6 || !p.All(char.IsAsciiDigit)))
            {
                r.AddError("--passkey must be the 6 digits the device shows.");
            }
        });
        var wait = new Option<int>("--wait") { Description = "Seconds to wait for the first reading (0: do not wait).", DefaultValueFactory = _ => 60 };
        wait.Validators.Add(r => EdgectlApp.Range(r, 0, 600));
        command.Options.Add(candidate);
        command.Options.Add(patient);
        command.Options.Add(passkey);
        command.Options.Add(wait);
        EdgectlApp.Verb(command, environment, async (parse, context, ct) =>
        {
            var patientId = parse.GetRequiredValue(patient);
            RequireId(patientId, "--patient");
            using var client = socket.Connect(parse, environment);
            var paired = await context.WithStatusAsync("pairing (accept on the device if it asks)", () =>
                client.PostAsync("/v1/pairing/pair", new { candidateId = parse.GetRequiredValue(candidate), patientId, passkey = parse.GetValue(passkey) }, ct));
            var deviceId = Json.Str(paired, "deviceId");
            var waitSeconds = parse.GetValue(wait);
            JsonElement confirmation = default;
            if (waitSeconds > 0 && deviceId != "-")
            {
                confirmation = await context.WithStatusAsync($"paired as {deviceId}; waiting up to {waitSeconds} s for the first reading", () =>
                    client.GetAsync(string.Create(CultureInfo.InvariantCulture, $"/v1/pairing/confirmation/{Uri.EscapeDataString(deviceId)}?timeoutSeconds={waitSeconds}"), ct));
            }

            var confirmed = confirmation.ValueKind == JsonValueKind.Object && confirmation.TryGetProperty("confirmed", out var c) && c.ValueKind == JsonValueKind.True;
            if (context.Json)
            {
                await context.WriteJsonAsync(new { ok = true, deviceId, confirmation = confirmation.ValueKind == JsonValueKind.Undefined ? (JsonElement?)null : confirmation });
                return ExitCodes.Ok;
            }

            await context.LineAsync($"paired: device {deviceId} bound to patient {patientId}");
            if (confirmed)
            {
                await context.LineAsync("confirmed: " + Json.Str(confirmation, "display"));
            }
            else if (waitSeconds > 0)
            {
                await context.Error.WriteLineAsync($"warning: no reading within {waitSeconds} s. Take a measurement on the device, then check 'edgectl status'; unpair with 'edgectl devices unpair {deviceId}' if it was the wrong one.");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Unpair(EdgectlEnvironment environment)
    {
        var command = new Command("unpair", "Unpair a device and unbind it from its patient.");
        var socket = new SocketResolver(command);
        var device = new Argument<string>("device") { Description = "Device id from 'devices list'." };
        command.Arguments.Add(device);
        EdgectlApp.Verb(command, environment, async (parse, context, ct) =>
        {
            var deviceId = parse.GetRequiredValue(device);
            RequireId(deviceId, "device");
            using var client = socket.Connect(parse, environment);
            await client.DeleteAsync("/v1/devices/" + Uri.EscapeDataString(deviceId), ct);
            if (context.Json)
            {
                await context.WriteJsonAsync(new { ok = true, deviceId });
            }
            else
            {
                await context.LineAsync($"unpaired {deviceId}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
