using Edge.Core;
using Edge.Drivers.Serial.Nonin;

namespace Edge.Drivers.Tests.Serial.Nonin;

/// <summary>
/// DF2 and DF7 (Nonin Onyx II 9560 OEM spec 6470-000-01, via reference/serial.md §2.2, §2.3, §2.7). Frames are built
/// by <see cref="DeviceBytes"/> from the documented layout and fed in random chunks.
/// </summary>
public sealed class NoninStreamDecoderTests
{
    private const string Port = "/dev/serial/by-id/usb-Test_Nonin-if00-port0";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Decode_OnePacketInRandomChunks_YieldsSpO2AndPulseRateFromRecordingValues(bool df7)
    {
        var decoder = new NoninStreamDecoder(Port, df7, TimeSpan.Zero);

        var observations = DecoderHarness.Feed(decoder, DeviceBytes.NoninPacket(df7, heartRate: 72, spO2: 97, status: 0x02));

        Assert.Equal(2, observations.Count);
        Assert.Equal(97, DecoderHarness.Value(observations, VitalKind.SpO2));
        Assert.Equal(72, DecoderHarness.Value(observations, VitalKind.PulseRate));
        Assert.All(observations, o => Assert.Equal(QualityIssues.None, o.Flags));
        Assert.All(observations, o => Assert.Equal(Port, o.Source));
        Assert.Equal(25, decoder.FramesAccepted);
    }

    [Fact]
    public void Decode_HeartRateAbove127_UsesNineBitsAcrossFrames1And2()
    {
        // HR is 9 bits: frame 1 FLOAT bits 1..0 are HR8..HR7, frame 2 bits 6..0 are HR6..HR0 (§2.2).
        var decoder = new NoninStreamDecoder(Port, dataFormat7: false, TimeSpan.Zero);

        var observations = DecoderHarness.Feed(decoder, DeviceBytes.NoninPacket(false, heartRate: 300, spO2: 90));

        Assert.Equal(300, DecoderHarness.Value(observations, VitalKind.PulseRate));
    }

    [Fact]
    public void Decode_MissingDataCodes_YieldNoObservation()
    {
        // Missing data: HR = 511, SpO2 = 127 (§2.2). Never publish a sentinel.
        var decoder = new NoninStreamDecoder(Port, dataFormat7: false, TimeSpan.Zero);

        var observations = DecoderHarness.Feed(decoder, DeviceBytes.NoninPacket(false, heartRate: 511, spO2: 127, status: 0x08));

        Assert.Empty(observations);
        Assert.Equal(25, decoder.FramesAccepted);
    }

    [Fact]
    public void Decode_SensorAlarmWithHeldValues_FlagsStaleAndContactLost()
    {
        // "Formatted for display" values repeat for 10 s after finger removal with SNSA set (§2.2): held, not live.
        var decoder = new NoninStreamDecoder(Port, dataFormat7: false, TimeSpan.Zero);

        var observations = DecoderHarness.Feed(decoder, DeviceBytes.NoninPacket(false, 80, 95, status: 0x08));

        Assert.NotEmpty(observations);
        Assert.All(observations, o => Assert.True(o.Flags.HasFlag(QualityIssues.Stale) && o.Flags.HasFlag(QualityIssues.SensorContactLost)));
    }

    [Theory]
    [InlineData(0x06, QualityIssues.LowPerfusion)] // RPRF+GPRF: yellow, low/marginal
    [InlineData(0x04, QualityIssues.LowPerfusion)] // RPRF alone: red, low or no pulse
    [InlineData(0x02, QualityIssues.None)] // GPRF alone: green, high signal
    [InlineData(0x20, QualityIssues.Artefact)] // ARTF
    [InlineData(0x10, QualityIssues.Artefact)] // OOT
    [InlineData(0x40, QualityIssues.SensorFault)] // SNSD (OEM III)
    public void Decode_StatusBits_MapToQualityFlags(byte status, QualityIssues expected)
    {
        var decoder = new NoninStreamDecoder(Port, dataFormat7: true, TimeSpan.Zero);

        var observations = DecoderHarness.Feed(decoder, DeviceBytes.NoninPacket(true, 70, 96, status));

        Assert.Equal(2, observations.Count);
        Assert.All(observations, o => Assert.Equal(expected, o.Flags));
    }

    [Fact]
    public void Decode_GarbageAndAPartialPacketFirst_ResyncsOnSyncFrame()
    {
        // Pleth bytes can be 0x01, so the start byte alone proves nothing; the framer locks on SYNC + checksum (§2.7).
        var decoder = new NoninStreamDecoder(Port, dataFormat7: false, TimeSpan.Zero);
        var partial = DeviceBytes.NoninPacket(false, 60, 99)[37..];
        byte[] garbage = [0x01, 0x81, 0x01, 0x01, 0x55, 0x01, 0x80, 0x00, 0xFF, 0x7E];

        var observations = DecoderHarness.Feed(decoder, DeviceBytes.Concat(garbage, partial, DeviceBytes.NoninPacket(false, 61, 98)));

        Assert.Equal(98, DecoderHarness.Value(observations, VitalKind.SpO2));
        Assert.Equal(61, DecoderHarness.Value(observations, VitalKind.PulseRate));
        Assert.Equal(2, observations.Count);
        Assert.True(decoder.BytesDiscarded >= garbage.Length);
    }

    [Fact]
    public void Decode_FlippedChecksumInsidePacket_DropsThatPacketOnly()
    {
        var decoder = new NoninStreamDecoder(Port, dataFormat7: false, TimeSpan.Zero);
        var bad = DeviceBytes.NoninPacket(false, 66, 94);
        bad[5 * 10 + 4] ^= 0x01;

        var observations = DecoderHarness.Feed(decoder, DeviceBytes.Concat(bad, DeviceBytes.NoninPacket(false, 67, 93)));

        Assert.Equal([93.0, 67.0], observations.Select(o => o.Value));
    }

    [Fact]
    public void Decode_ThreePacketsASecond_AreCoalescedToOneReadingPerInterval()
    {
        var decoder = new NoninStreamDecoder(Port, dataFormat7: false, TimeSpan.FromSeconds(1));
        var second = DeviceBytes.Concat(
            DeviceBytes.NoninPacket(false, 70, 95), DeviceBytes.NoninPacket(false, 71, 95, status: 0x20), DeviceBytes.NoninPacket(false, 72, 95));

        var observations = DecoderHarness.FeedSeconds(decoder, [second, second]);

        Assert.Equal(4, observations.Count);
        Assert.Equal(6, decoder.FramesAccepted / 25);

        // The second reading carries the artefact seen between the two.
        Assert.Equal(QualityIssues.Artefact, observations[3].Flags);
    }

    [Fact]
    public void PacketAssembler_SyncArrivingEarly_CountsABrokenPacket()
    {
        var assembler = new NoninPacketAssembler();
        var framer = new NoninFrameFramer(dataFormat7: false);
        ReadOnlySpan<byte> bytes = DeviceBytes.Concat(DeviceBytes.NoninPacket(false, 60, 97)[..50], DeviceBytes.NoninPacket(false, 61, 97));
        var packets = new List<NoninPacket>();
        while (framer.TryRead(ref bytes, out var frame))
        {
            if (assembler.TryAdd(frame, out var packet))
            {
                packets.Add(packet!);
            }
        }

        Assert.Single(packets);
        Assert.Equal(61, packets[0].HeartRate);
        Assert.Equal(1, assembler.PacketsBroken);
    }

    [Fact]
    public void PacketAssembler_DecodesTheDocumentedFloatPositions()
    {
        Span<byte> floats = stackalloc byte[25];
        floats[0] = 0x00; floats[1] = 75; floats[2] = 96; floats[3] = 0x33; floats[5] = 0x10; floats[6] = 0x01;
        floats[7] = 0x21; floats[8] = 95; floats[9] = 94; floats[10] = 93; floats[19] = 0x01; floats[20] = 0x02;

        var packet = NoninPacketAssembler.Decode(floats, NoninStatus.Always);

        Assert.NotNull(packet);
        Assert.Equal((75, 96, 95, 94, 93, 130), (packet.HeartRate, packet.SpO2, packet.SpO2Display, packet.SpO2Fast, packet.SpO2BeatToBeat, packet.HeartRateDisplay));
        Assert.Equal(0x33, packet.FirmwareRevision);
        Assert.Equal((0x10 << 7) | 1, packet.Timer);
        Assert.True(packet.SmartPoint);
        Assert.True(packet.LowBattery);
    }

    [Fact]
    public void FrameCheck_FloatAbove127OrMissingStartByte_IsInvalid()
    {
        Assert.True(NoninFrameFramer.IsValid(DeviceBytes.NoninFrame(false, 0x81, 0x10, 0x20), false, requireSync: true));
        Assert.False(NoninFrameFramer.IsValid(DeviceBytes.NoninFrame(false, 0x81, 0x10, 0x80), false, requireSync: true));
        var noStart = DeviceBytes.NoninFrame(false, 0x81, 0x10, 0x20);
        noStart[0] = 0x02;
        noStart[4]++;
        Assert.False(NoninFrameFramer.IsValid(noStart, false, requireSync: true));
        Assert.False(NoninFrameFramer.IsValid(DeviceBytes.NoninFrame(false, 0x80, 0x10, 0x20), false, requireSync: true));
    }
}
