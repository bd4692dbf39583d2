using Edge.Core;

namespace Edge.Drivers.Tests.Ble.BlueZ;

/// <summary>
/// Our BlueZ client against the project's double on a real private dbus-daemon (tests/bluez-double/edge_bluez.py).
/// Every test starts its own bus and mock.
/// </summary>
public sealed class BlueZClientIntegrationTests
{
    private const string Strap = "AA:BB:CC:00:10:01";
    private const string Cuff = "AA:BB:CC:00:10:02";
    private const string Meter = "AA:BB:CC:00:10:03";

    /// <summary>A glucose record: seq, base time 2025-03-01 08:(seq mod 60), concentration (90 + seq) mg/dL as kg/L.</summary>
    internal static byte[] GlucoseRecord(ushort seq)
    {
        var raw = (ushort)(0xB000 | (90 + seq)); // mantissa (90+seq), exponent -5 kg/L = (90+seq) mg/dL
        return [0x02, (byte)seq, (byte)(seq >> 8), 0xE9, 0x07, 3, 1, 8, (byte)(seq % 60), 0, (byte)raw, (byte)(raw >> 8), 0x11];
    }

    [Fact]
    public async Task HeartRateNotifications_FlowOutInOrder_ArmedWithStartNotifyNeverAcquireNotify()
    {
        await using var bz = await BlueZDouble.StartAsync();
        await bz.AddAdapterAsync();
        var (device, chrc) = await bz.AddHeartRateStrapAsync(Strap);
        await using var h = new CentralHarness(bz, devices: Strap);
        await h.StartAsync();

        await Eventually.HoldsAsync(() => bz.GetDeviceBoolAsync(device, "Connected"), c => c, "the strap connected");
        await Eventually.HoldsAsync(() => bz.NotifySessionsAsync(chrc), s => s.Length == 1, "a notify session");
        foreach (var bpm in new byte[] { 61, 62, 63 })
        {
            Assert.True(await bz.EmitNotificationAsync(chrc, [0x00, bpm]));
        }

        var obs = await h.NextAsync(3);
        Assert.Equal([61.0, 62.0, 63.0], obs.Select(o => o.Value));
        Assert.All(obs, o => Assert.Equal((VitalKind.HeartRate, Strap), (o.Kind, o.Source)));
        Assert.Empty(await bz.CallsAsync(chrc, "AcquireNotify"));
    }

    [Fact]
    public async Task BloodPressureIndication_IsParsedToFourObservations()
    {
        await using var bz = await BlueZDouble.StartAsync();
        await bz.AddAdapterAsync();
        var device = await bz.AddDeviceAsync(Cuff, "BPM-Test", BlueZDouble.BloodPressureService);
        var service = await bz.AddServiceAsync(device, BlueZDouble.BloodPressureService, 0x0010);
        var chrc = await bz.AddCharacteristicAsync(service, BlueZDouble.BloodPressureMeasurement, ["indicate"], 0x0011);
        await using var h = new CentralHarness(bz, devices: Cuff);
        await h.StartAsync();

        await Eventually.HoldsAsync(() => bz.NotifySessionsAsync(chrc), s => s.Length == 1, "an indication session");
        await Eventually.HoldsAsync(() => bz.GetDeviceBoolAsync(device, "Connected"), c => c, "the cuff connected");
        // Nordic BloodPressureMeasurementDataCallbackTest full vector, as in reference/ble.md section 4.5's bleak run.
        Assert.True(await bz.EmitNotificationAsync(chrc, Convert.FromHexString("1E8A00580078000000041114293B3C00012700")));

        var obs = await h.NextAsync(4);
        Assert.Equal(
            [(VitalKind.SystolicBloodPressure, 138.0), (VitalKind.DiastolicBloodPressure, 88.0), (VitalKind.MeanArterialPressure, 120.0), (VitalKind.PulseRate, 60.0)],
            obs.Select(o => (o.Kind, o.Value)));
    }

    [Fact]
    public async Task NotificationPushedTheInstantConnectCompletes_IsNotLost()
    {
        await using var bz = await BlueZDouble.StartAsync();
        await bz.AddAdapterAsync();
        var (_, chrc) = await bz.AddHeartRateStrapAsync(Strap);

        // A bonded strap with a cached GATT database pushes before Connect() even returns; the double drops the push
        // unless a notify session already exists, exactly like bluetoothd.
        await bz.QueueNotificationOnConnectAsync(chrc, [0x00, 77]);
        await using var h = new CentralHarness(bz, devices: Strap);
        await h.StartAsync();

        var first = await h.NextAsync();
        Assert.Equal((VitalKind.HeartRate, 77.0), (first.Kind, first.Value));
    }

    [Fact]
    public async Task ConnectFailures_AreRetriedWithBackoffUntilConnected()
    {
        await using var bz = await BlueZDouble.StartAsync();
        await bz.AddAdapterAsync();
        var (device, chrc) = await bz.AddHeartRateStrapAsync(Strap);
        await bz.SetConnectFailuresAsync(device, 3);
        await using var h = new CentralHarness(bz, devices: Strap);
        await h.StartAsync();

        await Eventually.HoldsAsync(() => bz.GetDeviceBoolAsync(device, "Connected"), c => c, "connected after three failures");
        Assert.Equal(4, (await bz.CallsAsync(device, "Connect")).Count);
        Assert.True(await bz.EmitNotificationAsync(chrc, [0x00, 70]));
        Assert.Equal(70.0, (await h.NextAsync()).Value);
    }

    [Fact]
    public async Task LinkLost_ReconnectsAndNotificationsResume()
    {
        await using var bz = await BlueZDouble.StartAsync();
        await bz.AddAdapterAsync();
        var (device, chrc) = await bz.AddHeartRateStrapAsync(Strap);
        await using var h = new CentralHarness(bz, devices: Strap);
        await h.StartAsync();
        await Eventually.HoldsAsync(() => bz.GetDeviceBoolAsync(device, "Connected"), c => c, "connected");
        await Eventually.HoldsAsync(() => bz.NotifySessionsAsync(chrc), s => s.Length == 1, "armed");

        await bz.DropLinkAsync(device);
        await Eventually.HoldsAsync(async () => (await bz.CallsAsync(device, "Connect")).Count, n => n >= 2, "a reconnect");
        await Eventually.HoldsAsync(() => bz.GetDeviceBoolAsync(device, "Connected"), c => c, "connected again");
        Assert.True(await bz.EmitNotificationAsync(chrc, [0x00, 88]));

        Assert.Equal(88.0, (await h.NextAsync()).Value);
    }

    [Fact]
    public async Task BluetoothdRestart_MockKilledAndRestarted_ClientRebuildsEverything()
    {
        await using var bz = await BlueZDouble.StartAsync();
        await bz.AddAdapterAsync();
        var (device, chrc) = await bz.AddHeartRateStrapAsync(Strap);
        await using var h = new CentralHarness(bz, devices: Strap);
        await h.StartAsync();
        await Eventually.HoldsAsync(() => bz.NotifySessionsAsync(chrc), s => s.Length == 1, "armed");

        // Armed happens before Connect (StartNotify first, by design); the double drops pushes while the link is down.
        await Eventually.HoldsAsync(() => bz.GetDeviceBoolAsync(device, "Connected"), c => c, "connected");
        Assert.True(await bz.EmitNotificationAsync(chrc, [0x00, 60]));
        Assert.Equal(60.0, (await h.NextAsync()).Value);

        await bz.KillMockAsync();
        await bz.StartMockAsync();

        // bluetoothd comes back with its cached adapter and bonded device (new objects, same shape).
        await bz.AddAdapterAsync();
        var (device2, chrc2) = await bz.AddHeartRateStrapAsync(Strap);
        await Eventually.HoldsAsync(() => bz.GetDeviceBoolAsync(device2, "Connected"), c => c, "reconnected through the new bluetoothd");
        await Eventually.HoldsAsync(() => bz.NotifySessionsAsync(chrc2), s => s.Length == 1, "re-armed on the new bluetoothd");
        Assert.Single(await bz.CallsAsync("/org/bluez", "RegisterAgent"));
        Assert.True(await bz.EmitNotificationAsync(chrc2, [0x00, 61]));

        Assert.Equal(61.0, (await h.NextAsync()).Value);
        Assert.Equal(2, h.Central.Generations);
    }

    [Fact]
    public async Task MalformedPacket_IsRejectedAndTheStreamContinues()
    {
        await using var bz = await BlueZDouble.StartAsync();
        await bz.AddAdapterAsync();
        var (_, chrc) = await bz.AddHeartRateStrapAsync(Strap);
        await using var h = new CentralHarness(bz, devices: Strap);
        await h.StartAsync();
        await Eventually.HoldsAsync(() => bz.NotifySessionsAsync(chrc), s => s.Length == 1, "armed");
        await Eventually.HoldsAsync(() => bz.GetDeviceBoolAsync("/org/bluez/hci0/dev_AA_BB_CC_00_10_01", "Connected"), c => c, "connected");

        Assert.True(await bz.EmitNotificationAsync(chrc, [0x01, 0x01])); // uint16 flag, one byte: rejected
        Assert.True(await bz.EmitNotificationAsync(chrc, [0x00, 65]));

        Assert.Equal(65.0, (await h.NextAsync()).Value);
    }
}
