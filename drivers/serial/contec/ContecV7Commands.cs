namespace Edge.Drivers.Serial.Contec;

/// <summary>
/// Contec V7.0 commands. Every command is 9 bytes, <c>7D 81 &lt;cmd&gt; p3 p4 80 80 80 80</c>: a type byte 0x7D, a high
/// byte, then seven data bytes with bit 7 set; parameters go in bytes 3 and 4 (OSCAR <c>sendCommand</c>,
/// <c>eraseSession</c>; CMS50Dplus7 <c>encode_package</c>; reference/serial.md §3.2). Stateless.
/// </summary>
public static class ContecV7Commands
{
    /// <summary>Start the realtime stream.</summary>
    public const byte StartRealtime = 0xA1;

    /// <summary>Stop the realtime stream ("HELLO2"); answered with a 0x0C packet.</summary>
    public const byte StopRealtime = 0xA2;

    /// <summary>Ask for the number of stored sessions; answered with 0x0A.</summary>
    public const byte SessionCount = 0xA3;

    /// <summary>Ask for a session's duration; answered with 0x08.</summary>
    public const byte SessionDuration = 0xA4;

    /// <summary>Ask for a session's start date and time; answered with 0x07 and 0x12.</summary>
    public const byte SessionStartTime = 0xA5;

    /// <summary>Stream a session's stored samples; answered with 0x0F (or 0x09 on a CMS50I) packets.</summary>
    public const byte SessionData = 0xA6;

    /// <summary>Stop the stored-data stream ("HELLO1"); answered with a 0x0C packet.</summary>
    public const byte StopStored = 0xA7;

    /// <summary>Keep-alive, every 5 s while streaming (CMS50Dplus7).</summary>
    public const byte KeepAlive = 0xAF;

    /// <summary>Encodes command <paramref name="command"/> with optional parameters in data bytes 3 and 4 (0-127).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is above 127.</exception>
    public static byte[] Build(byte command, byte parameter3 = 0, byte parameter4 = 0)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(parameter3, (byte)0x7F);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(parameter4, (byte)0x7F);
        Span<byte> data = [command, parameter3, parameter4, 0, 0, 0, 0];
        var packet = new byte[9];
        packet[0] = 0x7D;
        var high = 0x80;
        for (var i = 0; i < data.Length; i++)
        {
            high |= ((data[i] >> 7) & 1) << i;
            packet[i + 2] = (byte)(data[i] | 0x80);
        }

        packet[1] = (byte)high;
        return packet;
    }
}
