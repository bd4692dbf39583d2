using System.Collections.Concurrent;
using Edge.Drivers.Ble.BlueZ;
using Microsoft.Extensions.Logging;
using Tmds.DBus.Protocol;

namespace Edge.Drivers.Ble.Pairing;

/// <summary>
/// The pairing engine behind the nurse page and edgectl: scan → candidates → pair (our Agent1 answers with the
/// passkey the caller gave) → trust → bind to a patient under a new opaque device id → confirm by the first valid
/// reading → unpair/forget. Every pair, bind, confirm and unpair is appended to the <see cref="PairingAudit"/>.
/// Thread-safe. Addresses never leave this class except to the BLE central and the binding store on the appliance.
/// </summary>
public sealed class BlePairingEngine : IAgentPolicy
{
    private readonly BleCentral _central;
    private readonly BindingStore _bindings;
    private readonly PairingAudit _audit;
    private readonly RacpCursorStore _cursors;
    private readonly TimeProvider _time;
    private readonly ILogger<BlePairingEngine> _logger;
    private readonly ConcurrentDictionary<string, string> _candidateToAddress = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _addressToCandidate = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, uint?> _pairing = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _confirmations = new(StringComparer.OrdinalIgnoreCase);

    public BlePairingEngine(BleCentral central, BindingStore bindings, PairingAudit audit, RacpCursorStore cursors, TimeProvider time, ILogger<BlePairingEngine> logger)
    {
        ArgumentNullException.ThrowIfNull(central);
        (_central, _bindings, _audit, _cursors, _time, _logger) = (central, bindings, audit, cursors, time, logger);
        ((IAgentPolicyHost)central).Policy = this;
        central.ValidReading += OnValidReading;
        foreach (var b in bindings.All)
        {
            central.AddDevice(b.Address);
        }
    }

    /// <summary>The code bluetoothd last asked us to show (DisplayPasskey/DisplayPinCode), for the nurse page.</summary>
    public string? DisplayedCode { get; private set; }

    /// <summary>Current bindings.</summary>
    public IReadOnlyList<BleBinding> Bindings => _bindings.All;

    /// <summary>
    /// Scans for <paramref name="duration"/> with discovery filtered to the health service UUIDs (LE, every advert),
    /// then returns the candidates. Duplicate adverts update one candidate; they never add a second.
    /// </summary>
    public async Task<IReadOnlyList<PairingCandidate>> ScanAsync(TimeSpan duration, CancellationToken ct)
    {
        var bus = await _central.BusAsync(ct);
        await bus.SetDiscoveryFilterAsync(_central.AdapterPath, [.. BlueZNames.HealthServices.Select(BlueZNames.Uuid)], ct);
        await bus.CallAsync(_central.AdapterPath, BlueZNames.AdapterInterface, "StartDiscovery", ct);
        try
        {
            await Task.Delay(duration, _time, ct);
        }
        finally
        {
            await bus.CallAsync(_central.AdapterPath, BlueZNames.AdapterInterface, "StopDiscovery", CancellationToken.None);
        }

        var candidates = Candidates();
        _audit.Append(_time.GetUtcNow(), "scan", $"{candidates.Count} candidates");
        return candidates;
    }

    /// <summary>The devices BlueZ knows that offer a health service, one entry per device.</summary>
    public IReadOnlyList<PairingCandidate> Candidates()
    {
        var result = new List<PairingCandidate>();
        foreach (var path in _central.Cache.Devices(_central.AdapterPath))
        {
            var p = _central.Cache.DeviceProperties(path);
            var services = (p.TryGetValue("UUIDs", out var u) ? u.GetArray<string>() : [])
                .Select(BlueZNames.Short).OfType<ushort>().Where(BlueZNames.HealthServices.Contains).Distinct().ToList();
            if (services.Count == 0 || !p.TryGetValue("Address", out var a))
            {
                continue;
            }

            var address = a.GetString().ToUpperInvariant();
            var id = _addressToCandidate.GetOrAdd(address, _ => "cand-" + Guid.NewGuid().ToString("N")[..12]);
            _candidateToAddress[id] = address;
            result.Add(new PairingCandidate(
                id,
                KindOf(services),
                p.TryGetValue("Alias", out var n) ? n.GetString() : string.Empty,
                p.TryGetValue("RSSI", out var r) && r.Type == VariantValueType.Int16 ? r.GetInt16() : null,
                services,
                p.TryGetValue("Paired", out var paired) && paired.GetBool()));
        }

        return result;
    }

    /// <summary>
    /// Pairs with a candidate, answering the agent's passkey request with <paramref name="passkey"/> (null: Just
    /// Works or numeric comparison only), then marks it trusted. Audited either way.
    /// </summary>
    public async Task<PairingOutcome> PairAsync(string candidateId, uint? passkey, CancellationToken ct)
    {
        var (bus, path) = await ResolveAsync(candidateId, ct);
        _pairing[path] = passkey;
        try
        {
            try
            {
                await bus.CallAsync(path, BlueZNames.DeviceInterface, "Pair", ct, timeout: TimeSpan.FromSeconds(60));
            }
            catch (DBusErrorReplyException e) when (e.ErrorName == "org.bluez.Error.AlreadyExists")
            {
                // Already bonded: pairing again is not needed.
            }

            await bus.SetBoolPropertyAsync(path, BlueZNames.DeviceInterface, "Trusted", true, ct);
            _audit.Append(_time.GetUtcNow(), "pair", "paired and trusted");
            BleLog.Pairing(_logger, "pair", "paired and trusted");
            return new PairingOutcome(true, null);
        }
        catch (DBusErrorReplyException e)
        {
            _audit.Append(_time.GetUtcNow(), "pair", "failed: " + e.ErrorName);
            BleLog.Pairing(_logger, "pair", e.ErrorName);
            return new PairingOutcome(false, e.ErrorName);
        }
        finally
        {
            _pairing.TryRemove(path, out _);
        }
    }

    /// <summary>Binds a paired candidate to a patient under a new opaque device id and starts keeping it connected.</summary>
    public BleBinding Bind(string candidateId, string patientId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(patientId);
        if (!_candidateToAddress.TryGetValue(candidateId, out var address))
        {
            throw new KeyNotFoundException("Unknown candidate id; scan first.");
        }

        var path = _central.Cache.FindDevice(_central.AdapterPath, address);
        var kind = path is null ? "unknown" : KindOf(HealthServicesOf(path));
        var binding = new BleBinding("ble-" + Guid.CreateVersion7(_time.GetUtcNow()).ToString("N"), patientId, address, kind, _time.GetUtcNow(), null);
        _confirmations[address] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _bindings.Upsert(binding);
        _central.AddDevice(address);
        _audit.Append(_time.GetUtcNow(), "bind", "bound", binding.DeviceId, patientId);
        return binding;
    }

    /// <summary>Waits for the first valid reading of a bound device, then records the binding as confirmed.</summary>
    public async Task<BleBinding> WaitForConfirmationAsync(string deviceId, TimeSpan timeout, CancellationToken ct)
    {
        var binding = _bindings.All.FirstOrDefault(b => b.DeviceId == deviceId) ?? throw new KeyNotFoundException("Unknown device id.");
        if (binding.ConfirmedAt is not null)
        {
            return binding;
        }

        var tcs = _confirmations.GetOrAdd(binding.Address, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        try
        {
            await tcs.Task.WaitAsync(timeout, _time, ct);
        }
        catch (TimeoutException)
        {
            _audit.Append(_time.GetUtcNow(), "confirm", "no valid reading in time", deviceId, binding.PatientId);
            throw;
        }

        var confirmed = binding with { ConfirmedAt = _time.GetUtcNow() };
        _bindings.Upsert(confirmed);
        _audit.Append(_time.GetUtcNow(), "confirm", "first valid reading", deviceId, binding.PatientId);
        return confirmed;
    }

    /// <summary>
    /// Unbinds and unpairs: stops the device, removes it from BlueZ (which deletes its keys), and with
    /// <paramref name="forget"/> also drops its RACP cursor so a re-pair starts a full sync.
    /// </summary>
    public async Task UnpairAsync(string deviceId, bool forget, CancellationToken ct)
    {
        var binding = _bindings.Remove(deviceId) ?? throw new KeyNotFoundException("Unknown device id.");
        _central.RemoveDevice(binding.Address);
        var outcome = "unpaired";
        var bus = await _central.BusAsync(ct);
        if (_central.Cache.FindDevice(_central.AdapterPath, binding.Address) is { } path)
        {
            try
            {
                await bus.RemoveDeviceAsync(_central.AdapterPath, path, ct);
            }
            catch (DBusErrorReplyException e)
            {
                outcome = "unbound; remove failed: " + e.ErrorName;
            }
        }

        if (forget)
        {
            _cursors.Remove(binding.Address);
        }

        _audit.Append(_time.GetUtcNow(), forget ? "forget" : "unpair", outcome, deviceId, binding.PatientId);
    }

    private async Task<(BlueZBus Bus, string Path)> ResolveAsync(string candidateId, CancellationToken ct)
    {
        if (!_candidateToAddress.TryGetValue(candidateId, out var address))
        {
            throw new KeyNotFoundException("Unknown candidate id; scan first.");
        }

        var bus = await _central.BusAsync(ct);
        var path = _central.Cache.FindDevice(_central.AdapterPath, address) ?? throw new KeyNotFoundException("The candidate is no longer known to BlueZ.");
        return (bus, path);
    }

    private List<ushort> HealthServicesOf(string path)
    {
        var p = _central.Cache.DeviceProperties(path);
        return [.. (p.TryGetValue("UUIDs", out var u) ? u.GetArray<string>() : []).Select(BlueZNames.Short).OfType<ushort>().Where(BlueZNames.HealthServices.Contains)];
    }

    private static string KindOf(List<ushort> services) => (services.Count > 0 ? services[0] : (ushort)0) switch
    {
        BlueZNames.HeartRateService => "heart-rate",
        BlueZNames.BloodPressureService => "blood-pressure",
        BlueZNames.HealthThermometerService => "thermometer",
        BlueZNames.PulseOximeterService => "pulse-oximeter",
        BlueZNames.WeightScaleService => "scale",
        BlueZNames.GlucoseService => "glucose",
        _ => "unknown",
    };

    private void OnValidReading(string address)
    {
        if (_confirmations.TryGetValue(address, out var tcs))
        {
            tcs.TrySetResult();
        }
    }

    uint? IAgentPolicy.PasskeyFor(string devicePath) => _pairing.TryGetValue(devicePath, out var p) ? p : null;

    string? IAgentPolicy.PinCodeFor(string devicePath) =>
        _pairing.TryGetValue(devicePath, out var p) && p is { } v ? v.ToString("D6", System.Globalization.CultureInfo.InvariantCulture) : null;

    bool IAgentPolicy.Confirm(string devicePath, uint passkey) => _pairing.TryGetValue(devicePath, out var p) && p == passkey;

    bool IAgentPolicy.AuthorizePairing(string devicePath) => _pairing.ContainsKey(devicePath);

    bool IAgentPolicy.AuthorizeService(string devicePath, string uuid)
    {
        var address = _central.Cache.AddressOf(devicePath);
        return address is not null && BlueZNames.Short(uuid) is { } s && BlueZNames.HealthServices.Contains(s)
            && _bindings.All.Any(b => string.Equals(b.Address, address, StringComparison.OrdinalIgnoreCase));
    }

    void IAgentPolicy.Display(string devicePath, string code) => DisplayedCode = code;

    void IAgentPolicy.Cancelled()
    {
    }
}
