using System.Diagnostics;
using Edge.Drivers.Ble.Pairing;
using Tmds.DBus.Protocol;

namespace Edge.Drivers.Tests.Ble.BlueZ;

/// <summary>The pairing engine and our Agent1 against the double; and the double itself checked by bleak.</summary>
public sealed class PairingIntegrationTests
{
    private const string Strap = "AA:BB:CC:00:30:01";
    private const string StrapPath = "/org/bluez/hci0/dev_AA_BB_CC_00_30_01";
    private const string Phone = "AA:BB:CC:00:30:99";

    [Fact]
    public async Task Scan_DuplicateAdverts_YieldOneCandidatePerHealthDeviceAndFilterByHealthUuids()
    {
        await using var bz = await BlueZDouble.StartAsync();
        await bz.AddAdapterAsync();
        await bz.AddHeartRateStrapAsync(Strap);
        await bz.AddDeviceAsync(Phone, "Phone", "0000110a-0000-1000-8000-00805f9b34fb");
        await using var h = new CentralHarness(bz);
        await h.StartAsync();

        var scan = h.Pairing.ScanAsync(TimeSpan.FromMilliseconds(400), CancellationToken.None);
        await Eventually.HoldsAsync(() => bz.CallsAsync("/org/bluez/hci0", "StartDiscovery"), c => c.Count == 1, "discovery started");
        for (short i = 0; i < 20; i++)
        {
            await bz.AdvertiseAsync(StrapPath, (short)(-60 - (i % 3)));
        }

        var candidates = await scan;

        var candidate = Assert.Single(candidates);
        Assert.Equal(("heart-rate", "HRM-Test"), (candidate.Kind, candidate.Name));
        Assert.InRange(candidate.Rssi!.Value, (short)-62, (short)-60);
        Assert.DoesNotContain(Strap, candidate.CandidateId, StringComparison.OrdinalIgnoreCase);
        var filter = Assert.Single(await bz.CallsAsync("/org/bluez/hci0", "SetDiscoveryFilter"));
        var options = filter[0].GetDictionary<string, VariantValue>();
        Assert.Contains("0000180d-0000-1000-8000-00805f9b34fb", options["UUIDs"].GetArray<string>());
        Assert.Equal(6, options["UUIDs"].GetArray<string>().Length);
        Assert.Equal("le", options["Transport"].GetString());
        Assert.True(options["DuplicateData"].GetBool()); // bluez #1113: the documented default is wrong
        Assert.Single(await bz.CallsAsync("/org/bluez/hci0", "StopDiscovery"));
    }

    [Fact]
    public async Task PairWithPasskey_AgentAnswersTrustBindConfirmThenUnpair_AllAudited()
    {
        await using var bz = await BlueZDouble.StartAsync();
        await bz.AddAdapterAsync();
        var (device, chrc) = await bz.AddHeartRateStrapAsync(Strap);
        await bz.SetPairingAsync(device, "passkey", 123456);
        await using var h = new CentralHarness(bz);
        await h.StartAsync();
        var candidate = Assert.Single(h.Pairing.Candidates());

        var wrong = await h.Pairing.PairAsync(candidate.CandidateId, 654321, CancellationToken.None);
        var none = await h.Pairing.PairAsync(candidate.CandidateId, null, CancellationToken.None);
        var right = await h.Pairing.PairAsync(candidate.CandidateId, 123456, CancellationToken.None);

        Assert.Equal(new PairingOutcome(false, "org.bluez.Error.AuthenticationFailed"), wrong);
        Assert.Equal(new PairingOutcome(false, "org.bluez.Error.AuthenticationRejected"), none); // our agent said Rejected
        Assert.Equal(new PairingOutcome(true, null), right);
        Assert.True(await bz.GetDeviceBoolAsync(device, "Paired"));
        Assert.True(await bz.GetDeviceBoolAsync(device, "Trusted"));

        var first = h.Pairing.Bind(candidate.CandidateId, "pt-0001");
        var binding = h.Pairing.Bind(candidate.CandidateId, "pt-0001");
        Assert.NotEqual(first.DeviceId, binding.DeviceId); // every pairing creates a new opaque id
        Assert.Matches("^ble-[0-9a-f]{32}$", binding.DeviceId);

        var confirmation = h.Pairing.WaitForConfirmationAsync(binding.DeviceId, CentralHarness.Patience, CancellationToken.None);
        await Eventually.HoldsAsync(() => bz.NotifySessionsAsync(chrc), s => s.Length == 1, "armed after bind");
        await Eventually.HoldsAsync(() => bz.GetDeviceBoolAsync(device, "Connected"), c => c, "connected after bind");
        Assert.True(await bz.EmitNotificationAsync(chrc, [0x00, 72]));
        Assert.NotNull((await confirmation).ConfirmedAt);

        await h.Pairing.UnpairAsync(binding.DeviceId, forget: true, CancellationToken.None);
        Assert.Single(await bz.CallsAsync("/org/bluez/hci0", "RemoveDevice"));
        Assert.DoesNotContain(h.Pairing.Bindings, b => b.DeviceId == binding.DeviceId);

        var audit = h.Audit.ReadAll();
        Assert.Equal(["pair", "pair", "pair", "bind", "bind", "confirm", "forget"], audit.Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("action").GetString()));
        Assert.All(audit, l => Assert.DoesNotContain("AA:BB:CC", l, StringComparison.OrdinalIgnoreCase));
        Assert.All(audit, l => Assert.DoesNotContain("123456", l, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AgentRegisteredAtStartup_AsDefaultWithKeyboardDisplay()
    {
        await using var bz = await BlueZDouble.StartAsync();
        await bz.AddAdapterAsync();
        await using var h = new CentralHarness(bz);
        await h.StartAsync();

        var register = Assert.Single(await bz.CallsAsync("/org/bluez", "RegisterAgent"));
        Assert.Equal("KeyboardDisplay", register[1].GetString());
        Assert.Single(await bz.CallsAsync("/org/bluez", "RequestDefaultAgent"));
    }

    [Fact]
    public async Task Double_PassesTheBleakCheck_ScanConnectNotify()
    {
        var psi = new ProcessStartInfo("/usr/bin/python3", [Path.Combine(BlueZDouble.RepoRoot, "tests", "bluez-double", "bleak_check.py")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

        var output = await stdout;
        Assert.True(process.ExitCode == 0, output + await stderr);
        Assert.Contains("CHECK scan: found HRM-Check", output, StringComparison.Ordinal);
        Assert.Contains("CHECK connect: True", output, StringComparison.Ordinal);
        Assert.Contains("CHECK notify: 0048", output, StringComparison.Ordinal);
        Assert.EndsWith("BLEAK-CHECK OK", output.TrimEnd(), StringComparison.Ordinal);
    }
}
