using Edge.Core;
using Edge.Drivers.Serial.Contec;

namespace Edge.Drivers.Tests.Serial.Contec;

/// <summary>
/// Contec "Communication Protocol V7.0". Command bytes from CMS50Dplus7 <c>tests.py</c>
/// (<c>test_send_command_commands</c>: <c>7D 81 cmd 80×6</c>) and OSCAR <c>cms50f37_loader.cpp</c>; packet examples
/// from OSCAR's comments (<c>7,80,80,80,94,8e,88,92</c>, <c>a,80,80,81</c>); reference/serial.md §3.2.
/// </summary>
public sealed class ContecV7Tests
{
    private const string Port = "/dev/serial/by-id/usb-Silicon_Labs_CP2102-if00-port0";
    private static readonly byte[] Warm = DeviceBytes.Warmup(Edge.Drivers.Serial.SerialProtocol.ContecV7);
    private static readonly byte[] Trail = DeviceBytes.Trailer(Edge.Drivers.Serial.SerialProtocol.ContecV7);

    [Theory]
    [InlineData(0xA1)]
    [InlineData(0xA2)]
    [InlineData(0xA7)]
    [InlineData(0xAF)]
    [InlineData(0xB0)]
    public void Build_EveryCommand_IsSevenDOneEightyOneCmdThenSixEighties(byte command)
    {
        Assert.Equal(new byte[] { 0x7D, 0x81, command, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80 }, ContecV7Commands.Build(command));
    }

    [Fact]
    public void Build_SessionParameters_GoInBytes3And4WithBit7Set()
    {
        // OSCAR sendCommand(c, c2): cmd[4] |= c2; eraseSession: cmd[3] = user | 0x80, cmd[4] = session | 0x80.
        Assert.Equal(new byte[] { 0x7D, 0x81, 0xA6, 0x80, 0x82, 0x80, 0x80, 0x80, 0x80 }, ContecV7Commands.Build(0xA6, 0, 2));
        Assert.Equal(new byte[] { 0x7D, 0x81, 0xA6, 0x81, 0x81, 0x80, 0x80, 0x80, 0x80 }, ContecV7Commands.Build(0xA6, 1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => ContecV7Commands.Build(0xA6, 0x80));
    }

    [Fact]
    public void Framer_HighByte_RestoresBit7OfEachDataByte()
    {
        // CMS50Dplus7 test_decode_package_high_byte: high 0xFF with data 0x80 → 0x80; high 0x80 with 0xFF → 0x7F.
        var framer = new ContecV7Framer();
        ReadOnlySpan<byte> all = DeviceBytes.Concat([0x01, 0xFF, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80], [0x01, 0x80, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]);

        Assert.True(framer.TryRead(ref all, out var type, out var data));
        Assert.Equal(0x01, type);
        Assert.Equal(Enumerable.Repeat((byte)0x80, 7), data.ToArray());
        Assert.True(framer.TryRead(ref all, out _, out data));
        Assert.Equal(Enumerable.Repeat((byte)0x7F, 7), data.ToArray());
    }

    [Fact]
    public void Framer_OscarSessionDatePacket_DecodesToThe2014Date()
    {
        var framer = new ContecV7Framer();
        ReadOnlySpan<byte> bytes = [0x07, 0x80, 0x80, 0x80, 0x94, 0x8E, 0x88, 0x92];

        Assert.True(framer.TryRead(ref bytes, out var type, out var data));

        Assert.Equal(0x07, type);
        Assert.Equal(new byte[] { 0, 0, 20, 14, 8, 18 }, data.ToArray());
    }

    [Fact]
    public void Framer_TruncatedAndUnknownPackets_AreCountedAndSkipped()
    {
        var framer = new ContecV7Framer();
        var realtime = DeviceBytes.ContecV7Realtime(70, 98);
        ReadOnlySpan<byte> bytes = DeviceBytes.Concat([0x85, 0x86], realtime[..5], [0x1F, 0x80, 0x80], realtime);

        Assert.True(framer.TryRead(ref bytes, out var type, out _));
        Assert.Equal(0x01, type);
        Assert.False(framer.TryRead(ref bytes, out _, out _));
        Assert.Equal(1, framer.TruncatedPackets);
        Assert.Equal(1, framer.UnknownPackets);
        Assert.Equal(2 + 5 + 3, framer.BytesDiscarded);
    }

    [Fact]
    public void Realtime_CMS50Dplus7Layout_DecodesEveryField()
    {
        // data0: 3..0 signal, 4 searching too long, 5 low SpO2, 6 beep, 7 probe error; data1: pleth, 7 searching;
        // data2: bar graph, 4 PI valid; data3 PR (0xFF invalid); data4 SpO2 (0x7F invalid); data5-6 PI LE (0xFFFF invalid).
        var r = ContecV7Realtime.Parse([0xF7, 0xC5, 0x1A, 0xC8, 0x5F, 0x34, 0x12])!;

        Assert.Equal((7, true, true, true, true), (r.SignalStrength, r.SearchingTooLong, r.LowSpO2, r.Beep, r.ProbeError));
        Assert.Equal((0x45, true, 0x0A, true), (r.Pleth, r.SearchingPulse, r.BarGraph, r.PerfusionIndexValid));
        Assert.Equal((200, 95, 0x1234), (r.PulseRate, r.SpO2, r.PerfusionIndexRaw));
        Assert.Equal(QualityIssues.SensorContactLost | QualityIssues.Searching | QualityIssues.DeviceAlarm, r.Flags);

        var invalid = ContecV7Realtime.Parse([0x00, 0x00, 0x00, 0xFF, 0x7F, 0xFF, 0xFF])!;
        Assert.Equal((null, null, null), (invalid.PulseRate, invalid.SpO2, invalid.PerfusionIndexRaw));
    }

    [Fact]
    public void Decode_RealtimeStreamWithAcksAndGarbage_YieldsReadings()
    {
        var decoder = new ContecV7Decoder(Port, TimeSpan.Zero);
        var bytes = DeviceBytes.Concat(
            [0xC3, 0xFF], DeviceBytes.ContecV7(0x0C), DeviceBytes.ContecV7Realtime(72, 97), DeviceBytes.ContecV7Realtime(73, 96),
            DeviceBytes.ContecV7Realtime(74, 95), DeviceBytes.ContecV7Realtime(75, 94), [0x99], Warm, DeviceBytes.ContecV7Realtime(200, 88), Trail);

        var observations = DecoderHarness.Feed(decoder, bytes);

        // Run 1: the ack (1st) and 72 (2nd) are before the lock; 73 (3rd) is confirmed by 74 and 75, which the stray
        // byte then leaves unconfirmed. Run 2: the warm-up, then 200 confirmed by the trailer.
        Assert.Equal([96.0, 73.0, 88.0, 200.0], observations.Select(o => o.Value));
        Assert.Equal(2 + 2 + 2, decoder.PacketsWithheld);
    }

    [Fact]
    public void Decode_ProbeErrorPacket_FlagsContactLostWithoutSentinels()
    {
        var decoder = new ContecV7Decoder(Port, TimeSpan.Zero);

        var observations = DecoderHarness.Feed(decoder, DeviceBytes.Concat(Warm, DeviceBytes.ContecV7Realtime(0xFF, 0x7F, data0: 0x80), Trail));

        Assert.Empty(observations);
        Assert.Equal(1, decoder.FramesAccepted);
    }

    [Fact]
    public void KeepAlive_IsAfEveryFiveSeconds()
    {
        var decoder = new ContecV7Decoder(Port, TimeSpan.Zero);

        Assert.Equal(new byte[] { 0x7D, 0x81, 0xAF, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80 }, decoder.KeepAliveCommand.ToArray());
        Assert.Equal(TimeSpan.FromSeconds(5), decoder.KeepAliveInterval);
    }
}
