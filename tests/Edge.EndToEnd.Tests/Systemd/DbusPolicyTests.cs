using System.Diagnostics;
using Edge.EndToEnd.Tests.Infrastructure;

namespace Edge.EndToEnd.Tests.Systemd;

/// <summary>
/// deploy/dbus/edge-gateway-bluez.conf in a real dbus-daemon that denies method calls by default, as Debian's system
/// bus does, with the BlueZ double owning org.bluez as root (as bluetoothd does). A probe running as an unprivileged
/// user makes the gateway's BlueZ calls, registers its agent and pairs (BlueZ calls the agent back).
/// </summary>
/// <remarks>
/// dbus-daemon resolves <c>user=</c> through the system's user database and ignores unknown names, so the test swaps
/// <c>edge</c> for <c>nobody</c>, which every Debian system has, and runs the probe as nobody (setpriv). Needs root,
/// as the rest of the end-to-end suite does.
/// </remarks>
[Collection(EndToEndGroup.Name)]
public sealed class DbusPolicyTests
{
    private const string Adapter = "/org/bluez/hci0";
    private const string AgentPath = "/com/edge/ble/agent";
    private const uint Passkey = 123456;

    [Fact]
    public async Task Policy_LetsTheServiceUserDriveBlueZ_AndBlueZCallItsAgent()
    {
        await using var bus = await PolicyBus.StartAsync(includePolicy: true);
        var results = await bus.ProbeAsync(AgentPath, "02:00:00:00:00:01");

        foreach (var call in new[]
        {
            "ObjectManager.GetManagedObjects", "Properties.Get", "Properties.Set", "Adapter1.SetDiscoveryFilter",
            "Adapter1.StartDiscovery", "Adapter1.StopDiscovery", "Device1.Connect", "AgentManager1.RegisterAgent",
            "AgentManager1.RequestDefaultAgent", "Device1.Pair",
        })
        {
            Assert.True(results.GetValueOrDefault(call) == "ok", $"{call}: {results.GetValueOrDefault(call)}\n{bus.Describe(results)}");
        }

        Assert.True(results.ContainsKey("agent RequestPasskey"), "BlueZ's call to the agent did not arrive\n" + bus.Describe(results));
    }

    [Fact]
    public async Task Policy_KeepsEverythingElseClosed()
    {
        await using var bus = await PolicyBus.StartAsync(includePolicy: true);
        // An agent anywhere but the gateway's path cannot be called back, so pairing fails.
        var results = await bus.ProbeAsync("/com/edge/ble/other", "02:00:00:00:00:02");

        Assert.Equal("org.freedesktop.DBus.Error.AccessDenied", results.GetValueOrDefault("Device1.Pair"));
        Assert.Equal("org.freedesktop.DBus.Error.AccessDenied", results.GetValueOrDefault("Mock.AddAdapter"));
        Assert.Equal("org.freedesktop.DBus.Error.AccessDenied", results.GetValueOrDefault("Peer.Ping"));
        Assert.False(results.ContainsKey("agent RequestPasskey"));
    }

    [Fact]
    public async Task WithoutThePolicy_TheServiceUserIsDenied()
    {
        // Proves the bus really denies by default, so the allowed calls above are the policy file's doing.
        await using var bus = await PolicyBus.StartAsync(includePolicy: false);
        var results = await bus.ProbeAsync(AgentPath, "02:00:00:00:00:03");
        Assert.Equal("org.freedesktop.DBus.Error.AccessDenied", results.GetValueOrDefault("ObjectManager.GetManagedObjects"));
        Assert.Equal("org.freedesktop.DBus.Error.AccessDenied", results.GetValueOrDefault("AgentManager1.RegisterAgent"));
    }

    [Fact]
    public async Task MalformedPolicy_IsRejectedByDbusDaemon()
    {
        // The same check the passing tests rely on, shown to fail: a dbus-daemon that cannot parse an included file
        // refuses to start.
        var broken = File.ReadAllText(RepositoryFiles.Get("deploy", "dbus", "edge-gateway-bluez.conf")).Replace("</policy>", "</polcy>", StringComparison.Ordinal);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => PolicyBus.StartAsync(includePolicy: true, policyText: broken));
        Assert.Contains("edge-gateway-bluez.conf", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A private bus with system-bus defaults, the policy under test, and the BlueZ double.</summary>
    private sealed class PolicyBus : IAsyncDisposable
    {
        private readonly TestPaths _paths;
        private readonly int _daemonPid;
        private readonly Process _mock;

        private PolicyBus(TestPaths paths, string address, int daemonPid, Process mock)
        {
            _paths = paths;
            Address = address;
            _daemonPid = daemonPid;
            _mock = mock;
        }

        public string Address { get; }

        public static async Task<PolicyBus> StartAsync(bool includePolicy, string? policyText = null)
        {
            var paths = new TestPaths("dbuspolicy");
            try
            {
                // nobody must reach the socket and read the probe.
                File.SetUnixFileMode(paths.Root, (UnixFileMode)0b111_101_101);
                var included = paths.CreateDirectory("system.d");
                if (includePolicy)
                {
                    var text = policyText ?? File.ReadAllText(RepositoryFiles.Get("deploy", "dbus", "edge-gateway-bluez.conf"));
                    Assert.Contains("user=\"edge\"", text, StringComparison.Ordinal);
                    File.WriteAllText(Path.Combine(included, "edge-gateway-bluez.conf"), text.Replace("user=\"edge\"", "user=\"nobody\"", StringComparison.Ordinal));
                }

                var socket = paths.Combine("bus");
                var config = paths.WriteFile("bus.conf", $"""
                    <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN" "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
                    <busconfig>
                      <type>system</type>
                      <listen>unix:path={socket}</listen>
                      <auth>EXTERNAL</auth>
                      <!-- The default policy of /usr/share/dbus-1/system.conf (dbus 1.14). -->
                      <policy context="default">
                        <allow user="*"/>
                        <deny own="*"/>
                        <deny send_type="method_call"/>
                        <allow send_type="signal"/>
                        <allow send_requested_reply="true" send_type="method_return"/>
                        <allow send_requested_reply="true" send_type="error"/>
                        <allow receive_type="method_call"/>
                        <allow receive_type="method_return"/>
                        <allow receive_type="error"/>
                        <allow receive_type="signal"/>
                        <allow send_destination="org.freedesktop.DBus" send_interface="org.freedesktop.DBus"/>
                        <allow send_destination="org.freedesktop.DBus" send_interface="org.freedesktop.DBus.Introspectable"/>
                      </policy>
                      <!-- What bluez's own bluetooth.conf grants root, minus its Agent1 allowance: that one must come from our file. -->
                      <policy user="root">
                        <allow own="org.bluez"/>
                        <allow send_destination="org.bluez"/>
                      </policy>
                      <includedir>{included}</includedir>
                    </busconfig>
                    """);
                var daemon = await Tool.RunAsync("dbus-daemon", "dbus", [$"--config-file={config}", "--fork", "--print-address=1", "--print-pid=1", "--nosyslog"]);
                var lines = daemon.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                if (daemon.ExitCode != 0 || lines.Length < 2)
                {
                    throw new InvalidOperationException($"dbus-daemon did not start (exit {daemon.ExitCode}): {daemon.Output}");
                }

                var address = lines[0];
                var pid = int.Parse(lines[1], System.Globalization.CultureInfo.InvariantCulture);
                // A file in an includedir that does not parse is skipped with a message, not fatal: treat it as fatal.
                if (daemon.Stderr.Contains("Encountered error", StringComparison.Ordinal) || daemon.Stderr.Contains("Unknown username", StringComparison.Ordinal))
                {
                    await Tool.RunAsync("kill", "procps", ["-s", "TERM", lines[1]]);
                    throw new InvalidOperationException("dbus-daemon did not take the policy: " + daemon.Stderr);
                }

                var mock = await StartDoubleAsync(paths, address);
                return new PolicyBus(paths, address, pid, mock);
            }
            catch
            {
                paths.Dispose();
                throw;
            }
        }

        /// <summary>Adds a device that asks for a passkey, runs the probe as nobody, and returns call → answer.</summary>
        public async Task<Dictionary<string, string>> ProbeAsync(string agentPath, string address)
        {
            await MockAsync("AddAdapter", "string:hci0", "string:edge-test");
            await MockAsync("AddDevice", "string:hci0", $"string:{address}", "string:probe", "array:string:0000180d-0000-1000-8000-00805f9b34fb");
            var device = $"{Adapter}/dev_{address.Replace(':', '_')}";
            await MockAsync("SetPairing", $"objpath:{device}", "string:passkey", $"uint32:{Passkey}");

            var probe = _paths.Combine("bluez_policy_probe.py");
            File.Copy(RepositoryFiles.Get("tests", "Edge.EndToEnd.Tests", "Systemd", "bluez_policy_probe.py"), probe, overwrite: true);
            File.SetUnixFileMode(probe, (UnixFileMode)0b110_100_100);
            var result = await Tool.RunAsync(
                "setpriv", "util-linux",
                ["--reuid=nobody", "--regid=nogroup", "--clear-groups", "/usr/bin/python3", probe, Address, Adapter, device, agentPath, Passkey.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            Assert.True(result.ExitCode == 0, "probe failed: " + result.Output);
            return result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => l.Split(' ', 2))
                .Select(p => p[0] == "agent" ? (Key: "agent " + p[1], Value: "called") : (Key: p[0], Value: p.Length > 1 ? p[1] : string.Empty))
                .GroupBy(p => p.Key)
                .ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal);
        }

        public string Describe(Dictionary<string, string> results) =>
            string.Join('\n', results.Select(r => $"{r.Key} {r.Value}")) + "\nmock: " + ReadOrEmpty(_paths.Combine("mock.out"));

        public async ValueTask DisposeAsync()
        {
            if (!_mock.HasExited)
            {
                _mock.Kill();
                await _mock.WaitForExitAsync();
            }

            _mock.Dispose();
            await Tool.RunAsync("kill", "procps", ["-s", "TERM", _daemonPid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            _paths.Dispose();
        }

        private static async Task<Process> StartDoubleAsync(TestPaths paths, string address)
        {
            var template = RepositoryFiles.Get("tests", "bluez-double", "edge_bluez.py");
            var psi = new ProcessStartInfo("/bin/sh", ["-c", $"exec /usr/bin/python3 -m dbusmock --template {template} >>{paths.Combine("mock.out")} 2>&1"]);
            psi.Environment["DBUS_SYSTEM_BUS_ADDRESS"] = address;
            var mock = Process.Start(psi)!;
            var start = TimeProvider.System.GetTimestamp();
            while (true)
            {
                var owner = await Tool.RunAsync("dbus-send", "dbus", [$"--bus={address}", "--print-reply", "--dest=org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus.NameHasOwner", "string:org.bluez"]);
                if (owner.Stdout.Contains("boolean true", StringComparison.Ordinal))
                {
                    return mock;
                }

                if (mock.HasExited || TimeProvider.System.GetElapsedTime(start) > TimeSpan.FromSeconds(20))
                {
                    throw new InvalidOperationException("The BlueZ double did not take org.bluez (python3-dbusmock installed? scripts/install-deps.sh): " + ReadOrEmpty(paths.Combine("mock.out")));
                }

                await Task.Delay(100);
            }
        }

        private async Task MockAsync(string method, params string[] arguments)
        {
            var result = await Tool.RunAsync("dbus-send", "dbus", [$"--bus={Address}", "--print-reply", "--dest=org.bluez", "/", "org.bluez.Mock." + method, .. arguments]);
            Assert.True(result.ExitCode == 0, $"Mock.{method}: {result.Output}");
        }

        private static string ReadOrEmpty(string path) => File.Exists(path) ? File.ReadAllText(path) : string.Empty;
    }
}
