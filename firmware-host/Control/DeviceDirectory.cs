using Edge.Core;
using Edge.Drivers.Ble.Pairing;
using Edge.Drivers.Simulator;
using Edge.Host.Configuration;
using Microsoft.Extensions.Options;

namespace Edge.Host.Control;

/// <summary>
/// Every device the gateway knows, configured or paired, with its patient and link state. Link state is judged
/// from data, as the serial supervisor judges liveness: a stored reading younger than
/// <see cref="ControlOptions.LinkStaleSeconds"/> is <c>connected</c>; nothing yet since start or pairing, within
/// that time, is <c>connecting</c>; otherwise <c>disconnected</c>. Reads memory only. Thread-safe.
/// </summary>
public sealed class DeviceDirectory
{
    private readonly PatientsOptions _patients;
    private readonly Dictionary<string, string> _labels;
    private readonly HashSet<string> _simulated;
    private readonly DeviceActivity _activity;
    private readonly BlePairingEngine? _ble;
    private readonly TimeProvider _time;
    private readonly TimeSpan _stale;
    private readonly DateTimeOffset _started;

    /// <summary>Creates the directory; <paramref name="ble"/> is null when BLE is off.</summary>
    public DeviceDirectory(
        IOptions<PatientsOptions> patients,
        IOptions<SimulatorOptions> simulator,
        IConfiguration configuration,
        IOptions<ControlOptions> control,
        DeviceActivity activity,
        TimeProvider time,
        BlePairingEngine? ble = null)
    {
        ArgumentNullException.ThrowIfNull(patients);
        ArgumentNullException.ThrowIfNull(simulator);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(control);
        _patients = patients.Value;
        _labels = _patients.Patients.ToDictionary(p => p.Id, p => string.IsNullOrEmpty(p.Label) ? p.Id : p.Label, StringComparer.Ordinal);
        _simulated = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (configuration.GetValue("Edge:Simulator:Enabled", false))
        {
            for (var i = 0; i < Math.Min(simulator.Value.Patients, 64); i++)
            {
                _simulated.Add(SimulatorSource.StrapAddress(i));
                _simulated.Add(SimulatorSource.OximeterPort(i));
            }
        }

        (_activity, _ble, _time) = (activity, ble, time);
        _stale = TimeSpan.FromSeconds(control.Value.LinkStaleSeconds);
        _started = time.GetUtcNow();
    }

    /// <summary>Whether <paramref name="patientId"/> is on the roster.</summary>
    public bool IsPatient(string patientId) => _labels.ContainsKey(patientId);

    /// <summary>The roster, in configuration order.</summary>
    public IReadOnlyList<PatientInfo> Roster() => [.. _patients.Patients.Select(p => new PatientInfo(p.Id, _labels[p.Id]))];

    /// <summary>Every device. <paramref name="withAddress"/> adds the local address (Unix socket only).</summary>
    public IReadOnlyList<DeviceInfo> List(bool withAddress)
    {
        var now = _time.GetUtcNow();
        var result = new List<DeviceInfo>();
        foreach (var patient in _patients.Patients)
        {
            foreach (var device in patient.Devices)
            {
                var transport = _simulated.Contains(device.Source) ? "simulator" : device.Source.StartsWith('/') ? "serial" : "ble";
                result.Add(Describe(device.DeviceId, KindOf(transport), transport, patient.Id, device.Source, _started, now, withAddress));
            }
        }

        foreach (var binding in _ble?.Bindings ?? [])
        {
            var since = binding.BoundAt > _started ? binding.BoundAt : _started;
            result.Add(Describe(binding.DeviceId, binding.Kind, "ble", binding.PatientId, binding.Address, since, now, withAddress));
        }

        return result;
    }

    /// <summary>The BLE binding with this opaque id, or null.</summary>
    public BleBinding? Binding(string deviceId) => _ble?.Bindings.FirstOrDefault(b => b.DeviceId == deviceId);

    /// <summary>Whether a configured (not paired) device has this id.</summary>
    public bool IsConfigured(string deviceId) => _patients.Patients.Any(p => p.Devices.Any(d => d.DeviceId == deviceId));

    /// <summary>The newest stored reading of a bound BLE device at or after it was bound, or null.</summary>
    public Observation? ReadingSinceBound(BleBinding binding)
    {
        ArgumentNullException.ThrowIfNull(binding);
        return _activity.Latest(binding.Address) is { } latest && latest.ReceivedAt >= binding.BoundAt ? latest : null;
    }

    private DeviceInfo Describe(string deviceId, string kind, string transport, string patientId, string source, DateTimeOffset since, DateTimeOffset now, bool withAddress)
    {
        var latest = _activity.Latest(source);
        if (latest is not null && latest.ReceivedAt < since)
        {
            latest = null; // a reading from before this pairing belongs to the previous binding
        }

        TimeSpan? age = latest is null ? null : now - latest.ReceivedAt;
        var link = age is { } a ? (a <= _stale ? "connected" : "disconnected")
            : now - since <= _stale ? "connecting" : "disconnected";
        return new DeviceInfo(
            deviceId,
            kind == "unknown" && latest is not null ? KindOf(latest.Kind, kind) : kind,
            transport,
            patientId,
            _labels.GetValueOrDefault(patientId, patientId),
            link,
            age is { } seconds ? (long)Math.Max(0, seconds.TotalSeconds) : null,
            withAddress ? source : null);
    }

    // Every serial family the drivers speak (Masimo, Nonin, Contec) is an oximeter; a BLE address says nothing.
    private static string KindOf(string transport) => transport is "serial" ? "pulse-oximeter" : "unknown";

    /// <summary>The device kind a vital implies (what a configured device is, once it has spoken).</summary>
    public static string KindOf(VitalKind vital, string fallback) => vital switch
    {
        VitalKind.HeartRate or VitalKind.RrInterval or VitalKind.EnergyExpended => "heart-rate",
        VitalKind.PulseRate or VitalKind.SpO2 or VitalKind.PerfusionIndex => "pulse-oximeter",
        VitalKind.SystolicBloodPressure or VitalKind.DiastolicBloodPressure or VitalKind.MeanArterialPressure => "blood-pressure",
        VitalKind.BodyTemperature => "thermometer",
        VitalKind.BodyWeight => "scale",
        VitalKind.Glucose => "glucose",
        _ => fallback,
    };
}
