namespace Edge.Drivers.Tests.Serial;

/// <summary>
/// The device side of each protocol, written from the layouts in reference/serial.md (and the documents it cites),
/// independently of the framers under test.
/// </summary>
internal static class DeviceBytes
{
    /// <summary>A DF2 (or DF7) frame: checksum = sum of bytes 1-4 mod 256 (9560 spec; serial.md §2.2/§2.3).</summary>
    public static byte[] NoninFrame(bool df7, byte status, int pleth, byte floatByte)
    {
        byte[] f = df7
            ? [status, (byte)(pleth >> 8), (byte)pleth, floatByte, 0]
            : [0x01, status, (byte)pleth, floatByte, 0];
        f[4] = (byte)(f[0] + f[1] + f[2] + f[3]);
        return f;
    }

    /// <summary>
    /// A 25-frame DF2/DF7 packet. FLOAT by frame (1-based): 1 HR MSB, 2 HR LSB, 3 SpO2, 4 SREV, 6/7 TMR, 8 STAT2,
    /// 9 SpO2-D, 10 SpO2 Fast, 11 SpO2 B-B, 20/21 HR-D. <paramref name="status"/> (bit 7 added, SYNC set on frame 1)
    /// is applied to every frame.
    /// </summary>
    public static byte[] NoninPacket(bool df7, int heartRate, int spO2, byte status = 0x80, int? hrDisplay = null, int? spO2Display = null, byte stat2 = 0)
    {
        var floats = new byte[25];
        floats[0] = (byte)((heartRate >> 7) & 0x03);
        floats[1] = (byte)(heartRate & 0x7F);
        floats[2] = (byte)spO2;
        floats[3] = 0x2A;
        floats[5] = 0x01;
        floats[6] = 0x05;
        floats[7] = stat2;
        floats[8] = (byte)(spO2Display ?? spO2);
        floats[9] = (byte)spO2;
        floats[10] = (byte)spO2;
        var hrd = hrDisplay ?? heartRate;
        floats[19] = (byte)((hrd >> 7) & 0x03);
        floats[20] = (byte)(hrd & 0x7F);
        var bytes = new List<byte>(125);
        for (var i = 0; i < 25; i++)
        {
            var s = (byte)(status | 0x80 | (i == 0 ? 0x01 : 0x00));
            bytes.AddRange(NoninFrame(df7, s, df7 ? 0x1234 + i : 0x40 + i, floats[i]));
        }

        return [.. bytes];
    }

    /// <summary>A DF8 record: <c>1 R OOT LPRF MPRF ARTF HR8 HR7 | 0 HR6..0 | 0 SpO2 | 0 R SPA R SNSF R R LOWBAT</c>.</summary>
    public static byte[] NoninDf8(int heartRate, int spO2, byte byte1Flags = 0, byte byte4 = 0) =>
        [(byte)(0x80 | byte1Flags | ((heartRate >> 7) & 0x03)), (byte)(heartRate & 0x7F), (byte)spO2, byte4];

    /// <summary>
    /// A DF13 record: <c>00 02 00 0D LEN(2) | 20 YY MM DD hh mm ss ff (BCD) | ST_MSB ST_LSB | HR_MSB HR_LSB | RES | SpO2 |
    /// extra… | CHK | 03</c>, CHK = low byte of the sum of the data bytes (serial.md §2.5).
    /// </summary>
    public static byte[] NoninDf13(DateTime time, int heartRate, int spO2, byte statusMsb = 0x02, byte statusLsb = 0, byte[]? extra = null)
    {
        static byte Bcd(int v) => (byte)(((v / 10) << 4) | (v % 10));
        var data = new List<byte>
        {
            Bcd(time.Year / 100), Bcd(time.Year % 100), Bcd(time.Month), Bcd(time.Day),
            Bcd(time.Hour), Bcd(time.Minute), Bcd(time.Second), 0x00,
            statusMsb, statusLsb, (byte)(heartRate >> 8), (byte)heartRate, 0x00, (byte)spO2,
        };
        data.AddRange(extra ?? []);
        var frame = new List<byte> { 0x00, 0x02, 0x00, 0x0D, (byte)(data.Count >> 8), (byte)data.Count };
        frame.AddRange(data);
        byte sum = 0;
        foreach (var d in data)
        {
            sum += d;
        }

        frame.Add(sum);
        frame.Add(0x03);
        return [.. frame];
    }

    /// <summary>A CMS50 legacy live packet, encoded as atbrask <c>LiveDataPoint.getBytes()</c> does.</summary>
    public static byte[] ContecLegacy(int pulseRate, int spO2, byte byte1Flags = 0, byte byte3Flags = 0, int pleth = 0x30) =>
        [(byte)(0x80 | byte1Flags), (byte)(pleth & 0x7F), (byte)(byte3Flags | ((pulseRate & 0x80) >> 1)), (byte)(pulseRate & 0x7F), (byte)(spO2 & 0x7F)];

    /// <summary>A V7 packet, encoded as CMS50Dplus7 <c>encode_package</c> does: type, high byte, data with bit 7 set.</summary>
    public static byte[] ContecV7(byte type, params byte[] data)
    {
        var packet = new byte[data.Length + 2];
        packet[0] = (byte)(type & 0x7F);
        var high = 0x80;
        for (var i = 0; i < data.Length; i++)
        {
            high |= ((data[i] & 0x80) >> (7 - i));
            packet[i + 2] = (byte)(data[i] | 0x80);
        }

        packet[1] = (byte)high;
        return packet;
    }

    /// <summary>A V7 realtime packet (type 0x01, 7 data bytes; CMS50Dplus7 <c>RealtimeDataPoint</c>).</summary>
    public static byte[] ContecV7Realtime(int pulseRate, int spO2, byte data0 = 0x05, byte data1 = 0x40, byte data2 = 0x03, int pi = 0xFFFF) =>
        ContecV7(0x01, data0, data1, data2, (byte)pulseRate, (byte)spO2, (byte)pi, (byte)(pi >> 8));

    /// <summary>
    /// Value-less frames that bring a <c>FrameLock</c> to one short of its threshold, so the next frame is trusted:
    /// DF8 records and legacy/V7 packets carrying only the missing-value codes.
    /// </summary>
    public static byte[] Warmup(Edge.Drivers.Serial.SerialProtocol protocol) => protocol switch
    {
        Edge.Drivers.Serial.SerialProtocol.NoninDf8 => Repeat(NoninDf8(511, 127), Edge.Drivers.Serial.Nonin.NoninDf8Decoder.LockRecords - 1),
        Edge.Drivers.Serial.SerialProtocol.ContecLegacy => Repeat(ContecLegacy(0, 0), Edge.Drivers.Serial.Contec.ContecLegacyDecoder.LockPackets - 1),
        Edge.Drivers.Serial.SerialProtocol.ContecV7 => Repeat(ContecV7Realtime(0xFF, 0x7F), Edge.Drivers.Serial.Contec.ContecV7Decoder.LockPackets - 1),
        _ => [],
    };

    /// <summary>
    /// Value-less frames that confirm the frames before them through a <c>FrameGate</c>; send after the last frame
    /// that must come out.
    /// </summary>
    public static byte[] Trailer(Edge.Drivers.Serial.SerialProtocol protocol) => protocol switch
    {
        Edge.Drivers.Serial.SerialProtocol.NoninDf8 => Repeat(NoninDf8(511, 127), Edge.Drivers.Serial.Nonin.NoninDf8Decoder.ConfirmRecords),
        Edge.Drivers.Serial.SerialProtocol.ContecLegacy => Repeat(ContecLegacy(0, 0), Edge.Drivers.Serial.Contec.ContecLegacyDecoder.ConfirmPackets),
        Edge.Drivers.Serial.SerialProtocol.ContecV7 => Repeat(ContecV7Realtime(0xFF, 0x7F), Edge.Drivers.Serial.Contec.ContecV7Decoder.ConfirmPackets),
        _ => [],
    };

    /// <summary><paramref name="bytes"/> <paramref name="count"/> times.</summary>
    public static byte[] Repeat(byte[] bytes, int count) => [.. Enumerable.Repeat(bytes, count).SelectMany(b => b)];

    /// <summary>Splits <paramref name="bytes"/> into random chunks of <paramref name="min"/>..<paramref name="max"/> bytes.</summary>
    public static IEnumerable<byte[]> Chunks(byte[] bytes, Random random, int min = 1, int max = 17)
    {
        for (var i = 0; i < bytes.Length;)
        {
            var n = Math.Min(random.Next(min, max + 1), bytes.Length - i);
            yield return bytes[i..(i + n)];
            i += n;
        }
    }

    /// <summary>Concatenates byte arrays.</summary>
    public static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];
}
