namespace Edge.Drivers.Ble.Pairing;

/// <summary>
/// A device seen while scanning that offers at least one health service. <see cref="CandidateId"/> is opaque and
/// valid while the engine runs; the address stays inside the engine.
/// </summary>
/// <param name="CandidateId">Opaque id to pass to <see cref="BlePairingEngine.PairAsync"/>.</param>
/// <param name="Kind">What the services say it is: heart-rate, blood-pressure, thermometer, pulse-oximeter, scale, glucose.</param>
/// <param name="Name">The advertised name (may be empty).</param>
/// <param name="Rssi">Last RSSI in dBm, null when unknown.</param>
/// <param name="HealthServices">16-bit UUIDs of the health services it offers.</param>
/// <param name="Paired">BlueZ already holds keys for it.</param>
public sealed record PairingCandidate(string CandidateId, string Kind, string Name, short? Rssi, IReadOnlyList<ushort> HealthServices, bool Paired);
