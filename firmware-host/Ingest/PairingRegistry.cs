using Edge.Drivers.Ble.Pairing;
using Edge.Host.Configuration;
using Microsoft.Extensions.Options;

namespace Edge.Host.Ingest;

/// <summary>
/// Maps a device's local address to its opaque device id and patient. Built from configuration now; the pairing
/// engine will feed it later. Thread-safe (immutable after construction).
/// </summary>
public sealed class PairingRegistry
{
    private readonly Dictionary<string, DeviceBinding> _bySource;
    private readonly BlePairingEngine? _ble;

    public PairingRegistry(IOptions<PatientsOptions> options, BlePairingEngine? ble = null)
    {
        _ble = ble;
        ArgumentNullException.ThrowIfNull(options);
        _bySource = new Dictionary<string, DeviceBinding>(StringComparer.OrdinalIgnoreCase);
        foreach (var patient in options.Value.Patients)
        {
            foreach (var device in patient.Devices)
            {
                _bySource[device.Source] = new DeviceBinding(device.DeviceId, patient.Id);
            }
        }
    }

    /// <summary>Finds the binding of a local address: configured bindings first, then those the nurse made by pairing.</summary>
    public bool TryResolve(string source, out DeviceBinding binding)
    {
        if (_bySource.TryGetValue(source, out binding!))
        {
            return true;
        }

        if (_ble?.Bindings.FirstOrDefault(b => string.Equals(b.Address, source, StringComparison.OrdinalIgnoreCase)) is { } paired)
        {
            binding = new DeviceBinding(paired.DeviceId, paired.PatientId);
            return true;
        }

        return false;
    }
}
