using System.Diagnostics;
using System.Globalization;
using Edge.EndToEnd.Tests.Infrastructure;

namespace Edge.EndToEnd.Tests.Control;

/// <summary>
/// The project's BlueZ double for a gateway process: a private dbus-daemon (the "system bus" for BLE) and
/// python3-dbusmock with tests/bluez-double/edge_bluez.py, driven through its org.bluez.Mock API with busctl.
/// A heart-rate strap can be added and made to notify a fixed rate twice a second (delivered only while a client
/// has subscribed, as a real strap). Missing tools are errors naming scripts/install-deps.sh; nothing is skipped.
/// </summary>
internal sealed class BleDouble : IAsyncDisposable
{
    private const string Python = "/usr/bin/python3";
    private readonly TestPaths _paths;
    private readonly int _busPid;
    private readonly ChildProcess _mock;
    private readonly CancellationTokenSource _stop = new();
    private Task _pusher = Task.CompletedTask;

    private BleDouble(TestPaths paths, string address, int busPid, ChildProcess mock)
    {
        (_paths, Address, _busPid, _mock) = (paths, address, busPid, mock);
    }

    /// <summary>The bus address to give the gateway (<c>Edge:Ble:BusAddress</c>).</summary>
    public string Address { get; }

    /// <summary>Starts dbus-daemon and the mock, and waits until the mock owns org.bluez; adds adapter hci0.</summary>
    public static async Task<BleDouble> StartAsync(TestPaths paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var daemon = ExternalTool.Find("dbus-daemon", "dbus");
        if (!File.Exists(Python))
        {
            throw new InvalidOperationException($"{Python} is missing: run scripts/install-deps.sh (python3-dbusmock).");
        }

        var directory = paths.CreateDirectory("bluez");
        var config = paths.WriteFile("bluez/bus.conf", $"""
            <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN" "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
            <busconfig><type>system</type><listen>unix:path={directory}/bus</listen><auth>EXTERNAL</auth>
            <policy context="default"><allow user="*"/><allow own="*"/><allow send_type="method_call"/>
            <allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/></policy></busconfig>
            """);
        // stderr to a file: the forked daemon keeps it open, and a pipe would never reach its end.
        var (exit, output) = await RunAsync("/bin/sh", ["-c", $"exec {daemon} --config-file={config} --fork --print-address=1 --print-pid=1 --nosyslog 2>>{directory}/dbus-daemon.log"]);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (exit != 0 || lines.Length < 2)
        {
            throw new InvalidOperationException($"dbus-daemon did not start (exit {exit}): {output}");
        }

        var address = lines[0];
        var busPid = int.Parse(lines[1], CultureInfo.InvariantCulture);
        var mock = ChildProcess.Start(
            "bluez-double",
            Python,
            ["-m", "dbusmock", "--template", Template(), "-l", System.IO.Path.Combine(directory, "mock.log")],
            directory,
            new Dictionary<string, string?> { ["DBUS_SYSTEM_BUS_ADDRESS"] = address });
        var double_ = new BleDouble(paths, address, busPid, mock);
        var start = TimeProvider.System.GetTimestamp();
        while ((await double_.BusctlAsync("call", "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "NameHasOwner", "s", "org.bluez")).Output.Trim() != "b true")
        {
            if (mock.HasExited || TimeProvider.System.GetElapsedTime(start) > TimeSpan.FromSeconds(20))
            {
                await double_.DisposeAsync();
                throw new InvalidOperationException("The BlueZ double did not take org.bluez (python3-dbusmock installed? scripts/install-deps.sh):\n" + mock.Output.Dump());
            }

            await Task.Delay(50);
        }

        await double_.MockAsync("AddAdapter", "ss", "hci0", "edge-e2e");
        return double_;
    }

    /// <summary>Adds a heart-rate strap (service 0x180D, measurement 0x2A37 notify); returns (device, characteristic) paths.</summary>
    public async Task<(string Device, string Characteristic)> AddHeartRateStrapAsync(string mac, string name)
    {
        const string service = "0000180d-0000-1000-8000-00805f9b34fb";
        var device = ObjectPath(await MockAsync("AddDevice", "sssas", "hci0", mac, name, "1", service));
        var gatt = ObjectPath(await MockAsync("AddGattService", "osq", device, service, "12"));
        var characteristic = ObjectPath(await MockAsync("AddGattCharacteristic", "osasq", gatt, "00002a37-0000-1000-8000-00805f9b34fb", "1", "notify", "13"));
        return (device, characteristic);
    }

    /// <summary>How the device pairs: <c>justworks</c>, or <c>passkey</c> (the agent must answer with <paramref name="passkey"/>).</summary>
    public Task SetPairingAsync(string device, string mode, uint passkey) =>
        MockAsync("SetPairing", "osu", device, mode, passkey.ToString(CultureInfo.InvariantCulture));

    /// <summary>From now on the strap notifies <paramref name="bpm"/> every 500 ms (lost while nobody subscribed).</summary>
    public void StartHeartRate(string characteristic, byte bpm)
    {
        _pusher = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                // Flags 0x00: uint8 heart rate, no contact or energy fields (Heart Rate Service 1.0, 3.1.1).
                await MockAsync("EmitNotification", "oay", characteristic, "2", "0", bpm.ToString(CultureInfo.InvariantCulture));
                await Task.Delay(500, CancellationToken.None);
            }
        });
    }

    /// <summary>The names of every mock method called on <paramref name="path"/> (dbusmock's call log) matching <paramref name="method"/>.</summary>
    public async Task<int> CallCountAsync(string path, string method)
    {
        var (_, output) = await BusctlAsync("call", "org.bluez", path, "org.freedesktop.DBus.Mock", "GetMethodCalls", "s", method);
        // "a(tav) N ...": the array length follows the signature.
        var parts = output.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length >= 2 ? int.Parse(parts[1], CultureInfo.InvariantCulture) : 0;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _pusher.ContinueWith(static _ => { }, TaskScheduler.Default);
        await _mock.DisposeAsync();
        try
        {
            using var bus = Process.GetProcessById(_busPid);
            bus.Kill();
            await bus.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (ArgumentException)
        {
            // Already gone.
        }

        _stop.Dispose();
    }

    private async Task<string> MockAsync(string method, string signature, params string[] arguments)
    {
        var (exit, output) = await BusctlAsync(["call", "org.bluez", "/", "org.bluez.Mock", method, signature, .. arguments]);
        return exit == 0 ? output : throw new InvalidOperationException($"org.bluez.Mock.{method} failed: {output}");
    }

    private Task<(int Exit, string Output)> BusctlAsync(params string[] arguments) =>
        RunAsync(ExternalTool.Find("busctl", "systemd"), [$"--address={Address}", "--", .. arguments]);

    private static string ObjectPath(string busctlOutput) => busctlOutput.Trim().Split(' ', 2)[1].Trim('"');

    private static string Template()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            var candidate = System.IO.Path.Combine(d.FullName, "tests", "bluez-double", "edge_bluez.py");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("tests/bluez-double/edge_bluez.py not found above the test binaries.");
    }

    private static async Task<(int Exit, string Output)> RunAsync(string file, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return (process.ExitCode, (await stdout) + (await stderr));
    }
}
