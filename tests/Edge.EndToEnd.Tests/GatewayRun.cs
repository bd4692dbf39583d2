using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Edge.Drivers.Simulator;
using Edge.EndToEnd.Tests.Infrastructure;

namespace Edge.EndToEnd.Tests;

/// <summary>
/// A gateway configured against a <see cref="MosquittoBroker"/> over TLS with a password file, its simulator bounded
/// by <c>ReadingsPerDevice</c>, and a commit journal that lists every id the gateway durably stored.
/// </summary>
internal sealed partial class GatewayRun
{
    private readonly TestPaths _paths;

    public GatewayRun(TestPaths paths, MosquittoBroker broker, int readingsPerDevice, int intervalMs, int seed = 7)
    {
        _paths = paths;
        var passwordFile = paths.WriteFile("secrets/mqtt-password", broker.Password + "\n");
        File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var config = new
        {
            Edge = new
            {
                DataDirectory = DataDirectory,
                ClockTrust = "trusted",
                ConsoleView = true,
                DemoBroker = new { Enabled = false },
                Simulator = new { Enabled = true, Patients = 3, IntervalMs = intervalMs, Seed = seed, ReadingsPerDevice = readingsPerDevice },
                Outbox = new { CommitJournalPath = JournalPath },
                Patients = Enumerable.Range(0, 3).Select(i => new
                {
                    Id = $"pt-e2e-{i:D4}",
                    Label = $"Synthetic {i}",
                    SpO2Scale = 1,
                    Devices = new[]
                    {
                        new { Source = SimulatorSource.StrapAddress(i), DeviceId = $"dev-hr-{i:D4}" },
                        new { Source = SimulatorSource.OximeterPort(i), DeviceId = $"dev-ox-{i:D4}" },
                    },
                }),
                Uplink = new
                {
                    Host = broker.Host,
                    Port = broker.TlsPort,
                    UseTls = true,
                    CaFile = broker.CaCertPath,
                    TlsServerName = "localhost",
                    Username = broker.Username,
                    PasswordFile = passwordFile,
                    ReconnectCap = "00:00:01",
                },
            },
        };
        ConfigPath = paths.WriteFile("edge.json", JsonSerializer.Serialize(config));
    }

    public string ConfigPath { get; }

    public string DataDirectory => _paths.Combine("data");

    public string JournalPath => _paths.Combine("journal.txt");

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

    [GeneratedRegex(@"^status readings=(?<readings>\d+) stored=(?<stored>\d+) sent=(?<sent>\d+) backlog=(?<backlog>\d+) uplink=(?<uplink>\w+)$")]
    public static partial Regex StatusLine();
}
