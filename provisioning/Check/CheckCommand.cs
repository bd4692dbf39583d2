using System.CommandLine;
using Edge.Provisioning.Cli;
using Edge.Provisioning.Config;
using Spectre.Console;

namespace Edge.Provisioning.Check;

/// <summary>
/// <c>edgectl check</c> (like <c>iotedge check</c>): config, secrets, policy, PIN, clock, disk, broker (a real TLS
/// handshake and MQTT auth), BLE adapter, serial ports, certificate lifetimes. Each reports pass, warn, fail or skip
/// with a fix. Exit 1 when any check fails (or warns, with <c>--strict</c>); 78 when the config cannot be loaded.
/// </summary>
internal static class CheckCommand
{
    public static Command Create(EdgectlEnvironment environment)
    {
        var command = new Command("check", "Check the configuration and everything the gateway depends on; each check says pass, warn or fail with a fix.");
        var config = new Option<string>("--config") { Description = "The gateway config to check (default /etc/edge/edge.json)." };
        var strict = new Option<bool>("--strict") { Description = "Exit 1 on warnings too." };
        var offline = new Option<bool>("--offline") { Description = "Skip the broker connection." };
        var busAddress = new Option<string>("--bus-address") { Description = "D-Bus address for the BLE check (default: Edge:Ble:BusAddress)." };
        var timeout = new Option<int>("--timeout") { Description = "Seconds allowed for each network check.", DefaultValueFactory = _ => 10 };
        timeout.Validators.Add(r => EdgectlApp.Range(r, 1, 120));
        foreach (var option in new Option[] { config, strict, offline, busAddress, timeout })
        {
            command.Options.Add(option);
        }

        EdgectlApp.Verb(command, environment, async (parse, context, ct) =>
        {
            var path = parse.GetValue(config) ?? environment.ConfigPath;
            var wait = TimeSpan.FromSeconds(parse.GetValue(timeout));
            var results = new List<CheckResult>();
            async Task Run(string what, Func<Task<CheckResult>> check)
            {
                var result = await context.WithStatusAsync("checking " + what, check);
                results.Add(result);
                await ShowAsync(context, result);
            }

            async Task RunAll(string what, Func<IEnumerable<CheckResult>> checks)
            {
                await context.ProgressAsync("checking " + what);
                foreach (var result in checks())
                {
                    results.Add(result);
                    await ShowAsync(context, result);
                }
            }

            GatewayConfig gateway;
            try
            {
                gateway = GatewayConfig.Load(path);
            }
            catch (CliException ex)
            {
                var failed = CheckResult.Fail("config", ex.Message, ex.Fix);
                await ShowAsync(context, failed);
                await SummaryAsync(context, [failed]);
                return ExitCodes.ConfigInvalid;
            }

            await Run("config", () => Task.FromResult(LocalChecks.Config(gateway)));
            await Run("secrets", () => Task.FromResult(LocalChecks.Secrets(gateway)));
            await Run("policy", () => Task.FromResult(LocalChecks.Policy(gateway)));
            await Run("pin", () => Task.FromResult(LocalChecks.Pin(gateway)));
            await Run("clock", () => Task.FromResult(LocalChecks.Clock(gateway, Edge.Core.KernelClock.Query())));
            await Run("disk", () => Task.FromResult(LocalChecks.Disk(gateway)));
            await RunAll("certificates", () => LocalChecks.Certificates(gateway, context.Time.GetUtcNow()));
            if (parse.GetValue(offline))
            {
                await Run("broker", () => Task.FromResult(CheckResult.Skip("broker", "--offline")));
            }
            else if (gateway.Problems.Any(p => p.StartsWith("Edge:Uplink", StringComparison.Ordinal) || p.StartsWith("Edge:Site", StringComparison.Ordinal)))
            {
                await Run("broker", () => Task.FromResult(CheckResult.Skip("broker", "not tried: Edge:Uplink or Edge:Site is invalid (see config)")));
            }
            else
            {
                await Run($"broker {gateway.Uplink.Host}:{gateway.Uplink.Port}", () => BrokerProbe.RunAsync(gateway, context.Time, wait, ct));
            }

            await Run("ble", () => gateway.Ble.Enabled || parse.GetValue(busAddress) is not null
                ? BleProbe.RunAsync(parse.GetValue(busAddress) ?? gateway.Ble.BusAddress, gateway.Ble.Adapter, wait, context.Time, ct)
                : Task.FromResult(CheckResult.Skip("ble", "BLE devices off (Edge:Ble:Enabled)")));
            await Run("serial", () => Task.FromResult(LocalChecks.Serial(gateway)));
            await Run("gateway", () => GatewayProbe.RunAsync(gateway, ct));

            await SummaryAsync(context, results);
            var fail = results.Any(r => r.Status == CheckStatus.Fail) || (parse.GetValue(strict) && results.Any(r => r.Status == CheckStatus.Warn));
            return fail ? ExitCodes.CheckFailed : ExitCodes.Ok;
        });
        return command;
    }

    private static async Task ShowAsync(CommandContext context, CheckResult result)
    {
        if (context.Json)
        {
            return;
        }

        var tag = result.Status switch
        {
            CheckStatus.Pass => "[green]pass[/]",
            CheckStatus.Warn => "[yellow]warn[/]",
            CheckStatus.Fail => "[red]FAIL[/]",
            _ => "[grey]skip[/]",
        };
        context.Console.MarkupLine($"{tag}  {Markup.Escape(result.Name),-12} {Markup.Escape(result.Message)}");
        if (result.Fix is not null)
        {
            await context.LineAsync($"      fix: {result.Fix}");
        }
    }

    private static async Task SummaryAsync(CommandContext context, List<CheckResult> results)
    {
        int Count(CheckStatus s) => results.Count(r => r.Status == s);
        if (context.Json)
        {
            await context.WriteJsonAsync(new
            {
                ok = Count(CheckStatus.Fail) == 0,
                passed = Count(CheckStatus.Pass),
                warnings = Count(CheckStatus.Warn),
                failed = Count(CheckStatus.Fail),
                skipped = Count(CheckStatus.Skip),
                checks = results.Select(r => new { name = r.Name, status = r.Status.ToString().ToLowerInvariant(), message = r.Message, fix = r.Fix }),
            });
            return;
        }

        await context.LineAsync($"{Count(CheckStatus.Pass)} passed, {Count(CheckStatus.Warn)} warnings, {Count(CheckStatus.Fail)} failed, {Count(CheckStatus.Skip)} skipped");
    }
}
