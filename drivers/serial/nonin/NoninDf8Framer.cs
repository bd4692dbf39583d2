namespace Edge.Drivers.Serial.Nonin;

/// <summary>
/// Frames Nonin DF8: <c>1 R OOT LPRF MPRF ARTF HR8 HR7 | 0 HR6..0 | 0 SP6..0 | 0 R SPA R SNSF R R LOWBAT</c>
/// (reference/serial.md §2.4). DF8 has no checksum; the only anchor is bit 7, set on byte 1 and clear on bytes 2-4.
/// To keep noise out, a record is also rejected when SpO2 is above 100 (and not 127) or HR is above 321 (the top of
/// Nonin's displayed range) and not 511; the window then slides one byte. HR is <c>((b0 &amp; 3) &lt;&lt; 7) | b1</c>
/// (mattjlewis; the drphrozen formula has a bug). Allocation-free; not thread-safe.
/// </summary>
public sealed class NoninDf8Framer
{
    private const int Length = 4;
    private readonly byte[] _window = new byte[Length];
    private int _count;

    /// <summary>Records returned.</summary>
    public long Records { get; private set; }

    /// <summary>Bytes skipped while hunting for a record.</summary>
    public long BytesDiscarded { get; private set; }

    /// <summary>Forgets a partial record.</summary>
    public void Reset() => _count = 0;

    /// <summary>Consumes bytes until a record is complete or the input is used up.</summary>
    public bool TryRead(ref ReadOnlySpan<byte> input, out NoninDf8Reading? reading)
    {
        while (!input.IsEmpty)
        {
            var b = input[0];
            if (_count > 0 && (b & 0x80) != 0)
            {
                // A start bit inside a record: the bytes so far were not a record; start again here.
                BytesDiscarded += _count;
                _count = 0;
            }

            if (_count == 0 && (b & 0x80) == 0)
            {
                input = input[1..];
                BytesDiscarded++;
                continue;
            }

            _window[_count++] = b;
            input = input[1..];
            if (_count < Length)
            {
                continue;
            }

            _count = 0;
            reading = Parse(_window);
            if (reading is not null)
            {
                Records++;
                return true;
            }

            BytesDiscarded += Length;
        }

        reading = null;
        return false;
    }

    /// <summary>Parses one 4-byte record; null when a bit or range check fails.</summary>
    public static NoninDf8Reading? Parse(ReadOnlySpan<byte> r)
    {
        if (r.Length != Length || (r[0] & 0x80) == 0 || ((r[1] | r[2] | r[3]) & 0x80) != 0)
        {
            return null;
        }

        var hr = ((r[0] & 0x03) << 7) | r[1];
        var spo2 = r[2];
        if ((hr > 321 && hr != 511) || (spo2 > 100 && spo2 != 127))
        {
            return null;
        }

        return new NoninDf8Reading(
            HeartRate: hr == 511 ? null : hr,
            SpO2: spo2 == 127 ? null : spo2,
            SensorDisconnect: (r[0] & 0x40) != 0,
            OutOfTrack: (r[0] & 0x20) != 0,
            LowPerfusion: (r[0] & 0x10) != 0,
            MarginalPerfusion: (r[0] & 0x08) != 0,
            Artifact: (r[0] & 0x04) != 0,
            SmartPoint: (r[3] & 0x20) != 0,
            SensorAlarm: (r[3] & 0x08) != 0,
            LowBattery: (r[3] & 0x01) != 0);
    }
}
