namespace Edge.Drivers.Serial.Nonin;

/// <summary>
/// Frames Nonin DF13: <c>00 02 | 00 0D | LEN_MSB LEN_LSB | data[LEN] | CHK | 03</c>, where data is at least 14 bytes
/// (<c>20 YY MM DD hh mm ss ff</c> BCD, status MSB/LSB, HR MSB/LSB, reserved, SpO2, then any newer fields) and CHK is
/// the low byte of the sum of the data bytes (reference/serial.md §2.5). The data section is expandable, so LEN is
/// honoured and extra bytes skipped; LEN above <see cref="MaxDataLength"/> is treated as corruption.
/// </summary>
/// <remarks>
/// On any failed check (header, LEN, checksum, ETX) the buffer slides one byte and the hunt for <c>00 02 00 0D</c>
/// resumes, so a frame hidden inside a corrupt one is still found. Command replies (<c>06</c> ACK, <c>15</c> NAK,
/// <c>02 F2 …</c>) interleaved with records are skipped as unframed bytes. One fixed buffer; not thread-safe.
/// </remarks>
public sealed class NoninDf13Framer
{
    /// <summary>Largest LEN accepted.</summary>
    public const int MaxDataLength = 128;

    private const int HeaderLength = 6;
    private readonly byte[] _buffer = new byte[HeaderLength + MaxDataLength + 2];
    private readonly TimeSpan _offset;
    private int _count;

    /// <summary>Creates a framer; device times get <paramref name="deviceUtcOffset"/>.</summary>
    public NoninDf13Framer(TimeSpan deviceUtcOffset = default)
    {
        _offset = deviceUtcOffset;
    }

    /// <summary>Records returned.</summary>
    public long Records { get; private set; }

    /// <summary>Frames whose checksum or ETX failed.</summary>
    public long ChecksumFailures { get; private set; }

    /// <summary>Bytes skipped while hunting for a record.</summary>
    public long BytesDiscarded { get; private set; }

    /// <summary>Forgets a partial record.</summary>
    public void Reset() => _count = 0;

    /// <summary>Consumes bytes until a record is complete or the input is used up.</summary>
    public bool TryRead(ref ReadOnlySpan<byte> input, out NoninDf13Record? record)
    {
        while (!input.IsEmpty)
        {
            _buffer[_count++] = input[0];
            input = input[1..];
            while (_count > 0)
            {
                var state = Check(_buffer.AsSpan(0, _count), out var total);
                if (state == FrameState.NeedMore)
                {
                    break;
                }

                if (state == FrameState.Complete)
                {
                    record = Parse(_buffer.AsSpan(0, total), _offset);
                    _count = 0;
                    Records++;
                    return true;
                }

                if (state == FrameState.BadChecksum)
                {
                    ChecksumFailures++;
                }

                // Slide one byte and re-check what is left: a real header may start inside the rejected bytes.
                _buffer.AsSpan(1, _count - 1).CopyTo(_buffer);
                _count--;
                BytesDiscarded++;
            }
        }

        record = null;
        return false;
    }

    private enum FrameState
    {
        NeedMore,
        Invalid,
        BadChecksum,
        Complete,
    }

    private static FrameState Check(ReadOnlySpan<byte> b, out int total)
    {
        total = 0;
        ReadOnlySpan<byte> header = [0x00, 0x02, 0x00, 0x0D];
        var prefix = Math.Min(b.Length, header.Length);
        if (!b[..prefix].SequenceEqual(header[..prefix]))
        {
            return FrameState.Invalid;
        }

        if (b.Length < HeaderLength)
        {
            return FrameState.NeedMore;
        }

        var length = (b[4] << 8) | b[5];
        if (length is < 14 or > MaxDataLength)
        {
            return FrameState.Invalid;
        }

        total = HeaderLength + length + 2;
        if (b.Length < total)
        {
            return FrameState.NeedMore;
        }

        byte sum = 0;
        foreach (var d in b.Slice(HeaderLength, length))
        {
            sum += d;
        }

        return sum == b[HeaderLength + length] && b[total - 1] == 0x03 ? FrameState.Complete : FrameState.BadChecksum;
    }

    /// <summary>Parses a checked frame (header through ETX).</summary>
    internal static NoninDf13Record Parse(ReadOnlySpan<byte> frame, TimeSpan offset)
    {
        var length = (frame[4] << 8) | frame[5];
        var d = frame.Slice(HeaderLength, length);
        var statusMsb = d[8];
        var statusLsb = d[9];
        var hr = ((d[10] & 0x01) << 8) | d[11];
        var spo2 = d[13];
        return new NoninDf13Record(
            DeviceTime: TryBcdTime(d[..8], offset),
            HeartRate: hr == 511 ? null : hr,
            SpO2: spo2 == 127 || spo2 > 100 ? null : spo2,
            SmartPoint: (statusMsb & 0x02) != 0,
            NoMeasurement: (statusMsb & 0x01) != 0,
            FromMemory: (statusLsb & 0x10) != 0,
            LowBattery: (statusLsb & 0x01) != 0,
            DataLength: length);
    }

    private static DateTimeOffset? TryBcdTime(ReadOnlySpan<byte> t, TimeSpan offset)
    {
        Span<int> v = stackalloc int[8];
        for (var i = 0; i < 8; i++)
        {
            int hi = t[i] >> 4, lo = t[i] & 0x0F;
            if (hi > 9 || lo > 9)
            {
                return null;
            }

            v[i] = (hi * 10) + lo;
        }

        var year = (v[0] * 100) + v[1];
        if (v[2] is < 1 or > 12 || v[3] < 1 || v[3] > DateTime.DaysInMonth(year is >= 1 ? year : 1, v[2]) || v[4] > 23 || v[5] > 59 || v[6] > 59 || year < 2000)
        {
            return null;
        }

        return new DateTimeOffset(year, v[2], v[3], v[4], v[5], v[6], offset).AddMilliseconds(v[7] * 10);
    }
}
