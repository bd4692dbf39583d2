namespace Edge.Drivers.Ble;

/// <summary>
/// One decoded Heart Rate Measurement (GATT characteristic 0x2A37). Values are as the strap sent them; unit conversion
/// happens in <see cref="HeartRateMeasurementParser.ToObservations"/>.
/// </summary>
/// <remarks>
/// Equality compares <see cref="RrIntervals"/> by reference (record semantics); compare the sequences in tests.
/// <see cref="ToString"/> prints field presence only, never values, so a record that reaches a log leaks no vitals.
/// </remarks>
/// <param name="HeartRate">Heart rate in beats per minute (0-255 for the uint8 format, 0-65535 for uint16).</param>
/// <param name="IsUInt16Format">True when flags bit 0 said the heart rate was sent as a little-endian uint16.</param>
/// <param name="SensorContact">The sensor contact status from flags bits 1-2.</param>
/// <param name="EnergyExpended">
/// Energy expended since the last reset, in kJ, when flags bit 3 is set; otherwise <see langword="null"/>. It
/// saturates at 65535 until the collector resets it through the Heart Rate Control Point (0x2A39).
/// </param>
/// <param name="RrIntervals">
/// RR intervals in the order received, raw, in units of 1/1024 s (flags bit 4). Empty when the bit is clear, and also
/// when it is set but no interval follows. See <see cref="HeartRateMeasurementParser.RrToMilliseconds"/>.
/// </param>
public sealed record HeartRateMeasurement(
    int HeartRate,
    bool IsUInt16Format,
    SensorContactStatus SensorContact,
    int? EnergyExpended,
    IReadOnlyList<ushort> RrIntervals)
{
    /// <summary>Field presence only; no values.</summary>
    public override string ToString() =>
        $"HeartRateMeasurement(format={(IsUInt16Format ? "uint16" : "uint8")}, contact={SensorContact}, " +
        $"energy={(EnergyExpended is null ? "absent" : "present")}, rrCount={RrIntervals.Count})";
}
