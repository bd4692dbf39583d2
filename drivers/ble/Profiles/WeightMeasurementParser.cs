using Edge.Core;

namespace Edge.Drivers.Ble;

/// <summary>
/// Parses Weight Measurement (0x2A9D, Weight Scale 0x181D) and maps it to body weight in kg. Stateless, thread-safe.
/// </summary>
/// <remarks>
/// Layout (WSS 1.0 §3.1; reference/ble.md §1.7): Flags uint8 (bit 0 imperial, bit 1 Time Stamp, bit 2 User ID, bit 3
/// BMI and Height; bits 4-7 reserved) | Weight uint16 | [Date Time] | [User ID uint8] | [BMI uint16, Height uint16].
/// The weight resolution is the fixed GSS unit (0.005 kg / 0.01 lb), not the Weight Scale Feature resolution.
/// </remarks>
public static class WeightMeasurementParser
{
    /// <summary>The 16-bit UUID of the characteristic.</summary>
    public const ushort CharacteristicUuid = 0x2A9D;

    /// <summary>The international avoirdupois pound in kg (exact by definition).</summary>
    public const decimal KilogramsPerPound = 0.45359237m;

    /// <summary>Parses one indication value. Never throws on device bytes.</summary>
    public static ParseResult<WeightMeasurement> Parse(ReadOnlySpan<byte> packet)
    {
        var r = new PacketReader(packet, "Weight Measurement");
        if (!r.TakeByte("Flags", null, out var flags) || !r.TakeUInt16("Weight", null, out var weight))
        {
            return ParseResult.Failure<WeightMeasurement>(r.Error!);
        }

        BleDateTime? time = null;
        byte? user = null;
        ushort? bmi = null, height = null;
        if ((flags & 0x02) != 0)
        {
            if (!r.TakeDateTime("Time Stamp", "flags bit 1 says present", out var t))
            {
                return ParseResult.Failure<WeightMeasurement>(r.Error!);
            }

            time = t;
        }

        if ((flags & 0x04) != 0)
        {
            if (!r.TakeByte("User ID", "flags bit 2 says present", out var u))
            {
                return ParseResult.Failure<WeightMeasurement>(r.Error!);
            }

            user = u;
        }

        if ((flags & 0x08) != 0)
        {
            if (!r.TakeUInt16("BMI", "flags bit 3 says present", out var b) || !r.TakeUInt16("Height", "flags bit 3 says present", out var h))
            {
                return ParseResult.Failure<WeightMeasurement>(r.Error!);
            }

            bmi = b;
            height = h;
        }

        if (!r.End())
        {
            return ParseResult.Failure<WeightMeasurement>(r.Error!);
        }

        return ParseResult.Success(new WeightMeasurement((flags & 0x01) != 0, weight, time, user, bmi, height));
    }

    /// <summary>The weight in kg (0.005 kg steps, or 0.01 lb × 0.45359237), or null when unsuccessful.</summary>
    public static decimal? ToKilograms(WeightMeasurement m)
    {
        ArgumentNullException.ThrowIfNull(m);
        if (m.IsUnsuccessful)
        {
            return null;
        }

        return m.IsImperial ? m.RawWeight * 0.01m * KilogramsPerPound : m.RawWeight * 0.005m;
    }

    /// <summary>Body weight in kg, or nothing when the scale reported an unsuccessful measurement. BMI and height
    /// have no <see cref="VitalKind"/> yet and are not mapped.</summary>
    public static IReadOnlyList<Observation> ToObservations(WeightMeasurement m, string source, DateTimeOffset receivedAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        return ToKilograms(m) is { } kg
            ? [new Observation(source, VitalKind.BodyWeight, (double)kg, m.TimeStamp?.ToDeviceTime(), receivedAt, QualityIssues.None)]
            : [];
    }
}
