namespace Edge.Drivers.Serial.Masimo;

/// <summary>
/// One stored record of a Masimo trend download (Rad-8 manual p.4-24, "Sample Trend Output"). Values are null when
/// the record says 000 (missing). Recorded in the past: the device time is the measurement time.
/// </summary>
/// <param name="DeviceTime">The device clock with the caller's UTC offset.</param>
/// <param name="SpO2">SpO2, %.</param>
/// <param name="PulseRate">Pulse rate, /min.</param>
/// <param name="PerfusionIndex">Perfusion index, %.</param>
/// <param name="Exceptions">The EXC bits (the decoded text after ':' is ignored).</param>
public sealed record MasimoTrendRecord(
    DateTimeOffset DeviceTime,
    int? SpO2,
    int? PulseRate,
    double? PerfusionIndex,
    MasimoExceptions? Exceptions)
{
    /// <summary>Field presence only; no values.</summary>
    public override string ToString() =>
        $"MasimoTrendRecord(spo2={(SpO2 is null ? "absent" : "present")}, pr={(PulseRate is null ? "absent" : "present")}, " +
        $"pi={(PerfusionIndex is null ? "absent" : "present")}, exc={(Exceptions is null ? "absent" : "present")})";
}
