using Edge.Core;

namespace Edge.Drivers.Ble;

/// <summary>
/// Parses Temperature Measurement (0x2A1C, Health Thermometer 0x1809) and maps it to a body temperature in Cel.
/// Stateless and thread-safe.
/// </summary>
/// <remarks>
/// Layout (HTS 1.0 §3.1; reference/ble.md §1.5): Flags uint8 (bit 0 °F, bit 1 Time Stamp, bit 2 Temperature Type,
/// bits 3-7 reserved and ignored) | Temperature FLOAT | [Date Time] | [Temperature Type uint8]. 5-13 bytes. A
/// Temperature Type of 0 or above 9 is reserved and rejected.
/// </remarks>
public static class TemperatureMeasurementParser
{
    /// <summary>The 16-bit UUID of the characteristic.</summary>
    public const ushort CharacteristicUuid = 0x2A1C;

    /// <summary>Parses one indication value. Never throws on device bytes.</summary>
    public static ParseResult<TemperatureMeasurement> Parse(ReadOnlySpan<byte> packet)
    {
        var r = new PacketReader(packet, "Temperature Measurement");
        if (!r.TakeByte("Flags", null, out var flags) || !r.Take(4, "Temperature", null, out var t))
        {
            return ParseResult.Failure<TemperatureMeasurement>(r.Error!);
        }

        BleDateTime? time = null;
        byte? type = null;
        if ((flags & 0x02) != 0)
        {
            if (!r.TakeDateTime("Time Stamp", "flags bit 1 says present", out var dt))
            {
                return ParseResult.Failure<TemperatureMeasurement>(r.Error!);
            }

            time = dt;
        }

        if ((flags & 0x04) != 0)
        {
            if (!r.TakeByte("Temperature Type", "flags bit 2 says present", out var tt))
            {
                return ParseResult.Failure<TemperatureMeasurement>(r.Error!);
            }

            if (tt is 0 or > 9)
            {
                r.Fail("Temperature Type holds a reserved value (valid 1-9)");
                return ParseResult.Failure<TemperatureMeasurement>(r.Error!);
            }

            type = tt;
        }

        if (!r.End())
        {
            return ParseResult.Failure<TemperatureMeasurement>(r.Error!);
        }

        return ParseResult.Success(new TemperatureMeasurement((flags & 0x01) != 0, MderFloat.ReadFloat(t), time, type));
    }

    /// <summary>Converts to Cel: (°F − 32) × 5 / 9, exact in decimal before the final rounding to double.</summary>
    public static double? ToCelsius(MderFloat value, bool isFahrenheit)
    {
        if (!value.TryGetDecimal(out var d))
        {
            return null;
        }

        return (double)(isFahrenheit ? (d - 32m) * 5m / 9m : d);
    }

    /// <summary>
    /// Maps to one <see cref="VitalKind.BodyTemperature"/> (Cel), or nothing for a special value. The temperature
    /// type (site) has no field in <see cref="Observation"/> and is not carried.
    /// </summary>
    public static IReadOnlyList<Observation> ToObservations(TemperatureMeasurement m, string source, DateTimeOffset receivedAt)
    {
        ArgumentNullException.ThrowIfNull(m);
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        return ToCelsius(m.Temperature, m.IsFahrenheit) is { } c
            ? [new Observation(source, VitalKind.BodyTemperature, c, m.TimeStamp?.ToDeviceTime(), receivedAt, QualityIssues.None)]
            : [];
    }
}
