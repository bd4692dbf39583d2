namespace Edge.Drivers.Ble.Pairing;

/// <summary>The result of <see cref="BlePairingEngine.PairAsync"/>: success, or the BlueZ error name (PHI-free).</summary>
public sealed record PairingOutcome(bool Paired, string? Error);
