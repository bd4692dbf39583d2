namespace Edge.Bench.Micro;

/// <summary>What <see cref="NaiveMasimoParser"/> extracts from a line.</summary>
public readonly record struct NaiveMasimoReading(DateTime DeviceTime, int? SpO2, int? PulseRate, double? PerfusionIndex, int Alarm, int Exceptions);
