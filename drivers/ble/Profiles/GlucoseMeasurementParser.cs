using System.Buffers.Binary;
using Edge.Core;

namespace Edge.Drivers.Ble;

/// <summary>
/// Parses Glucose Measurement (0x2A18) and Glucose Measurement Context (0x2A34), Glucose Service 0x1808, and maps a
/// measurement to a glucose observation in mg/dL. Stateless and thread-safe.
/// </summary>
/// <remarks>
/// <para>Measurement (GLS 1.0 §3.106; reference/ble.md §1.8): Flags uint8 (bit 0 Time Offset, bit 1 Concentration
/// and Type-Sample Location, bit 2 unit mol/L, bit 3 Sensor Status Annunciation, bit 4 Context Information Follows;
/// bits 5-7 reserved) | Sequence Number uint16 | Base Time 7 | [Time Offset sint16 min] | [Concentration SFLOAT, Type
/// (low nibble) | Sample Location (high nibble)] | [Status uint16]. 10-17 bytes. A reserved type (0, 11-15) or sample
/// location (0, 5-14) is rejected.</para>
/// <para>Context (GLS 1.0 §3.107): Flags uint8 (bit 0 Carbohydrate, bit 1 Meal, bit 2 Tester-Health, bit 3 Exercise,
/// bit 4 Medication, bit 5 medication in litres, bit 6 HbA1c, bit 7 Extended Flags) | Sequence Number uint16 |
/// [Extended Flags uint8] | [Carbohydrate ID uint8, Carbohydrate SFLOAT] | [Meal uint8] | [Tester (low nibble) |
/// Health (high nibble)] | [Exercise Duration uint16 s, Intensity uint8 %] | [Medication ID uint8, Medication SFLOAT]
/// | [HbA1c SFLOAT]. 3-17 bytes.</para>
/// </remarks>
public static class GlucoseMeasurementParser
{
    /// <summary>Glucose Measurement.</summary>
    public const ushort CharacteristicUuid = 0x2A18;

    /// <summary>Glucose Measurement Context.</summary>
    public const ushort ContextUuid = 0x2A34;

    /// <summary>Molar mass of D-glucose, g/mol: mmol/L × 18.0156 = mg/dL.</summary>
    public const decimal GlucoseMolarMass = 180.156m;

    /// <summary>Parses one measurement notification. Never throws on device bytes.</summary>
    public static ParseResult<GlucoseMeasurement> Parse(ReadOnlySpan<byte> packet)
    {
        var r = new PacketReader(packet, "Glucose Measurement");
        if (!r.TakeByte("Flags", null, out var flags)
            || !r.TakeUInt16("Sequence Number", null, out var seq)
            || !r.TakeDateTime("Base Time", null, out var baseTime))
        {
            return ParseResult.Failure<GlucoseMeasurement>(r.Error!);
        }

        short? offset = null;
        MderFloat? concentration = null;
        byte? type = null, location = null;
        GlucoseSensorStatus? status = null;
        if ((flags & 0x01) != 0)
        {
            if (!r.Take(2, "Time Offset", "flags bit 0 says present", out var o))
            {
                return ParseResult.Failure<GlucoseMeasurement>(r.Error!);
            }

            offset = BinaryPrimitives.ReadInt16LittleEndian(o);
        }

        if ((flags & 0x02) != 0)
        {
            if (!r.TakeSFloat("Glucose Concentration", "flags bit 1 says present", out var c)
                || !r.TakeByte("Type-Sample Location", "flags bit 1 says present", out var tl))
            {
                return ParseResult.Failure<GlucoseMeasurement>(r.Error!);
            }

            concentration = c;
            type = (byte)(tl & 0x0F);
            location = (byte)(tl >> 4);
            if (type is 0 or > 10)
            {
                r.Fail("Type (low nibble) holds a reserved value (valid 1-10)");
                return ParseResult.Failure<GlucoseMeasurement>(r.Error!);
            }

            if (location is 0 or (> 4 and < 15))
            {
                r.Fail("Sample Location (high nibble) holds a reserved value (valid 1-4, 15)");
                return ParseResult.Failure<GlucoseMeasurement>(r.Error!);
            }
        }

        if ((flags & 0x08) != 0)
        {
            if (!r.TakeUInt16("Sensor Status Annunciation", "flags bit 3 says present", out var s))
            {
                return ParseResult.Failure<GlucoseMeasurement>(r.Error!);
            }

            // Bits 12-15 are reserved for future use: ignored.
            status = (GlucoseSensorStatus)(s & 0x0FFF);
        }

        if (!r.End())
        {
            return ParseResult.Failure<GlucoseMeasurement>(r.Error!);
        }

        return ParseResult.Success(new GlucoseMeasurement(
            seq, baseTime, offset, concentration, (flags & 0x04) != 0, type, location, status, (flags & 0x10) != 0));
    }

    /// <summary>Parses one context notification. Never throws on device bytes.</summary>
    public static ParseResult<GlucoseMeasurementContext> ParseContext(ReadOnlySpan<byte> packet)
    {
        var r = new PacketReader(packet, "Glucose Measurement Context");
        if (!r.TakeByte("Flags", null, out var flags) || !r.TakeUInt16("Sequence Number", null, out var seq))
        {
            return ParseResult.Failure<GlucoseMeasurementContext>(r.Error!);
        }

        byte? ext = null, carbId = null, meal = null, tester = null, health = null, intensity = null, medId = null;
        MderFloat? carb = null, med = null, hba1c = null;
        ushort? duration = null;
        if ((flags & 0x80) != 0)
        {
            if (!r.TakeByte("Extended Flags", "flags bit 7 says present", out var e))
            {
                return ParseResult.Failure<GlucoseMeasurementContext>(r.Error!);
            }

            ext = e;
        }

        if ((flags & 0x01) != 0)
        {
            if (!r.TakeByte("Carbohydrate ID", "flags bit 0 says present", out var id) || !r.TakeSFloat("Carbohydrate", "flags bit 0 says present", out var c))
            {
                return ParseResult.Failure<GlucoseMeasurementContext>(r.Error!);
            }

            (carbId, carb) = (id, c);
        }

        if ((flags & 0x02) != 0)
        {
            if (!r.TakeByte("Meal", "flags bit 1 says present", out var m))
            {
                return ParseResult.Failure<GlucoseMeasurementContext>(r.Error!);
            }

            meal = m;
        }

        if ((flags & 0x04) != 0)
        {
            if (!r.TakeByte("Tester-Health", "flags bit 2 says present", out var th))
            {
                return ParseResult.Failure<GlucoseMeasurementContext>(r.Error!);
            }

            (tester, health) = ((byte)(th & 0x0F), (byte)(th >> 4));
        }

        if ((flags & 0x08) != 0)
        {
            if (!r.TakeUInt16("Exercise Duration", "flags bit 3 says present", out var d) || !r.TakeByte("Exercise Intensity", "flags bit 3 says present", out var i))
            {
                return ParseResult.Failure<GlucoseMeasurementContext>(r.Error!);
            }

            (duration, intensity) = (d, i);
        }

        if ((flags & 0x10) != 0)
        {
            if (!r.TakeByte("Medication ID", "flags bit 4 says present", out var id) || !r.TakeSFloat("Medication", "flags bit 4 says present", out var m))
            {
                return ParseResult.Failure<GlucoseMeasurementContext>(r.Error!);
            }

            (medId, med) = (id, m);
        }

        if ((flags & 0x40) != 0)
        {
            if (!r.TakeSFloat("HbA1c", "flags bit 6 says present", out var h))
            {
                return ParseResult.Failure<GlucoseMeasurementContext>(r.Error!);
            }

            hba1c = h;
        }

        if (!r.End())
        {
            return ParseResult.Failure<GlucoseMeasurementContext>(r.Error!);
        }

        return ParseResult.Success(new GlucoseMeasurementContext(
            seq, ext, carbId, carb, meal, tester, health, duration, intensity, medId, med, (flags & 0x20) != 0, hba1c));
    }

    /// <summary>kg/L × 100 000 = mg/dL; mol/L × 1000 = mmol/L × 18.0156 = mg/dL. Null for a special value.</summary>
    public static decimal? ToMilligramsPerDecilitre(MderFloat concentration, bool isMolesPerLitre)
    {
        if (!concentration.TryGetDecimal(out var d))
        {
            return null;
        }

        return isMolesPerLitre ? d * 1000m * GlucoseMolarMass / 10m : d * 100_000m;
    }

    /// <summary>mol/L × 1000 = mmol/L; kg/L × 100 000 / 18.0156 = mmol/L. Null for a special value.</summary>
    public static decimal? ToMillimolesPerLitre(MderFloat concentration, bool isMolesPerLitre)
    {
        if (!concentration.TryGetDecimal(out var d))
        {
            return null;
        }

        return isMolesPerLitre ? d * 1000m : d * 100_000m * 10m / GlucoseMolarMass;
    }

    /// <summary>
    /// The quality flags a sensor status implies: battery low or result outside the device's range →
    /// <see cref="QualityIssues.DeviceAlarm"/>; sensor malfunction, sample size, strip insertion or type, read
    /// interrupted, general fault → <see cref="QualityIssues.SensorFault"/>; temperature too high or low →
    /// <see cref="QualityIssues.Artefact"/>; time fault → <see cref="QualityIssues.DeviceClockNotSet"/>.
    /// </summary>
    public static QualityIssues QualityOf(GlucoseSensorStatus status)
    {
        var q = QualityIssues.None;
        if ((status & (GlucoseSensorStatus.BatteryLow | GlucoseSensorStatus.ResultHigherThanDeviceCanProcess | GlucoseSensorStatus.ResultLowerThanDeviceCanProcess)) != 0)
        {
            q |= QualityIssues.DeviceAlarm;
        }

        if ((status & (GlucoseSensorStatus.SensorMalfunction | GlucoseSensorStatus.SampleSizeInsufficient | GlucoseSensorStatus.StripInsertionError
            | GlucoseSensorStatus.StripTypeIncorrect | GlucoseSensorStatus.SensorReadInterrupted | GlucoseSensorStatus.GeneralDeviceFault)) != 0)
        {
            q |= QualityIssues.SensorFault;
        }

        if ((status & (GlucoseSensorStatus.SensorTemperatureTooHigh | GlucoseSensorStatus.SensorTemperatureTooLow)) != 0)
        {
            q |= QualityIssues.Artefact;
        }

        if ((status & GlucoseSensorStatus.TimeFault) != 0)
        {
            q |= QualityIssues.DeviceClockNotSet;
        }

        return q;
    }

    /// <summary>The user-facing time: base time plus the time offset, or null when the base date is unknown.</summary>
    public static DateTimeOffset? UserFacingTime(GlucoseMeasurement m)
    {
        ArgumentNullException.ThrowIfNull(m);
        return m.BaseTime.ToDeviceTime()?.AddMinutes(m.TimeOffsetMinutes ?? 0);
    }

    /// <summary>
    /// Maps to one <see cref="VitalKind.Glucose"/> in mg/dL (the catalogue unit), device time = user-facing time.
    /// Nothing for a control-solution test, a measurement without concentration, or a special value.
    /// </summary>
    public static IReadOnlyList<Observation> ToObservations(GlucoseMeasurement m, string source, DateTimeOffset receivedAt)
    {
        ArgumentNullException.ThrowIfNull(m);
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        if (m.IsControlSolution || m.Concentration is not { } c || ToMilligramsPerDecilitre(c, m.IsMolesPerLitre) is not { } mgdl)
        {
            return [];
        }

        return [new Observation(source, VitalKind.Glucose, (double)mgdl, UserFacingTime(m), receivedAt, QualityOf(m.SensorStatus ?? GlucoseSensorStatus.None))];
    }
}
