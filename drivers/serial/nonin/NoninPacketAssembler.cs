namespace Edge.Drivers.Serial.Nonin;

/// <summary>
/// Collects DF2/DF7 frames into 25-frame packets. A packet starts at a SYNC frame; frames before the first SYNC are
/// skipped, because HR MSB/LSB pairs cross frames and FLOAT bytes mean nothing without the position
/// (reference/serial.md §2.7). A SYNC arriving early (Pufferfish "missed data") or a missing SYNC after frame 25
/// drops the packet in progress. A complete packet is checked (HR MSB bytes use bits 1..0 only; SpO2 is at most
/// 100 or the missing code) before it is returned. Allocation-free until a packet is returned. Not thread-safe.
/// </summary>
public sealed class NoninPacketAssembler
{
    /// <summary>Frames per packet.</summary>
    public const int FramesPerPacket = 25;

    private const int MissingHeartRate = 511;
    private const int MissingSpO2 = 127;

    private readonly byte[] _floats = new byte[FramesPerPacket];
    private int _index;
    private NoninStatus _status;

    /// <summary>Packets dropped because a SYNC came early or did not come when due.</summary>
    public long PacketsBroken { get; private set; }

    /// <summary>Complete packets that failed a content check.</summary>
    public long PacketsRejected { get; private set; }

    /// <summary>Forgets the packet in progress.</summary>
    public void Reset()
    {
        _index = 0;
        _status = NoninStatus.None;
    }

    /// <summary>Adds one frame; returns true with <paramref name="packet"/> when it completes a valid packet.</summary>
    public bool TryAdd(NoninFrame frame, out NoninPacket? packet)
    {
        packet = null;
        if (frame.IsSync)
        {
            if (_index > 0)
            {
                PacketsBroken++;
            }

            _index = 0;
            _status = NoninStatus.None;
        }
        else if (_index == 0)
        {
            // Not yet positioned: wait for frame 1.
            return false;
        }

        _floats[_index++] = frame.FloatByte;
        _status |= frame.Status;
        if (_index < FramesPerPacket)
        {
            return false;
        }

        _index = 0;
        packet = Decode(_floats, _status & ~NoninStatus.Sync);
        if (packet is null)
        {
            PacketsRejected++;
        }

        return packet is not null;
    }

    /// <summary>Decodes the 25 FLOAT bytes (frame n at index n-1); null when a content check fails.</summary>
    public static NoninPacket? Decode(ReadOnlySpan<byte> f, NoninStatus status)
    {
        if (f.Length != FramesPerPacket)
        {
            return null;
        }

        // MSB bytes of 9-bit values carry HR8..HR7 in bits 1..0 only (frames 1, 14, 20, 22).
        if (f[0] > 3 || f[13] > 3 || f[19] > 3 || f[21] > 3)
        {
            return null;
        }

        var hr = (f[0] << 7) | f[1];
        var hrDisplay = (f[19] << 7) | f[20];
        var spo2 = f[2];
        var spo2Display = f[8];
        if (!IsSpO2(spo2) || !IsSpO2(spo2Display) || !IsSpO2(f[9]) || !IsSpO2(f[10]))
        {
            return null;
        }

        return new NoninPacket(
            HeartRate: hr == MissingHeartRate ? null : hr,
            SpO2: spo2 == MissingSpO2 ? null : spo2,
            HeartRateDisplay: hrDisplay == MissingHeartRate ? null : hrDisplay,
            SpO2Display: spo2Display == MissingSpO2 ? null : spo2Display,
            SpO2Fast: f[9] == MissingSpO2 ? null : f[9],
            SpO2BeatToBeat: f[10] == MissingSpO2 ? null : f[10],
            FirmwareRevision: f[3],
            Timer: (f[5] << 7) | f[6],
            SmartPoint: (f[7] & 0x20) != 0,
            LowBattery: (f[7] & 0x01) != 0,
            Status: status);
    }

    private static bool IsSpO2(byte value) => value <= 100 || value == MissingSpO2;
}
