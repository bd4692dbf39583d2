using Edge.Core;

namespace Edge.Drivers.Ble;

/// <summary>
/// Parses PLX Spot-check (0x2A5E) and PLX Continuous (0x2A5F), Pulse Oximeter Service 0x1822, and maps them to SpO2,
/// pulse rate and perfusion index. Stateless and thread-safe.
/// </summary>
/// <remarks>
/// <para>Spot-check (PLXS 1.0 §3.1; reference/ble.md §1.6): Flags uint8 (bit 0 Timestamp, bit 1 Measurement Status,
/// bit 2 Device and Sensor Status, bit 3 PAI, bit 4 Device Clock Not Set; bits 5-7 reserved) | SpO2 SFLOAT | PR SFLOAT
/// | [Date Time] | [Status uint16] | [D&amp;S Status uint24] | [PAI SFLOAT].</para>
/// <para>Continuous (§3.2): Flags uint8 (bit 0 SpO2PR-Fast, bit 1 SpO2PR-Slow, bit 2 Status, bit 3 D&amp;S Status,
/// bit 4 PAI; bits 5-7 reserved) | SpO2PR-Normal 2 × SFLOAT | [Fast 2 × SFLOAT] | [Slow 2 × SFLOAT] | [Status] |
/// [D&amp;S Status] | [PAI].</para>
/// </remarks>
public static class PlxMeasurementParser
{
    /// <summary>PLX Spot-check Measurement.</summary>
    public const ushort SpotCheckUuid = 0x2A5E;

    /// <summary>PLX Continuous Measurement.</summary>
    public const ushort ContinuousUuid = 0x2A5F;

    /// <summary>Parses a spot-check indication. Never throws on device bytes.</summary>
    public static ParseResult<PlxMeasurement> ParseSpotCheck(ReadOnlySpan<byte> packet)
    {
        var r = new PacketReader(packet, "PLX Spot-check Measurement");
        if (!r.TakeByte("Flags", null, out var flags) || !r.TakeSFloat("SpO2", null, out var spo2) || !r.TakeSFloat("PR", null, out var pr))
        {
            return ParseResult.Failure<PlxMeasurement>(r.Error!);
        }

        BleDateTime? time = null;
        if ((flags & 0x01) != 0)
        {
            if (!r.TakeDateTime("Timestamp", "flags bit 0 says present", out var t))
            {
                return ParseResult.Failure<PlxMeasurement>(r.Error!);
            }

            time = t;
        }

        if (!Tail(ref r, (flags & 0x02) != 0, (flags & 0x04) != 0, (flags & 0x08) != 0, "1", "2", "3", out var status, out var dss, out var pai))
        {
            return ParseResult.Failure<PlxMeasurement>(r.Error!);
        }

        return ParseResult.Success(new PlxMeasurement(true, spo2, pr, time, status, dss, pai, (flags & 0x10) != 0, null, null));
    }

    /// <summary>Parses a continuous notification. Never throws on device bytes.</summary>
    public static ParseResult<PlxMeasurement> ParseContinuous(ReadOnlySpan<byte> packet)
    {
        var r = new PacketReader(packet, "PLX Continuous Measurement");
        if (!r.TakeByte("Flags", null, out var flags) || !r.TakeSFloat("SpO2PR-Normal SpO2", null, out var spo2) || !r.TakeSFloat("SpO2PR-Normal PR", null, out var pr))
        {
            return ParseResult.Failure<PlxMeasurement>(r.Error!);
        }

        (MderFloat, MderFloat)? fast = null, slow = null;
        if ((flags & 0x01) != 0)
        {
            if (!r.TakeSFloat("SpO2PR-Fast SpO2", "flags bit 0 says present", out var a) || !r.TakeSFloat("SpO2PR-Fast PR", "flags bit 0 says present", out var b))
            {
                return ParseResult.Failure<PlxMeasurement>(r.Error!);
            }

            fast = (a, b);
        }

        if ((flags & 0x02) != 0)
        {
            if (!r.TakeSFloat("SpO2PR-Slow SpO2", "flags bit 1 says present", out var a) || !r.TakeSFloat("SpO2PR-Slow PR", "flags bit 1 says present", out var b))
            {
                return ParseResult.Failure<PlxMeasurement>(r.Error!);
            }

            slow = (a, b);
        }

        if (!Tail(ref r, (flags & 0x04) != 0, (flags & 0x08) != 0, (flags & 0x10) != 0, "2", "3", "4", out var status, out var dss, out var pai))
        {
            return ParseResult.Failure<PlxMeasurement>(r.Error!);
        }

        return ParseResult.Success(new PlxMeasurement(false, spo2, pr, null, status, dss, pai, false, fast, slow));
    }

    private static bool Tail(
        ref PacketReader r, bool hasStatus, bool hasDss, bool hasPai, string statusBit, string dssBit, string paiBit,
        out PlxMeasurementStatus? status, out PlxDeviceSensorStatus? dss, out MderFloat? pai)
    {
        status = null;
        dss = null;
        pai = null;
        if (hasStatus)
        {
            if (!r.TakeUInt16("Measurement Status", $"flags bit {statusBit} says present", out var s))
            {
                return false;
            }

            // Bits 0-4 are reserved for future use: ignored, as a receiver should.
            status = (PlxMeasurementStatus)(s & 0xFFE0);
        }

        if (hasDss)
        {
            if (!r.Take(3, "Device and Sensor Status", $"flags bit {dssBit} says present", out var b))
            {
                return false;
            }

            dss = (PlxDeviceSensorStatus)(b[0] | (b[1] << 8));
        }

        if (hasPai)
        {
            if (!r.TakeSFloat("Pulse Amplitude Index", $"flags bit {paiBit} says present", out var p))
            {
                return false;
            }

            pai = p;
        }

        return r.End();
    }

    /// <summary>
    /// The quality flags a PLX status implies: device clock not set → <see cref="QualityIssues.DeviceClockNotSet"/>;
    /// ongoing, early estimate, calibration, signal analysis or display update → <see cref="QualityIssues.Searching"/>;
    /// questionable measurement, processing irregularity, erratic or non-pulsatile signal, questionable pulse,
    /// interference → <see cref="QualityIssues.Artefact"/>; inadequate or poor signal, low perfusion →
    /// <see cref="QualityIssues.LowPerfusion"/>; sensor unconnected, displaced or disconnected →
    /// <see cref="QualityIssues.SensorContactLost"/>; invalid measurement, equipment or sensor malfunction, unknown
    /// sensor → <see cref="QualityIssues.SensorFault"/>.
    /// </summary>
    public static QualityIssues QualityOf(PlxMeasurement m)
    {
        ArgumentNullException.ThrowIfNull(m);
        var q = m.DeviceClockNotSet ? QualityIssues.DeviceClockNotSet : QualityIssues.None;
        var s = m.MeasurementStatus ?? PlxMeasurementStatus.None;
        var d = m.DeviceSensorStatus ?? PlxDeviceSensorStatus.None;
        if ((s & (PlxMeasurementStatus.MeasurementOngoing | PlxMeasurementStatus.EarlyEstimatedData | PlxMeasurementStatus.CalibrationOngoing)) != 0
            || (d & (PlxDeviceSensorStatus.SignalAnalysisOngoing | PlxDeviceSensorStatus.ExtendedDisplayUpdateOngoing)) != 0)
        {
            q |= QualityIssues.Searching;
        }

        if ((s & PlxMeasurementStatus.QuestionableMeasurementDetected) != 0
            || (d & (PlxDeviceSensorStatus.SignalProcessingIrregularityDetected | PlxDeviceSensorStatus.ErraticSignalDetected
                | PlxDeviceSensorStatus.NonpulsatileSignalDetected | PlxDeviceSensorStatus.QuestionablePulseDetected
                | PlxDeviceSensorStatus.SensorInterferenceDetected)) != 0)
        {
            q |= QualityIssues.Artefact;
        }

        if ((d & (PlxDeviceSensorStatus.InadequateSignalDetected | PlxDeviceSensorStatus.PoorSignalDetected | PlxDeviceSensorStatus.LowPerfusionDetected)) != 0)
        {
            q |= QualityIssues.LowPerfusion;
        }

        if ((d & (PlxDeviceSensorStatus.SensorUnconnectedToUser | PlxDeviceSensorStatus.SensorDisplaced | PlxDeviceSensorStatus.SensorDisconnected)) != 0)
        {
            q |= QualityIssues.SensorContactLost;
        }

        if ((s & PlxMeasurementStatus.InvalidMeasurementDetected) != 0
            || (d & (PlxDeviceSensorStatus.EquipmentMalfunctionDetected | PlxDeviceSensorStatus.SensorMalfunctioning | PlxDeviceSensorStatus.UnknownSensorConnected)) != 0)
        {
            q |= QualityIssues.SensorFault;
        }

        return q;
    }

    /// <summary>
    /// Maps to SpO2 (%), pulse rate (/min) and, when present, perfusion index (% = PAI) observations, flagged by
    /// <see cref="QualityOf"/>. Returns nothing for demonstration or test data (status bits 10/11: not patient data)
    /// and for "measurement unavailable" (bit 13). A special value (NaN when the finger is out) yields no observation
    /// for that field.
    /// </summary>
    public static IReadOnlyList<Observation> ToObservations(PlxMeasurement m, string source, DateTimeOffset receivedAt)
    {
        ArgumentNullException.ThrowIfNull(m);
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        var s = m.MeasurementStatus ?? PlxMeasurementStatus.None;
        if ((s & (PlxMeasurementStatus.DataForDemonstration | PlxMeasurementStatus.DataForTesting | PlxMeasurementStatus.MeasurementUnavailable)) != 0)
        {
            return [];
        }

        var flags = QualityOf(m);
        var deviceTime = m.DeviceClockNotSet ? null : m.TimeStamp?.ToDeviceTime();
        var list = new List<Observation>(3);
        if (m.SpO2.TryGetDecimal(out var spo2))
        {
            list.Add(new(source, VitalKind.SpO2, (double)spo2, deviceTime, receivedAt, flags));
        }

        if (m.PulseRate.TryGetDecimal(out var pr))
        {
            list.Add(new(source, VitalKind.PulseRate, (double)pr, deviceTime, receivedAt, flags));
        }

        if (m.PulseAmplitudeIndex is { } pai && pai.TryGetDecimal(out var p))
        {
            list.Add(new(source, VitalKind.PerfusionIndex, (double)p, deviceTime, receivedAt, flags));
        }

        return list;
    }
}
