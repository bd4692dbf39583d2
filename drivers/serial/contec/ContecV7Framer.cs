namespace Edge.Drivers.Serial.Contec;

/// <summary>
/// Frames the Contec "Communication Protocol V7.0" stream into packets (reference/serial.md §3.2): byte 0 is the
/// type (the only byte with bit 7 clear, so it is the resync anchor), byte 1 the "high byte" whose bit i restores bit
/// 7 of data byte i, then the data bytes with bit 7 set. Lengths per type come from OSCAR's table; 0x01 (realtime) is
/// 9 bytes on the wire (CMS50Dplus7) and 0x0D (disconnect notice) is taken as 3 [inferred].
/// </summary>
/// <remarks>
/// A type byte arriving before the packet in progress is complete truncates it (counted); bytes with bit 7 set and
/// no packet in progress, and packets of unknown type, are skipped and counted. The returned data span is valid
/// until the next call. Allocation-free; not thread-safe.
/// </remarks>
public sealed class ContecV7Framer
{
    /// <summary>Most data bytes in any packet.</summary>
    public const int MaxDataLength = 7;

    // Wire length (type + high byte + data) by type, 0 = unknown. OSCAR cms50f37_loader.cpp processBytes().
    private static readonly byte[] Lengths =
    [
        0, 9, 9, 9, 9, 9, 4, 8, 8, 6, 4, 4, 2, 3, 3, 8, 3, 9, 8, 9, 9,
    ];

    private readonly byte[] _data = new byte[MaxDataLength];
    private int _expected;
    private int _count;
    private byte _type;
    private byte _high;

    /// <summary>Packets returned.</summary>
    public long Packets { get; private set; }

    /// <summary>Packets cut short by the next type byte.</summary>
    public long TruncatedPackets { get; private set; }

    /// <summary>Packets of a type with no known length, skipped.</summary>
    public long UnknownPackets { get; private set; }

    /// <summary>Bytes skipped (outside packets, or in truncated and unknown packets).</summary>
    public long BytesDiscarded { get; private set; }

    /// <summary>The wire length of <paramref name="type"/>, or 0 when unknown.</summary>
    public static int WireLength(byte type) => type < Lengths.Length ? Lengths[type] : 0;

    /// <summary>Forgets a partial packet.</summary>
    public void Reset()
    {
        _count = 0;
        _expected = 0;
    }

    /// <summary>Consumes bytes until a packet is complete or the input is used up.</summary>
    /// <param name="input">Unconsumed bytes; advanced past what was consumed.</param>
    /// <param name="type">The packet type.</param>
    /// <param name="data">The data bytes with bit 7 restored; valid until the next call.</param>
    public bool TryRead(ref ReadOnlySpan<byte> input, out byte type, out ReadOnlySpan<byte> data)
    {
        while (!input.IsEmpty)
        {
            var b = input[0];
            input = input[1..];
            if ((b & 0x80) == 0)
            {
                if (_count > 0)
                {
                    TruncatedPackets++;
                    BytesDiscarded += _count;
                }

                _type = b;
                _expected = WireLength(b);
                _count = 1;
                if (_expected == 0)
                {
                    UnknownPackets++;
                    BytesDiscarded++;
                    _count = 0;
                }

                continue;
            }

            if (_count == 0)
            {
                BytesDiscarded++;
                continue;
            }

            if (_count == 1)
            {
                _high = b;
            }
            else
            {
                var i = _count - 2;
                _data[i] = (byte)((b & 0x7F) | (((_high >> i) & 1) << 7));
            }

            _count++;
            if (_count == _expected)
            {
                _count = 0;
                Packets++;
                type = _type;
                data = _data.AsSpan(0, _expected - 2);
                return true;
            }
        }

        type = 0;
        data = default;
        return false;
    }
}
