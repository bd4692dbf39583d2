using Edge.Core;

namespace Edge.Drivers.Ble;

/// <summary>
/// Parses Blood Pressure Measurement (0x2A35) and Intermediate Cuff Pressure (0x2A36), Blood Pressure Service 0x1810,
/// and maps 0x2A35 to observations. Stateless and thread-safe.
/// </summary>
/// <remarks>
/// Layout (BLS 1.1 §3.1/§3.2; reference/ble.md §1.4): Flags uint8 (bit 0 kPa, bit 1 Time Stamp, bit 2 Pulse Rate,
/// bit 3 User ID, bit 4 Measurement Status, bits 5-7 reserved and ignored) | Systolic, Diastolic, MAP 3 × SFLOAT |
/// [Date Time 7] | [Pulse Rate SFLOAT] | [User ID uint8] | [Status uint16]. 7-19 bytes. Surplus bytes are rejected.
/// The pulse-rate range field (status bits 3-4) value 3 is reserved and rejected.
/// </remarks>
public static class BloodPressureMeasurementParser
{
    /// <summary>Blood Pressure Measurement.</summary>
    public const ushort CharacteristicUuid = 0x2A35;

    /// <summary>Intermediate Cuff Pressure.</summary>
    public const ushort IntermediateCuffPressureUuid = 0x2A36;

    /// <summary>mm[Hg] per kPa (1 kPa = 1000 / 133.322387415 mm[Hg]).</summary>
    public const decimal MillimetresOfMercuryPerKilopascal = 7.50061683m;

    /// <summary>Parses a Blood Pressure Measurement. Never throws on device bytes.</summary>
    public static ParseResult<BloodPressureMeasurement> Parse(ReadOnlySpan<byte> packet) =>
        Parse(packet, "Blood Pressure Measurement");

    /// <summary>Parses an Intermediate Cuff Pressure (same layout; only the first pressure is used).</summary>
    public static ParseResult<BloodPressureMeasurement> ParseIntermediateCuffPressure(ReadOnlySpan<byte> packet) =>
        Parse(packet, "Intermediate Cuff Pressure");

    private static ParseResult<BloodPressureMeasurement> Parse(ReadOnlySpan<byte> packet, string name)
    {
        var r = new PacketReader(packet, name);
        if (!r.TakeByte("Flags", null, out var flags)
            || !r.TakeSFloat("Systolic", null, out var sys)
            || !r.TakeSFloat("Diastolic", null, out var dia)
            || !r.TakeSFloat("Mean Arterial Pressure", null, out var map))
        {
            return ParseResult.Failure<BloodPressureMeasurement>(r.Error!);
        }

        BleDateTime? time = null;
        MderFloat? pulse = null;
        byte? user = null;
        BloodPressureStatus? status = null;
        if ((flags & 0x02) != 0)
        {
            if (!r.TakeDateTime("Time Stamp", "flags bit 1 says present", out var t))
            {
                return ParseResult.Failure<BloodPressureMeasurement>(r.Error!);
            }

            time = t;
        }

        if ((flags & 0x04) != 0)
        {
            if (!r.TakeSFloat("Pulse Rate", "flags bit 2 says present", out var p))
            {
                return ParseResult.Failure<BloodPressureMeasurement>(r.Error!);
            }

            pulse = p;
        }

        if ((flags & 0x08) != 0)
        {
            if (!r.TakeByte("User ID", "flags bit 3 says present", out var u))
            {
                return ParseResult.Failure<BloodPressureMeasurement>(r.Error!);
            }

            user = u;
        }

        if ((flags & 0x10) != 0)
        {
            if (!r.TakeUInt16("Measurement Status", "flags bit 4 says present", out var s))
            {
                return ParseResult.Failure<BloodPressureMeasurement>(r.Error!);
            }

            var range = (s >> 3) & 0x03;
            if (range == 3)
            {
                r.Fail("Measurement Status pulse-rate range (bits 3-4) holds the reserved value 3");
                return ParseResult.Failure<BloodPressureMeasurement>(r.Error!);
            }

            status = (BloodPressureStatus)(s & 0x3F);
        }

        if (!r.End())
        {
            return ParseResult.Failure<BloodPressureMeasurement>(r.Error!);
        }

        return ParseResult.Success(new BloodPressureMeasurement((flags & 0x01) != 0, sys, dia, map, time, pulse, user, status));
    }

    /// <summary>Converts a pressure to mm[Hg] (kPa × 7.50061683), or null for a special value.</summary>
    public static double? ToMillimetresOfMercury(MderFloat value, bool isKilopascal)
    {
        if (!value.TryGetDecimal(out var d))
        {
            return null;
        }

        return (double)(isKilopascal ? d * MillimetresOfMercuryPerKilopascal : d);
    }

    /// <summary>
    /// Maps a Blood Pressure Measurement to systolic, diastolic, mean (mm[Hg]) and pulse rate (/min) observations.
    /// Special values (NaN, NRes, ±INF, reserved) produce no observation. Status bits become quality flags: body
    /// movement and improper position → <see cref="QualityIssues.Artefact"/>, cuff too loose →
    /// <see cref="QualityIssues.SensorFault"/>, irregular pulse or pulse out of range →
    /// <see cref="QualityIssues.DeviceAlarm"/>. Intermediate Cuff Pressure is progress display only and is never mapped.
    /// </summary>
    public static IReadOnlyList<Observation> ToObservations(BloodPressureMeasurement m, string source, DateTimeOffset receivedAt)
    {
        ArgumentNullException.ThrowIfNull(m);
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        var flags = QualityIssues.None;
        var s = m.Status ?? BloodPressureStatus.None;
        if ((s & (BloodPressureStatus.BodyMovement | BloodPressureStatus.ImproperPosition)) != 0)
        {
            flags |= QualityIssues.Artefact;
        }

        if ((s & BloodPressureStatus.CuffTooLoose) != 0)
        {
            flags |= QualityIssues.SensorFault;
        }

        if ((s & (BloodPressureStatus.IrregularPulse | BloodPressureStatus.PulseRateAboveUpperLimit | BloodPressureStatus.PulseRateBelowLowerLimit)) != 0)
        {
            flags |= QualityIssues.DeviceAlarm;
        }

        var deviceTime = m.TimeStamp?.ToDeviceTime();
        var list = new List<Observation>(4);
        void Add(VitalKind kind, double? value)
        {
            if (value is { } v)
            {
                list.Add(new Observation(source, kind, v, deviceTime, receivedAt, flags));
            }
        }

        Add(VitalKind.SystolicBloodPressure, ToMillimetresOfMercury(m.Systolic, m.IsKilopascal));
        Add(VitalKind.DiastolicBloodPressure, ToMillimetresOfMercury(m.Diastolic, m.IsKilopascal));
        Add(VitalKind.MeanArterialPressure, ToMillimetresOfMercury(m.MeanArterial, m.IsKilopascal));
        if (m.PulseRate is { } pr && pr.TryGetDecimal(out var rate))
        {
            Add(VitalKind.PulseRate, (double)rate);
        }

        return list;
    }
}
