using Edge.Core;
using Edge.Drivers.Serial;
using Edge.Drivers.Serial.Nonin;

namespace Edge.Drivers.Tests.Serial.Nonin;

/// <summary>DF8 and DF13 (9560 OEM spec 6470-000-01; mattjlewis NoninPulseOx serialisers; reference/serial.md §2.4-2.6).</summary>
public sealed class NoninDf8And13Tests
{
    private const string Port = "/dev/serial/by-id/usb-Test_Nonin-if00-port0";
    private static readonly byte[] Warm = DeviceBytes.Warmup(SerialProtocol.NoninDf8);
    private static readonly byte[] Trail = DeviceBytes.Trailer(SerialProtocol.NoninDf8);

    [Fact]
    public void Df8_RecordsInRandomChunks_YieldDisplayValuesWithNineBitHeartRate()
    {
        // HR = ((b0 & 3) << 7) | b1 (mattjlewis DataFormat8Serialiser; the drphrozen formula is wrong).
        var decoder = new NoninDf8Decoder(Port);

        var observations = DecoderHarness.Feed(decoder, DeviceBytes.Concat(Warm, DeviceBytes.NoninDf8(72, 98), DeviceBytes.NoninDf8(260, 91), Trail));

        Assert.Equal([98.0, 72.0, 91.0, 260.0], observations.Select(o => o.Value));
        Assert.All(observations, o => Assert.Equal(QualityIssues.None, o.Flags));
    }

    [Fact]
    public void Df8_SensorAlarmSet_HeldDisplayValueIsStaleNotLive()
    {
        // Byte 4 bit 3 SNSF; DF8 values are display-formatted, held for 10 s after finger removal (§2.4).
        var decoder = new NoninDf8Decoder(Port);

        var observations = DecoderHarness.Feed(decoder, DeviceBytes.Concat(Warm, DeviceBytes.NoninDf8(72, 98, byte4: 0x08), Trail));

        Assert.Equal(2, observations.Count);
        Assert.All(observations, o => Assert.Equal(QualityIssues.Stale | QualityIssues.SensorContactLost, o.Flags));
    }

    [Theory]
    [InlineData(0x10, QualityIssues.LowPerfusion)] // LPRF
    [InlineData(0x08, QualityIssues.LowPerfusion)] // MPRF
    [InlineData(0x04, QualityIssues.Artefact)] // ARTF
    [InlineData(0x20, QualityIssues.Artefact)] // OOT
    [InlineData(0x40, QualityIssues.SensorFault)] // SNSD (3150)
    public void Df8_Byte1StatusBits_MapToFlags(byte flags, QualityIssues expected)
    {
        var decoder = new NoninDf8Decoder(Port);

        var observations = DecoderHarness.Feed(decoder, DeviceBytes.Concat(Warm, DeviceBytes.NoninDf8(80, 95, flags), Trail));

        Assert.All(observations, o => Assert.Equal(expected, o.Flags));
    }

    [Fact]
    public void Df8_MissingCodesAndGarbage_YieldNothingFalse()
    {
        var decoder = new NoninDf8Decoder(Port);
        byte[] garbage = [0x00, 0x7F, 0x13, 0x85, 0x90, 0x01];

        var observations = DecoderHarness.Feed(decoder, DeviceBytes.Concat(garbage, Warm, DeviceBytes.NoninDf8(70, 99), Trail));

        Assert.Equal([99.0, 70.0], observations.Select(o => o.Value));
        Assert.True(decoder.BytesDiscarded >= 4);
    }

    [Fact]
    public void Df8_RecordsBeforeLockOrWithoutConfirmation_AreNotUsed()
    {
        // DF8 has no checksum: a record is used from the 3rd of an unbroken run, once 2 more followed it.
        var decoder = new NoninDf8Decoder(Port);
        var four = DeviceBytes.Repeat(DeviceBytes.NoninDf8(70, 97), 4);

        var observations = DecoderHarness.Feed(decoder, DeviceBytes.Concat(four, [0x00], four));

        Assert.Empty(observations);
        Assert.Equal(6, decoder.RecordsWithheld);
        Assert.Equal([97.0, 70.0], DecoderHarness.Feed(decoder, DeviceBytes.NoninDf8(71, 96)).Select(o => o.Value));
    }

    [Fact]
    public void Df8_OutOfRangeSpO2_IsRejectedAsNoise()
    {
        Assert.Null(NoninDf8Framer.Parse([0x80, 70, 110, 0]));
        Assert.Null(NoninDf8Framer.Parse([0x83, 0x50, 90, 0])); // HR 464: neither a rate nor 511
        Assert.NotNull(NoninDf8Framer.Parse([0x83, 0x7F, 127, 0])); // HR 511, SpO2 127: missing
    }

    [Fact]
    public void Df13_SpotCheck_YieldsValuesWithBcdDeviceTime()
    {
        var decoder = new NoninDf13Decoder(Port, TimeSpan.FromHours(1));

        var observations = DecoderHarness.Feed(decoder, DeviceBytes.NoninDf13(new DateTime(2024, 12, 31, 23, 59, 58), 88, 96));

        Assert.Equal([96.0, 88.0], observations.Select(o => o.Value));
        Assert.All(observations, o => Assert.Equal(new DateTimeOffset(2024, 12, 31, 23, 59, 58, TimeSpan.FromHours(1)), o.DeviceTime));
        Assert.All(observations, o => Assert.Equal(QualityIssues.None, o.Flags));
    }

    [Fact]
    public void Df13_ExpandedDataSection_HonoursLenAndSkipsNewFields()
    {
        // "This data section is expandable ... minimum length 14" (mattjlewis DataFormat13Serialiser).
        var decoder = new NoninDf13Decoder(Port);

        var observations = DecoderHarness.Feed(decoder, DeviceBytes.NoninDf13(new DateTime(2025, 1, 2, 3, 4, 5), 300, 90, extra: [0x11, 0x22, 0x33]));

        Assert.Equal([90.0, 300.0], observations.Select(o => o.Value));
    }

    [Fact]
    public void Df13_MemoryRecords_AreStaleAndNotRepeated_NoMeasurementYieldsNothing()
    {
        // MEM (status LSB bit 4): back-filled oldest first after a reconnect; NOMS (MSB bit 0): no measurement (§2.5).
        var decoder = new NoninDf13Decoder(Port);
        var t = new DateTime(2025, 2, 3, 4, 5, 6);
        var mem = DeviceBytes.NoninDf13(t, 70, 95, statusLsb: 0x10);

        var observations = DecoderHarness.Feed(decoder, DeviceBytes.Concat(mem, mem, DeviceBytes.NoninDf13(t.AddMinutes(1), 71, 96, statusMsb: 0x01)));

        Assert.Equal(2, observations.Count);
        Assert.All(observations, o => Assert.Equal(QualityIssues.Stale, o.Flags));
        Assert.Equal(1, decoder.DuplicateRecords);
        Assert.Equal(1, decoder.EmptyRecords);
    }

    [Fact]
    public void Df13_BadChecksumAndAckNakBytes_AreSkippedAndTheNextRecordFound()
    {
        var decoder = new NoninDf13Decoder(Port);
        var bad = DeviceBytes.NoninDf13(new DateTime(2025, 1, 1, 1, 1, 1), 60, 97);
        bad[^2] ^= 0xFF;

        var observations = DecoderHarness.Feed(decoder, DeviceBytes.Concat([0x06, 0x15], bad, DeviceBytes.NoninDf13(new DateTime(2025, 1, 1, 1, 1, 2), 61, 98)));

        Assert.Equal([98.0, 61.0], observations.Select(o => o.Value));
        Assert.Equal(1, decoder.FramesRejected);
    }

    [Fact]
    public void Df13_InvalidBcdClock_FlagsDeviceClockNotSet()
    {
        var decoder = new NoninDf13Decoder(Port);
        var frame = DeviceBytes.NoninDf13(new DateTime(2025, 1, 1, 1, 1, 1), 60, 97);
        frame[6 + 2] = 0x13; // month 13
        frame[^2] = (byte)(frame[^2] + 0x13 - 0x01);

        var observations = DecoderHarness.Feed(decoder, frame);

        Assert.Equal(2, observations.Count);
        Assert.All(observations, o => Assert.Null(o.DeviceTime));
        Assert.All(observations, o => Assert.Equal(QualityIssues.DeviceClockNotSet, o.Flags));
    }

    [Fact]
    public void Commands_MatchTheDocumentedBytes()
    {
        // 9560 spec: select format 02 70 02 02 ZZ 03; set time 02 72 06 YY MM DD hh mm ss 03 (the doc's example is
        // 12/31/2050 14:30:15 = 02 72 06 32 0C 1F 0E 1E 0F 03); get time 02 72 00 03.
        Assert.Equal(new byte[] { 0x02, 0x70, 0x02, 0x02, 0x0D, 0x03 }, NoninCommands.SelectFormat(SerialProtocol.NoninDf13));
        Assert.Equal(new byte[] { 0x02, 0x70, 0x02, 0x02, 0x07, 0x03 }, NoninCommands.SelectFormat(SerialProtocol.NoninDf7));
        Assert.Equal(
            new byte[] { 0x02, 0x72, 0x06, 0x32, 0x0C, 0x1F, 0x0E, 0x1E, 0x0F, 0x03 },
            NoninCommands.SetTime(new DateTime(2050, 12, 31, 14, 30, 15)));
        Assert.Equal(new byte[] { 0x02, 0x72, 0x00, 0x03 }, NoninCommands.GetTime());
        Assert.Throws<ArgumentOutOfRangeException>(() => NoninCommands.SelectFormat(SerialProtocol.Masimo));
    }
}
