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

    public PairingRegistry(IOptions<PatientsOptions> options)
    {
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

    /// <summary>Finds the binding of a local address.</summary>
    public bool TryResolve(string source, out DeviceBinding binding) => _bySource.TryGetValue(source, out binding!);
}
