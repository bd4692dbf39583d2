namespace Edge.Drivers.Serial.Contec;

/// <summary>
/// Frames the CMS50 legacy live stream: 5-byte packets whose byte 1 has bit 7 set and bytes 2-5 clear
/// (reference/serial.md §3.1). Linux does not check the 8O1 parity (§6.2), so this sync bit is the only guard: a byte
/// with bit 7 set inside a packet restarts the packet there, and bytes before the first start byte are skipped and
/// counted. Allocation-free apart from the returned record; not thread-safe.
/// </summary>
public sealed class ContecLegacyFramer
{
    private const int Length = 5;
    private readonly byte[] _packet = new byte[Length];
    private int _count;

    /// <summary>Packets returned.</summary>
    public long Packets { get; private set; }

    /// <summary>Bytes skipped while hunting for a packet start.</summary>
    public long BytesDiscarded { get; private set; }

    /// <summary>Forgets a partial packet.</summary>
    public void Reset() => _count = 0;

    /// <summary>Consumes bytes until a packet is complete or the input is used up.</summary>
    public bool TryRead(ref ReadOnlySpan<byte> input, out ContecLegacyReading? reading)
    {
        while (!input.IsEmpty)
        {
            var b = input[0];
            input = input[1..];
            if ((b & 0x80) != 0)
            {
                BytesDiscarded += _count;
                _count = 0;
            }
            else if (_count == 0)
            {
                BytesDiscarded++;
                continue;
            }

            _packet[_count++] = b;
            if (_count == Length)
            {
                _count = 0;
                reading = ContecLegacyReading.Parse(_packet);
                Packets++;
                return true;
            }
        }

        reading = null;
        return false;
    }
}
