using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Edge.Drivers.Simulator;
using Edge.EndToEnd.Tests.Infrastructure;

namespace Edge.EndToEnd.Tests;

/// <summary>
/// A gateway configured against a <see cref="MosquittoBroker"/> over TLS with a password file, its simulator bounded
/// by <c>ReadingsPerDevice</c>, and a commit journal that lists every id the gateway durably stored. Tests adjust the
/// configuration with <see cref="Edit"/> before starting it.
/// </summary>
internal sealed partial class GatewayRun
{
    private readonly TestPaths _paths;
    private readonly JsonObject _config;

    public GatewayRun(TestPaths paths, MosquittoBroker broker, int readingsPerDevice, int intervalMs, int seed = 7)
    {
        _paths = paths;
        var passwordFile = paths.WriteFile("secrets/mqtt-password", broker.Password + "\n");
        File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var patients = new JsonArray();
        for (var i = 0; i < 3; i++)
        {
            patients.Add(new JsonObject
            {
                ["Id"] = $"pt-e2e-{i:D4}",
                ["Label"] = $"Synthetic {i}",
                ["SpO2Scale"] = 1,
                ["Devices"] = new JsonArray(
                    new JsonObject { ["Source"] = SimulatorSource.StrapAddress(i), ["DeviceId"] = $"dev-hr-{i:D4}" },
                    new JsonObject { ["Source"] = SimulatorSource.OximeterPort(i), ["DeviceId"] = $"dev-ox-{i:D4}" }),
            });
        }

        _config = new JsonObject
        {
            ["Edge"] = new JsonObject
            {
                [nameof(DataDirectory)] = paths.Combine("data"),
                ["ClockTrust"] = "trusted",
                ["ConsoleView"] = true,
                ["DemoBroker"] = new JsonObject { ["Enabled"] = false },
                ["Simulator"] = new JsonObject { ["Enabled"] = true, ["Patients"] = 3, ["IntervalMs"] = intervalMs, ["Seed"] = seed, ["ReadingsPerDevice"] = readingsPerDevice },
                ["Outbox"] = new JsonObject { ["CommitJournalPath"] = JournalPath, ["MinFreeDiskBytes"] = 0 },
                ["Patients"] = patients,
                ["Residency"] = new JsonObject { ["PolicyFile"] = WriteAllowAllPolicy(paths) },
                ["Uplink"] = new JsonObject
                {
                    ["Host"] = broker.Host,
                    ["Port"] = broker.TlsPort,
                    ["UseTls"] = true,
                    ["CaFile"] = broker.CaCertPath,
                    ["TlsServerName"] = "localhost",
                    ["Username"] = broker.Username,
                    ["PasswordFile"] = passwordFile,
                    ["ReconnectCap"] = "00:00:01",
                },
            },
        };
        Save();
    }

    public string ConfigPath => _paths.Combine("edge.json");

    /// <summary>
    /// A policy that lets every class go, identified, to every destination: these tests are about delivery, and
    /// residency's own tests use real policies. Residency is default-deny, so without a policy nothing would leave.
    /// </summary>
    public static string WriteAllowAllPolicy(TestPaths paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var path = paths.Combine("residency-allow-all.json");
        File.WriteAllText(path, """{ "version": "test-allow-all", "rules": [ { "id": "all", "effect": "allow" } ] }""");
        return path;
    }

    public string DataDirectory => (string)_config["Edge"]![nameof(DataDirectory)]!;

    public string JournalPath => _paths.Combine("journal.txt");

    /// <summary>Changes the configuration file (the <c>Edge</c> section is passed).</summary>
    public GatewayRun Edit(Action<JsonObject> edit)
    {
        ArgumentNullException.ThrowIfNull(edit);
        edit(_config["Edge"]!.AsObject());
        Save();
        return this;
    }

    public GatewayProcess Start() => GatewayProcess.Start(ConfigPath, _paths.Root);

    /// <summary>Ids the gateway reported durably stored (the commit journal), in commit order.</summary>
    public IReadOnlyList<Guid> AcknowledgedIds() =>
        File.Exists(JournalPath)
            ? File.ReadLines(JournalPath).Where(l => l.Length == 36).Select(l => Guid.Parse(l, CultureInfo.InvariantCulture)).ToList()
            : [];

    /// <summary>Waits until the simulator has finished and a later status line shows an empty backlog.</summary>
    public static async Task WaitUntilDrainedAsync(GatewayProcess gateway, TimeSpan timeout)
    {
        await gateway.WaitForOutputAsync(l => l.Contains("Source simulator finished", StringComparison.Ordinal), timeout);
        var finishedAt = gateway.Output.Count;
        var start = TimeProvider.System.GetTimestamp();
        while (true)
        {
            var lines = gateway.Output.Skip(finishedAt).ToList();
            if (lines.Any(l => StatusLine().Match(l) is { Success: true } m && m.Groups["backlog"].Value == "0"))
            {
                return;
            }

            if (TimeProvider.System.GetElapsedTime(start) > timeout)
            {
                throw new TimeoutException("The backlog did not drain:\n" + gateway.DumpOutput());
            }

            await Task.Delay(200);
        }
    }

    /// <summary>The newest status line's fields, or null before the first one.</summary>
    public static Match? LatestStatus(GatewayProcess gateway) =>
        gateway.Output.Select(l => StatusLine().Match(l)).LastOrDefault(m => m.Success);

    /// <summary>The newest value of a counter in the "drops" line, or 0.</summary>
    public static long LatestDrop(GatewayProcess gateway, string key)
    {
        var line = gateway.Output.LastOrDefault(l => l.StartsWith("drops ", StringComparison.Ordinal));
        var match = line is null ? null : Regex.Match(line, $@"(?:^| ){Regex.Escape(key)}=(\d+)");
        return match is { Success: true } ? long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }

    [GeneratedRegex(@"^status readings=(?<readings>\d+) stored=(?<stored>\d+) sent=(?<sent>\d+) backlog=(?<backlog>\d+) uplink=(?<uplink>\w+)$")]
    public static partial Regex StatusLine();

    private void Save()
    {
        Directory.CreateDirectory(_paths.Root);
        File.WriteAllText(ConfigPath, _config.ToJsonString());
    }
}
