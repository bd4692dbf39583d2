using System.Diagnostics;
using Tmds.DBus.Protocol;

namespace Edge.Drivers.Tests.Ble.BlueZ;

/// <summary>
/// Starts the project's BlueZ double: a private dbus-daemon on a unique socket and python3-dbusmock with our template
/// (tests/bluez-double/edge_bluez.py), and drives it over its org.bluez.Mock API. A missing dbus-daemon, python3 or
/// dbusmock is an error that names scripts/install-deps.sh; tests never skip.
/// </summary>
internal delegate void BodyWriter(ref MessageWriter writer);

internal sealed class BlueZDouble : IAsyncDisposable
{
    public const string HeartRateService = "0000180d-0000-1000-8000-00805f9b34fb";
    public const string HeartRateMeasurement = "00002a37-0000-1000-8000-00805f9b34fb";
    public const string BloodPressureService = "00001810-0000-1000-8000-00805f9b34fb";
    public const string BloodPressureMeasurement = "00002a35-0000-1000-8000-00805f9b34fb";
    public const string GlucoseService = "00001808-0000-1000-8000-00805f9b34fb";
    public const string GlucoseMeasurement = "00002a18-0000-1000-8000-00805f9b34fb";
    public const string GlucoseContext = "00002a34-0000-1000-8000-00805f9b34fb";
    public const string RacpUuid = "00002a52-0000-1000-8000-00805f9b34fb";
    private const string Python = "/usr/bin/python3";

    private readonly string _dir;
    private readonly int _busPid;
    private Process? _mock;
    private readonly DBusConnection _control;

    private BlueZDouble(string dir, string address, int busPid, DBusConnection control)
    {
        _dir = dir;
        Address = address;
        _busPid = busPid;
        _control = control;
    }

    public string Address { get; }

    public string Directory => _dir;

    public static string RepoRoot
    {
        get
        {
            for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            {
                if (File.Exists(Path.Combine(d.FullName, "tests", "bluez-double", "edge_bluez.py")))
                {
                    return d.FullName;
                }
            }

            throw new InvalidOperationException("tests/bluez-double/edge_bluez.py not found above the test binaries.");
        }
    }

    public static string Template => Path.Combine(RepoRoot, "tests", "bluez-double", "edge_bluez.py");

    public static async Task<BlueZDouble> StartAsync()
    {
        Require("/usr/bin/dbus-daemon");
        Require(Python);
        var dir = Path.Combine(Path.GetTempPath(), "edge-bluez-" + Guid.NewGuid().ToString("N")[..10]);
        System.IO.Directory.CreateDirectory(dir);
        var socket = Path.Combine(dir, "bus");
        var conf = Path.Combine(dir, "bus.conf");
        await File.WriteAllTextAsync(conf, $"""
            <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN" "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
            <busconfig><type>system</type><listen>unix:path={socket}</listen><auth>EXTERNAL</auth>
            <policy context="default"><allow user="*"/><allow own="*"/><allow send_type="method_call"/>
            <allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/></policy></busconfig>
            """);
        // The daemon's stderr goes to a file: a pipe nobody drains would outlive the Process object.
        var daemon = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", $"exec /usr/bin/dbus-daemon --config-file={conf} --fork --print-address=1 --print-pid=1 --nosyslog 2>>{dir}/dbus-daemon.log"])
        {
            RedirectStandardOutput = true,
        })!;
        var output = await daemon.StandardOutput.ReadToEndAsync();
        await daemon.WaitForExitAsync();
        var parts = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (daemon.ExitCode != 0 || parts.Length < 2)
        {
            throw new InvalidOperationException("dbus-daemon did not start: " + await File.ReadAllTextAsync(Path.Combine(dir, "dbus-daemon.log")) + " (run scripts/install-deps.sh)");
        }

        var control = new DBusConnection(parts[0]);
        await control.ConnectAsync();
        var bz = new BlueZDouble(dir, parts[0], int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), control);
        await bz.StartMockAsync();
        return bz;
    }

    private static void Require(string file)
    {
        if (!File.Exists(file))
        {
            throw new InvalidOperationException($"{file} is missing: run scripts/install-deps.sh (dbus, python3-dbusmock, python3-bleak).");
        }
    }

    /// <summary>Starts (or restarts) the mock process and waits, by event, until it owns org.bluez.</summary>
    public async Task StartMockAsync()
    {
        var psi = new ProcessStartInfo("/bin/sh", ["-c", $"exec {Python} -m dbusmock --template {Template} -l {_dir}/mock.log >>{_dir}/mock.out 2>&1"]);
        psi.Environment["DBUS_SYSTEM_BUS_ADDRESS"] = Address;
        // A throwaway connection watches for the owner: a NameOwnerWatcher left on the control connection was seen to
        // get that connection closed by the bus once the owner appeared (Tmds.DBus.Protocol 0.95.2).
        using var watch = new DBusConnection(Address);
        await watch.ConnectAsync();
        var watcher = await watch.WatchNameOwnerAsync("org.bluez");
        _mock = Process.Start(psi)!;
        var owner = watcher.WaitForOwnerAsync(CancellationToken.None);
        var exited = _mock.WaitForExitAsync();
        if (await Task.WhenAny(owner, exited, Task.Delay(TimeSpan.FromSeconds(20))) != owner)
        {
            throw new InvalidOperationException("The BlueZ double did not take org.bluez (is python3-dbusmock installed? run scripts/install-deps.sh): " + (exited.IsCompleted ? await File.ReadAllTextAsync(Path.Combine(_dir, "mock.out")) : "timeout"));
        }
    }

    /// <summary>bluetoothd crashes: the mock is killed (SIGKILL); org.bluez loses its owner.</summary>
    public async Task KillMockAsync()
    {
        _mock!.Kill();
        await _mock.WaitForExitAsync();
        _mock.Dispose();
        _mock = null;
    }

    public Task<string> AddAdapterAsync(string name = "hci0") => CallAsync<string>("AddAdapter", "ss", (ref MessageWriter w) => { w.WriteString(name); w.WriteString("edge-test"); }, ReadPath);

    public Task<string> AddDeviceAsync(string address, string name, params string[] uuids) =>
        CallAsync<string>("AddDevice", "sssas", (ref MessageWriter w) => { w.WriteString("hci0"); w.WriteString(address); w.WriteString(name); w.WriteArray(uuids); }, ReadPath);

    public Task<string> AddServiceAsync(string device, string uuid, ushort handle) =>
        CallAsync<string>("AddGattService", "osq", (ref MessageWriter w) => { w.WriteObjectPath(device); w.WriteString(uuid); w.WriteUInt16(handle); }, ReadPath);

    public Task<string> AddCharacteristicAsync(string service, string uuid, string[] flags, ushort handle) =>
        CallAsync<string>("AddGattCharacteristic", "osasq", (ref MessageWriter w) => { w.WriteObjectPath(service); w.WriteString(uuid); w.WriteArray(flags); w.WriteUInt16(handle); }, ReadPath);

    /// <summary>A heart-rate strap: device, service 0x180D, characteristic 0x2A37 (notify). Returns (device, chrc).</summary>
    public async Task<(string Device, string Characteristic)> AddHeartRateStrapAsync(string address)
    {
        var device = await AddDeviceAsync(address, "HRM-Test", HeartRateService);
        var service = await AddServiceAsync(device, HeartRateService, 0x000c);
        return (device, await AddCharacteristicAsync(service, HeartRateMeasurement, ["notify"], 0x000d));
    }

    /// <summary>A glucose meter: 0x2A18 (notify), 0x2A34 (notify), RACP 0x2A52 (write, indicate).</summary>
    public async Task<(string Device, string Racp)> AddGlucoseMeterAsync(string address)
    {
        var device = await AddDeviceAsync(address, "GLM-Test", GlucoseService);
        var service = await AddServiceAsync(device, GlucoseService, 0x0020);
        await AddCharacteristicAsync(service, GlucoseMeasurement, ["notify"], 0x0021);
        await AddCharacteristicAsync(service, GlucoseContext, ["notify"], 0x0024);
        return (device, await AddCharacteristicAsync(service, RacpUuid, ["write", "indicate"], 0x0027));
    }

    public Task<bool> EmitNotificationAsync(string chrc, byte[] value) =>
        CallAsync("EmitNotification", "oay", (ref MessageWriter w) => { w.WriteObjectPath(chrc); w.WriteArray(value); }, static (m, _) => m.GetBodyReader().ReadBool());

    public Task QueueNotificationOnConnectAsync(string chrc, byte[] value) =>
        CallAsync<bool>("QueueNotificationOnConnect", "oay", (ref MessageWriter w) => { w.WriteObjectPath(chrc); w.WriteArray(value); }, null);

    public Task AdvertiseAsync(string device, short rssi) =>
        CallAsync<bool>("Advertise", "onqay", (ref MessageWriter w) => { w.WriteObjectPath(device); w.WriteInt16(rssi); w.WriteUInt16(0xFFFF); w.WriteArray(new byte[] { 1 }); }, null);

    public Task DropLinkAsync(string device) => CallAsync<bool>("DropLink", "o", (ref MessageWriter w) => w.WriteObjectPath(device), null);

    public Task SetPairingAsync(string device, string mode, uint passkey) =>
        CallAsync<bool>("SetPairing", "osu", (ref MessageWriter w) => { w.WriteObjectPath(device); w.WriteString(mode); w.WriteUInt32(passkey); }, null);

    public Task SetConnectFailuresAsync(string device, uint count) =>
        CallAsync<bool>("SetConnectFailures", "ou", (ref MessageWriter w) => { w.WriteObjectPath(device); w.WriteUInt32(count); }, null);

    public Task AddGlucoseRecordAsync(string device, byte[] measurement, byte[] context) =>
        CallAsync<bool>("AddGlucoseRecord", "oayay", (ref MessageWriter w) => { w.WriteObjectPath(device); w.WriteArray(measurement); w.WriteArray(context); }, null);

    public Task SetRacpBehaviourAsync(string device, int dropLinkAfter, bool silent) =>
        CallAsync<bool>("SetRacpBehaviour", "oib", (ref MessageWriter w) => { w.WriteObjectPath(device); w.WriteInt32(dropLinkAfter); w.WriteBool(silent); }, null);

    public Task<string[]> NotifySessionsAsync(string chrc) =>
        CallAsync("GetNotifySessions", "o", (ref MessageWriter w) => w.WriteObjectPath(chrc), static (m, _) => m.GetBodyReader().ReadArrayOfString());

    /// <summary>The argument lists of every call of <paramref name="method"/> on <paramref name="path"/> (dbusmock's call log).</summary>
    public async Task<List<VariantValue[]>> CallsAsync(string path, string method)
    {
        var message = Build(path, "org.freedesktop.DBus.Mock", "GetMethodCalls", "s", (ref MessageWriter w) => w.WriteString(method));
        return await _control.CallMethodAsync(message, static (m, _) =>
        {
            var r = m.GetBodyReader();
            var result = new List<VariantValue[]>();
            var end = r.ReadArrayStart(DBusType.Struct);
            while (r.HasNext(end))
            {
                r.AlignStruct();
                r.ReadUInt64();
                result.Add(r.ReadArrayOfVariantValue());
            }

            return result;
        }, null);
    }

    public async Task<bool> GetDeviceBoolAsync(string device, string property)
    {
        var message = Build(device, "org.freedesktop.DBus.Properties", "Get", "ss", (ref MessageWriter w) =>
        {
            w.WriteString("org.bluez.Device1");
            w.WriteString(property);
        });
        return await _control.CallMethodAsync(message, static (m, _) => m.GetBodyReader().ReadVariantValue().GetBool(), null);
    }

    private MessageBuffer Build(string path, string iface, string member, string signature, BodyWriter body)
    {
        var w = _control.GetMessageWriter();
        try
        {
            w.WriteMethodCallHeader("org.bluez", path, iface, member, signature);
            body(ref w);
            return w.CreateMessage();
        }
        finally
        {
            w.Dispose();
        }
    }

    private static string ReadPath(Message m, object? _) => m.GetBodyReader().ReadObjectPathAsString();

    private async Task<T> CallAsync<T>(string method, string signature, BodyWriter body, MessageValueReader<T>? reader)
    {
        var message = Build("/", "org.bluez.Mock", method, signature, body);
        if (reader is null)
        {
            await _control.CallMethodAsync(message, static (_, _) => true, null);
            return default!;
        }

        return await _control.CallMethodAsync(message, reader, null);
    }

    public async ValueTask DisposeAsync()
    {
        if (_mock is { } mock)
        {
            mock.Kill();
            await mock.WaitForExitAsync();
            mock.Dispose();
        }

        _control.Dispose();
        try
        {
            Process.GetProcessById(_busPid).Kill();
        }
        catch (ArgumentException)
        {
            // Already gone.
        }

        try
        {
            if (Environment.GetEnvironmentVariable("EDGE_KEEP_BLUEZ_DOUBLE") is not null)
            {
                return; // debugging: keep mock.log and the bus config
            }

            System.IO.Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}
