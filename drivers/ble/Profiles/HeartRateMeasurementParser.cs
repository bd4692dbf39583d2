using System.Buffers.Binary;
using Edge.Core;

namespace Edge.Drivers.Ble;

/// <summary>
/// Parses the Bluetooth SIG Heart Rate Measurement characteristic (0x2A37, Heart Rate Service 0x180D) and maps it to
/// <see cref="Observation"/>s. Stateless and thread-safe.
/// </summary>
/// <remarks>
/// <para>Layout (GATT Specification Supplement, "Heart Rate Measurement"; our notes in reference/ble.md §1.3), all
/// little-endian, optional fields in this fixed order:</para>
/// <list type="table">
/// <item><term>Flags, uint8</term><description>bit 0 heart-rate format (0 = uint8, 1 = uint16); bits 1-2 sensor
/// contact (bit 2 supported, bit 1 detected); bit 3 Energy Expended present; bit 4 RR-Interval present; bits 5-7
/// reserved.</description></item>
/// <item><term>Heart Rate</term><description>uint8 or uint16, beats per minute.</description></item>
/// <item><term>Energy Expended</term><description>uint16 kJ, if bit 3.</description></item>
/// <item><term>RR-Interval</term><description>uint16 each, 1/1024 s, if bit 4; the rest of the packet.</description></item>
/// </list>
/// <para>Decisions where the bytes leave room for doubt:</para>
/// <list type="bullet">
/// <item>Reserved flag bits 5-7 are ignored, not rejected, as a receiver should for reserved-for-future-use bits; a
/// future strap that sets them still parses.</item>
/// <item>RR-Interval present with no interval after it is accepted as an empty list: straps set the bit when no beat
/// completed since the last notification.</item>
/// <item>Bytes left over when the flags say no RR intervals follow are rejected: the RR field is the only open-ended
/// field, so surplus bytes mean the flags and the payload disagree, and a wrong guess would misread vitals.</item>
/// </list>
/// </remarks>
public static class HeartRateMeasurementParser
{
    /// <summary>The 16-bit UUID of the characteristic.</summary>
    public const ushort CharacteristicUuid = 0x2A37;

    private const byte FormatUInt16 = 0x01;
    private const byte ContactMask = 0x06;
    private const byte EnergyPresent = 0x08;
    private const byte RrPresent = 0x10;

    /// <summary>Parses one notification value. Never throws on device bytes.</summary>
    /// <param name="packet">The characteristic value exactly as notified.</param>
    /// <returns>The measurement, or a failure naming the inconsistency (lengths only, no values).</returns>
    public static ParseResult<HeartRateMeasurement> Parse(ReadOnlySpan<byte> packet)
    {
        if (packet.IsEmpty)
        {
            return Fail("packet is empty; expected at least 2 bytes (flags and an 8-bit heart rate)");
        }

        var flags = packet[0];
        var isUInt16 = (flags & FormatUInt16) != 0;
        var hasEnergy = (flags & EnergyPresent) != 0;
        var hasRr = (flags & RrPresent) != 0;
        var contact = ((flags & ContactMask) >> 1) switch
        {
            2 => SensorContactStatus.NotDetected,
            3 => SensorContactStatus.Detected,
            _ => SensorContactStatus.NotSupported,
        };

        var hrSize = isUInt16 ? 2 : 1;
        var fixedSize = 1 + hrSize + (hasEnergy ? 2 : 0);
        if (packet.Length < 1 + hrSize)
        {
            return Fail(
                $"flags say {(isUInt16 ? "uint16" : "uint8")} heart rate but the packet is {Bytes(packet.Length)}; " +
                $"expected at least {1 + hrSize}");
        }

        if (packet.Length < fixedSize)
        {
            return Fail(
                $"flags say energy expended present but {Remain(packet.Length - 1 - hrSize)} after the heart rate; " +
                "expected 2");
        }

        var rest = packet[fixedSize..];
        if (!hasRr && !rest.IsEmpty)
        {
            return Fail(
                $"flags say no RR intervals but {Remain(rest.Length)} after the last field; expected none");
        }

        if (hasRr && rest.Length % 2 != 0)
        {
            return Fail($"flags say RR intervals present but {Remain(rest.Length)}; expected an even count");
        }

        int heartRate = isUInt16 ? BinaryPrimitives.ReadUInt16LittleEndian(packet[1..]) : packet[1];
        int? energy = hasEnergy ? BinaryPrimitives.ReadUInt16LittleEndian(packet[(1 + hrSize)..]) : null;

        ushort[] rr;
        if (rest.IsEmpty)
        {
            rr = [];
        }
        else
        {
            rr = new ushort[rest.Length / 2];
            for (var i = 0; i < rr.Length; i++)
            {
                rr[i] = BinaryPrimitives.ReadUInt16LittleEndian(rest[(2 * i)..]);
            }
        }

        return ParseResult.Success(new HeartRateMeasurement(heartRate, isUInt16, contact, energy, rr));
    }

    /// <summary>Converts a raw RR interval (1/1024 s) to milliseconds: <c>raw * 1000 / 1024</c>, not rounded.</summary>
    public static double RrToMilliseconds(ushort raw) => raw * 1000.0 / 1024.0;

    /// <summary>
    /// Maps a measurement to observations in catalogue units: one <see cref="VitalKind.HeartRate"/> (/min), one
    /// <see cref="VitalKind.EnergyExpended"/> (kJ) when present, and one <see cref="VitalKind.RrInterval"/> (ms) per
    /// RR interval, in that order. The protocol carries no device time.
    /// </summary>
    /// <remarks>
    /// When contact detection is supported but no contact is detected, heart rate and RR intervals are still emitted
    /// (including a heart rate of 0) and flagged <see cref="QualityIssues.SensorContactLost"/>; the quality gate
    /// decides. Energy expended is a running counter that does not depend on skin contact, so it is not flagged. A
    /// strap that does not support contact detection is never flagged.
    /// </remarks>
    /// <param name="measurement">The parsed measurement.</param>
    /// <param name="source">The local device address (BLE MAC); it stays on the appliance.</param>
    /// <param name="receivedAt">Gateway time at which the notification arrived.</param>
    /// <exception cref="ArgumentNullException">A reference argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="source"/> is blank.</exception>
    public static IReadOnlyList<Observation> ToObservations(
        HeartRateMeasurement measurement,
        string source,
        DateTimeOffset receivedAt)
    {
        ArgumentNullException.ThrowIfNull(measurement);
        ArgumentException.ThrowIfNullOrWhiteSpace(source);

        var signalFlags = measurement.SensorContact == SensorContactStatus.NotDetected
            ? QualityIssues.SensorContactLost
            : QualityIssues.None;

        var result = new List<Observation>(2 + measurement.RrIntervals.Count)
        {
            new(source, VitalKind.HeartRate, measurement.HeartRate, null, receivedAt, signalFlags),
        };

        if (measurement.EnergyExpended is { } energy)
        {
            result.Add(new(source, VitalKind.EnergyExpended, energy, null, receivedAt, QualityIssues.None));
        }

        foreach (var raw in measurement.RrIntervals)
        {
            result.Add(new(source, VitalKind.RrInterval, RrToMilliseconds(raw), null, receivedAt, signalFlags));
        }

        return result;
    }

    private static string Bytes(int count) => count == 1 ? "1 byte" : $"{count} bytes";

    private static string Remain(int count) => count == 1 ? "1 byte remains" : $"{count} bytes remain";

    private static ParseResult<HeartRateMeasurement> Fail(string error) =>
        ParseResult.Failure<HeartRateMeasurement>(error);
}
