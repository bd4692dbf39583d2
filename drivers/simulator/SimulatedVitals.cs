namespace Edge.Drivers.Simulator;

/// <summary>What one simulated patient's devices show on one tick.</summary>
/// <param name="HeartRate">Strap heart rate, /min.</param>
/// <param name="PulseRate">Oximeter pulse rate, /min.</param>
/// <param name="SpO2">Oximeter SpO2, %.</param>
/// <param name="PerfusionIndex">Oximeter perfusion index, %, two decimals.</param>
/// <param name="ProbeOff">The oximeter probe has slipped off this tick.</param>
internal readonly record struct SimulatedVitals(int HeartRate, int PulseRate, int SpO2, double PerfusionIndex, bool ProbeOff);
