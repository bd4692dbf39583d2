namespace Edge.Drivers.Serial.Masimo;

/// <summary>
/// One parsed Masimo ASCII line. Every numeric field is <see langword="null"/> when the line omits it or fills it with
/// dashes (the device's "unavailable"). The serial number is deliberately not kept: it is a device identifier under
/// HIPAA, so only its presence is recorded.
/// </summary>
/// <remarks><see cref="ToString"/> prints field presence only, never values, so a record that reaches a log leaks nothing.</remarks>
/// <param name="DeviceTime">
/// The device clock (<c>MM/DD/YY HH:MM:SS</c>, local time with a two-digit year read as 20YY), with the UTC offset the
/// caller gave. Advisory only: Masimo clocks drift and are often wrong around DST changes.
/// </param>
/// <param name="HasSerialNumber">True when an <c>SN</c> field with a non-dashed value was present.</param>
/// <param name="SpO2">Functional oxygen saturation, % (<c>SPO2</c>).</param>
/// <param name="PulseRate">Pulse rate, beats per minute (<c>BPM</c>).</param>
/// <param name="PerfusionIndex">Perfusion index, % (<c>PI</c>).</param>
/// <param name="SpCo">Carboxyhemoglobin, % (<c>SPCO</c>, rainbow option).</param>
/// <param name="SpMet">Methemoglobin, % (<c>SPMET</c>).</param>
/// <param name="DesatIndex">Desaturation index (<c>DESAT</c>).</param>
/// <param name="PiDelta">PI delta, signed (<c>PIDELTA</c>).</param>
/// <param name="Pvi">Pleth variability index (<c>PVI</c>).</param>
/// <param name="Alarms">The <c>ALARM</c> bit-field.</param>
/// <param name="Exceptions">The <c>EXC</c> bit-field.</param>
/// <param name="Exc1">The <c>EXC1</c> word exactly as sent (Radical-7 color; meaning undocumented).</param>
public sealed record MasimoReading(
    DateTimeOffset DeviceTime,
    bool HasSerialNumber,
    int? SpO2,
    int? PulseRate,
    double? PerfusionIndex,
    double? SpCo,
    double? SpMet,
    int? DesatIndex,
    int? PiDelta,
    int? Pvi,
    MasimoAlarms? Alarms,
    MasimoExceptions? Exceptions,
    string? Exc1)
{
    /// <summary>Field presence only; no values.</summary>
    public override string ToString() =>
        "MasimoReading(" +
        $"spo2={Has(SpO2)}, bpm={Has(PulseRate)}, pi={Has(PerfusionIndex)}, spco={Has(SpCo)}, spmet={Has(SpMet)}, " +
        $"desat={Has(DesatIndex)}, pidelta={Has(PiDelta)}, pvi={Has(Pvi)}, alarm={Has(Alarms)}, " +
        $"exc={Has(Exceptions)}, exc1={Has(Exc1)}, sn={(HasSerialNumber ? "present" : "absent")})";

    private static string Has(object? value) => value is null ? "absent" : "present";
}
