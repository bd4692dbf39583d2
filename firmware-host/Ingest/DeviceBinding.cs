namespace Edge.Host.Ingest;

/// <summary>What ingest knows about a bound device: the opaque ids that replace its hardware address.</summary>
public sealed record DeviceBinding(string DeviceId, string PatientId);
