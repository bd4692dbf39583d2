namespace Edge.Drivers.Serial.Nonin;

/// <summary>
/// Frames a Nonin DF2 or DF7 byte stream into checked 5-byte frames (reference/serial.md §2.2, §2.3, §2.7).
/// </summary>
/// <remarks>
/// <para>DF2 frame: <c>01 STATUS PLETH FLOAT CHK</c>; DF7 frame: <c>STATUS PLETH_MSB PLETH_LSB FLOAT CHK</c>. CHK is
/// the sum of bytes 1-4 mod 256, STATUS has bit 7 set, FLOAT is 0-127.</para>
/// <para>Resync (Pufferfish <c>FrameReceiver</c>): until locked, a 5-byte window slides one byte at a time until it
/// holds a valid frame with the SYNC bit, because pleth bytes can legally look like a start byte. Once locked, every
/// frame must pass; the first that fails drops the lock and the window slides again. Bytes slid past are counted.</para>
/// <para>Allocation-free: a 5-byte window, nothing per frame. Not thread-safe; one reader loop owns it.</para>
/// </remarks>
public sealed class NoninFrameFramer
{
    private const int FrameLength = 5;
    private readonly byte[] _window = new byte[FrameLength];
    private readonly bool _df7;
    private int _count;
    private bool _locked;

    /// <summary>Creates a framer for DF7 (<paramref name="dataFormat7"/> true) or DF2.</summary>
    public NoninFrameFramer(bool dataFormat7)
    {
        _df7 = dataFormat7;
    }

    /// <summary>Frames returned.</summary>
    public long Frames { get; private set; }

    /// <summary>Bytes skipped while hunting for a frame.</summary>
    public long BytesDiscarded { get; private set; }

    /// <summary>Times a locked stream failed a check and lock was lost.</summary>
    public long LockLosses { get; private set; }

    /// <summary>True while locked onto the frame boundary.</summary>
    public bool IsLocked => _locked;

    /// <summary>Forgets the lock and any partial frame.</summary>
    public void Reset()
    {
        _count = 0;
        _locked = false;
    }

    /// <summary>Consumes bytes until a frame is complete or the input is used up.</summary>
    /// <param name="input">Unconsumed bytes; advanced past what was consumed.</param>
    /// <param name="frame">The frame, when the method returns true.</param>
    public bool TryRead(ref ReadOnlySpan<byte> input, out NoninFrame frame)
    {
        while (!input.IsEmpty)
        {
            _window[_count++] = input[0];
            input = input[1..];
            if (_count < FrameLength)
            {
                continue;
            }

            if (IsValid(_window, _df7, requireSync: !_locked))
            {
                _count = 0;
                _locked = true;
                Frames++;
                frame = _df7
                    ? new NoninFrame((NoninStatus)_window[0], (_window[1] << 8) | _window[2], _window[3])
                    : new NoninFrame((NoninStatus)_window[1], _window[2], _window[3]);
                return true;
            }

            if (_locked)
            {
                LockLosses++;
                _locked = false;
            }

            // Slide by one byte: the frame may start anywhere in the window.
            _window.AsSpan(1).CopyTo(_window);
            _count = FrameLength - 1;
            BytesDiscarded++;
        }

        frame = default;
        return false;
    }

    /// <summary>The frame checks, exposed for tests: header, FLOAT range and checksum.</summary>
    public static bool IsValid(ReadOnlySpan<byte> f, bool dataFormat7, bool requireSync)
    {
        if (f.Length != FrameLength)
        {
            return false;
        }

        var status = dataFormat7 ? f[0] : f[1];
        if ((status & 0x80) == 0 || (!dataFormat7 && f[0] != 0x01) || f[3] > 127)
        {
            return false;
        }

        if (requireSync && (status & 0x01) == 0)
        {
            return false;
        }

        return (byte)(f[0] + f[1] + f[2] + f[3]) == f[4];
    }
}
