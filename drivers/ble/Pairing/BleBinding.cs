namespace Edge.Drivers.Ble.Pairing;

/// <summary>
/// A device bound to a patient by the pairing engine. <see cref="DeviceId"/> is new and opaque for every pairing;
/// <see cref="Address"/> is the local BLE address (never leaves the appliance; the host maps it to
/// <see cref="DeviceId"/> at ingest).
/// </summary>
public sealed record BleBinding(string DeviceId, string PatientId, string Address, string Kind, DateTimeOffset BoundAt, DateTimeOffset? ConfirmedAt);
