using Edge.Core;
using Edge.Drivers.Serial.Contec;

namespace Edge.Drivers.Tests.Serial.Contec;

/// <summary>
/// CMS50 legacy live protocol. Vectors from atbrask/CMS50Dplus <c>unittests.py</c> (LiveDataPoint) and the
/// apneaboard wiki layout, via reference/serial.md §3.1.
/// </summary>
public sealed class ContecLegacyTests
{
    private const string Port = "/dev/serial/by-id/usb-Silicon_Labs_CP2102-if00-port0";
    private static readonly byte[] Warm = DeviceBytes.Warmup(Edge.Drivers.Serial.SerialProtocol.ContecLegacy);
    private static readonly byte[] Trail = DeviceBytes.Trailer(Edge.Drivers.Serial.SerialProtocol.ContecLegacy);

    [Fact]
    public void Parse_AtbraskSyncBitVectors_AcceptOnlyBit7OnByte1()
    {
        // test_LiveData_init_syncbit: [0x80,0,0,0,0] is valid; bit 7 anywhere else, or missing on byte 1, is not.
        Assert.NotNull(ContecLegacyReading.Parse([0x80, 0, 0, 0, 0]));
        Assert.Null(ContecLegacyReading.Parse([0, 0, 0, 0, 0]));
        Assert.Null(ContecLegacyReading.Parse([0, 0x80, 0, 0, 0]));
        Assert.Null(ContecLegacyReading.Parse([0x80, 0, 0, 0, 0x80]));
        Assert.Null(ContecLegacyReading.Parse([0x80, 0, 0, 0]));
    }

    [Fact]
    public void Parse_AtbraskPulseRateVectors_AllEightBitRates()
    {
        // test_LiveData_pulseRate: [0x80, 0, (x & 0x80) >> 1, x & 0x7f, 0] encodes pulse rates 0-255.
        for (var x = 1; x < 255; x++)
        {
            var reading = ContecLegacyReading.Parse([0x80, 0, (byte)((x & 0x80) >> 1), (byte)(x & 0x7F), 97]);
            Assert.Equal(x, reading!.PulseRate);
        }
    }

    [Fact]
    public void Parse_AtbraskFlagVectors_DecodeEachBit()
    {
        // test_LiveData_fingerOut [0x90,...], droppingSpO2 [0xA0,...], beep [0xC0,...], probeError [.,.,0x10,.],
        // searching [.,.,0x20,.], signal strength and bar graph in the low nibbles.
        Assert.True(ContecLegacyReading.Parse([0x90, 0, 0, 0, 0])!.SearchingTooLong);
        Assert.True(ContecLegacyReading.Parse([0xA0, 0, 0, 0, 0])!.SpO2Dropping);
        Assert.True(ContecLegacyReading.Parse([0xC0, 0, 0, 0, 0])!.Beep);
        Assert.True(ContecLegacyReading.Parse([0x80, 0, 0x10, 0, 0])!.ProbeError);
        Assert.True(ContecLegacyReading.Parse([0x80, 0, 0x20, 0, 0])!.Searching);
        Assert.Equal(7, ContecLegacyReading.Parse([0x87, 0, 0, 0, 0])!.SignalStrength);
        Assert.Equal(9, ContecLegacyReading.Parse([0x80, 0, 0x09, 0, 0])!.BarGraph);
        Assert.Equal(0x55, ContecLegacyReading.Parse([0x80, 0x55, 0, 0, 0])!.Pleth);
    }

    [Fact]
    public void Decode_StreamInRandomChunksWithGarbage_YieldsLatestValuesPerInterval()
    {
        var decoder = new ContecLegacyDecoder(Port, TimeSpan.Zero);
        byte[] garbage = [0x12, 0x34, 0x7F, 0x00];

        var observations = DecoderHarness.Feed(decoder, DeviceBytes.Concat(garbage, Warm, DeviceBytes.ContecLegacy(150, 97), DeviceBytes.ContecLegacy(151, 96), Trail));

        Assert.Equal([97.0, 150.0, 96.0, 151.0], observations.Select(o => o.Value));
        Assert.Equal(4, decoder.BytesDiscarded);
    }

    [Fact]
    public void Decode_FingerOutPacket_FlagsContactLostAndSendsNoSentinel()
    {
        // atbrask: [0x80|0x10, 0, 0, 0, 0] means finger out; SpO2 0 / 127 and PR 0 / 255 are not values.
        var decoder = new ContecLegacyDecoder(Port, TimeSpan.Zero);

        var observations = DecoderHarness.Feed(decoder, DeviceBytes.Concat(Warm, DeviceBytes.ContecLegacy(0, 0, byte1Flags: 0x10), DeviceBytes.ContecLegacy(255, 127), Trail));

        Assert.Empty(observations);
        Assert.Equal(2, decoder.FramesAccepted);
        Assert.Equal(ContecLegacyDecoder.LockPackets - 1, decoder.PacketsWithheld);
    }

    [Fact]
    public void Decode_SixtyPacketsInASecond_CoalesceToOneReadingWithTheirFlags()
    {
        var decoder = new ContecLegacyDecoder(Port, TimeSpan.FromSeconds(1));
        var packets = new List<byte[]>();
        for (var i = 0; i < 60; i++)
        {
            packets.Add(DeviceBytes.ContecLegacy(70 + (i % 3), 95, byte3Flags: i == 30 ? (byte)0x20 : (byte)0));
        }

        var second = DeviceBytes.Concat([.. packets]);
        var observations = DecoderHarness.FeedSeconds(decoder, [DeviceBytes.Concat(Warm, second), second]);

        Assert.Equal(4, observations.Count);
        Assert.Equal(QualityIssues.Searching, observations[3].Flags);
    }

    [Fact]
    public void Decode_ValidLookingPacketsBrokenByNoise_YieldNothing()
    {
        // Linux ignores the 8O1 parity (serial.md §6.2), so a single packet shape is weak evidence.
        var decoder = new ContecLegacyDecoder(Port, TimeSpan.Zero);
        var noisy = new List<byte[]>();
        for (var i = 0; i < 20; i++)
        {
            noisy.Add(DeviceBytes.ContecLegacy(70, 97));
            noisy.Add([0x55]);
        }

        var observations = DecoderHarness.Feed(decoder, DeviceBytes.Concat([.. noisy]));

        Assert.Empty(observations);
        Assert.Equal(19, decoder.PacketsWithheld); // the 20th is still held, waiting for a run

    }

    [Fact]
    public void Decode_ByteWithBit7InsidePacket_RestartsThePacketThere()
    {
        var decoder = new ContecLegacyDecoder(Port, TimeSpan.Zero);
        var cut = DeviceBytes.ContecLegacy(80, 98)[..3];

        var observations = DecoderHarness.Feed(decoder, DeviceBytes.Concat(Warm, DeviceBytes.ContecLegacy(79, 99), Trail, cut, Warm, DeviceBytes.ContecLegacy(81, 97), Trail));

        // The cut packet drops the lock: the packets after it need a fresh run before they count.
        Assert.Equal([99.0, 79.0, 97.0, 81.0], observations.Select(o => o.Value));
        Assert.Equal(3, decoder.BytesDiscarded);
    }
}
