using Edge.Core;
using Edge.Drivers.Ble;

namespace Edge.Drivers.Tests.Ble;

public sealed class HeartRateMeasurementParserTests
{
    private const string Strap = "02:ED:6E:00:00:07";
    private static readonly DateTimeOffset At = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static HeartRateMeasurement ParseOk(params byte[] packet)
    {
        var result = HeartRateMeasurementParser.Parse(packet);
        Assert.True(result.IsSuccess, result.Error);
        return result.Value;
    }

    private static string ParseError(params byte[] packet)
    {
        var result = HeartRateMeasurementParser.Parse(packet);
        Assert.False(result.IsSuccess);
        return result.Error;
    }

    [Fact]
    public void Parse_Uint8HeartRateOnly_ReturnsRateAndNothingElse()
    {
        var m = ParseOk(0x00, 72);

        Assert.Equal(72, m.HeartRate);
        Assert.False(m.IsUInt16Format);
        Assert.Equal(SensorContactStatus.NotSupported, m.SensorContact);
        Assert.Null(m.EnergyExpended);
        Assert.Empty(m.RrIntervals);
    }

    [Fact]
    public void Parse_Uint8HeartRateAbove127_IsReadUnsigned()
    {
        Assert.Equal(200, ParseOk(0x00, 200).HeartRate);
    }

    [Fact]
    public void Parse_Uint16HeartRate_ReadsLittleEndian()
    {
        // 0x0101 = 257: low byte first.
        var m = ParseOk(0x01, 0x01, 0x01);

        Assert.Equal(257, m.HeartRate);
        Assert.True(m.IsUInt16Format);
    }

    [Theory]
    [InlineData(0x00, SensorContactStatus.NotSupported)]
    [InlineData(0x02, SensorContactStatus.NotSupported)] // bit 1 without bit 2 means nothing
    [InlineData(0x04, SensorContactStatus.NotDetected)]
    [InlineData(0x06, SensorContactStatus.Detected)]
    public void Parse_ContactBits_MapToContactStatus(byte flags, SensorContactStatus expected)
    {
        Assert.Equal(expected, ParseOk(flags, 60).SensorContact);
    }

    [Fact]
    public void Parse_EnergyExpendedPresent_ReadsKilojoules()
    {
        // 0x0132 = 306 kJ.
        var m = ParseOk(0x08, 80, 0x32, 0x01);

        Assert.Equal(306, m.EnergyExpended);
        Assert.Empty(m.RrIntervals);
    }

    [Fact]
    public void Parse_RrFlagWithNoIntervals_ReturnsEmptyList()
    {
        var m = ParseOk(0x10, 80);

        Assert.Empty(m.RrIntervals);
    }

    [Fact]
    public void Parse_Uint8HeartRateWithOneRrInterval_ReturnsTheInterval()
    {
        // 0x0400 = 1024/1024 s = 1 s.
        var m = ParseOk(0x16, 60, 0x00, 0x04);

        Assert.Equal<ushort>([1024], m.RrIntervals);
        Assert.Equal(SensorContactStatus.Detected, m.SensorContact);
    }

    [Fact]
    public void Parse_Uint16HeartRateWithRrIntervals_ReturnsAllIntervals()
    {
        var m = ParseOk(0x11, 0x50, 0x00, 0x00, 0x03, 0x10, 0x03, 0x20, 0x03);

        Assert.Equal(80, m.HeartRate);
        Assert.Equal<ushort>([0x0300, 0x0310, 0x0320], m.RrIntervals);
    }

    [Fact]
    public void Parse_AllFieldsTogether_MatchesNordicVector()
    {
        // Nordic Android-BLE-Library HeartRateMeasurementDataCallback test vector, quoted in reference/ble.md §1.3:
        // 1F 01 01 32 01 01 00 02 01 FF FF -> HR 257, EE 306, RR [1, 258, 65535]; flags 0x1F also say contact
        // supported and detected.
        var m = ParseOk(0x1F, 0x01, 0x01, 0x32, 0x01, 0x01, 0x00, 0x02, 0x01, 0xFF, 0xFF);

        Assert.Equal(257, m.HeartRate);
        Assert.True(m.IsUInt16Format);
        Assert.Equal(SensorContactStatus.Detected, m.SensorContact);
        Assert.Equal(306, m.EnergyExpended);
        Assert.Equal<ushort>([1, 258, 65535], m.RrIntervals);
    }

    [Fact]
    public void Parse_SecondsVectorFromBluetoothSigPython_GivesTwoAndFourSeconds()
    {
        // bluetooth-sig-python vector quoted in reference/ble.md §1.3: 10 5A 00 08 00 10 -> RR 2.0 s and 4.0 s.
        var m = ParseOk(0x10, 0x5A, 0x00, 0x08, 0x00, 0x10);

        Assert.Equal(90, m.HeartRate);
        Assert.Equal<double>([2000.0, 4000.0], m.RrIntervals.Select(HeartRateMeasurementParser.RrToMilliseconds));
    }

    [Fact]
    public void Parse_ReservedFlagBitsSet_AreIgnored()
    {
        var m = ParseOk(0xE6, 70);

        Assert.Equal(70, m.HeartRate);
        Assert.Equal(SensorContactStatus.Detected, m.SensorContact);
        Assert.Null(m.EnergyExpended);
        Assert.Empty(m.RrIntervals);
    }

    [Fact]
    public void Parse_EmptyPacket_FailsWithReason()
    {
        Assert.Equal("packet is empty; expected at least 2 bytes (flags and an 8-bit heart rate)", ParseError());
    }

    [Fact]
    public void Parse_FlagsOnlyUint8_FailsAsTruncated()
    {
        Assert.Equal("flags say uint8 heart rate but the packet is 1 byte; expected at least 2", ParseError(0x00));
    }

    [Fact]
    public void Parse_Uint16FormatWithOneHeartRateByte_FailsAsTruncated()
    {
        Assert.Equal("flags say uint16 heart rate but the packet is 2 bytes; expected at least 3", ParseError(0x01, 60));
    }

    [Theory]
    [InlineData(new byte[] { 0x08, 60 }, "0 bytes remain")]
    [InlineData(new byte[] { 0x08, 60, 0x32 }, "1 byte remains")]
    [InlineData(new byte[] { 0x09, 60, 0x00, 0x32 }, "1 byte remains")]
    public void Parse_EnergyFlagWithTruncatedEnergy_FailsNamingRemainingBytes(byte[] packet, string remaining)
    {
        Assert.Equal(
            $"flags say energy expended present but {remaining} after the heart rate; expected 2",
            ParseError(packet));
    }

    [Fact]
    public void Parse_OddRrTail_FailsExpectingEvenCount()
    {
        Assert.Equal(
            "flags say RR intervals present but 3 bytes remain; expected an even count",
            ParseError(0x10, 60, 0x00, 0x04, 0x00));
    }

    [Fact]
    public void Parse_OddRrTailAfterEnergy_CountsOnlyBytesAfterEnergy()
    {
        Assert.Equal(
            "flags say RR intervals present but 1 byte remains; expected an even count",
            ParseError(0x18, 60, 0x10, 0x00, 0x04));
    }

    [Fact]
    public void Parse_TrailingBytesWithoutRrFlag_Fails()
    {
        Assert.Equal(
            "flags say no RR intervals but 2 bytes remain after the last field; expected none",
            ParseError(0x00, 60, 0x00, 0x04));
    }

    [Fact]
    public void Parse_Failure_HasNoValue()
    {
        var result = HeartRateMeasurementParser.Parse([]);

        Assert.Throws<InvalidOperationException>(() => result.Value);
        Assert.False(result.TryGetValue(out _));
    }

    [Theory]
    [InlineData((ushort)0, 0.0)]
    [InlineData((ushort)1, 0.9765625)]
    [InlineData((ushort)1024, 1000.0)]
    [InlineData((ushort)820, 800.78125)]
    [InlineData((ushort)65535, 63999.0234375)]
    public void RrToMilliseconds_ConvertsFrom1024ths(ushort raw, double expectedMs)
    {
        Assert.Equal(expectedMs, HeartRateMeasurementParser.RrToMilliseconds(raw));
    }

    [Fact]
    public void ToObservations_AllFields_EmitsHeartRateEnergyAndEachRrInOrder()
    {
        var m = ParseOk(0x1E, 75, 0x32, 0x01, 0x00, 0x03, 0x00, 0x04);

        var obs = HeartRateMeasurementParser.ToObservations(m, Strap, At);

        Assert.Equal<VitalKind>(
            [VitalKind.HeartRate, VitalKind.EnergyExpended, VitalKind.RrInterval, VitalKind.RrInterval],
            obs.Select(o => o.Kind));
        Assert.Equal<double>([75.0, 306.0, 750.0, 1000.0], obs.Select(o => o.Value));
        Assert.All(obs, o =>
        {
            Assert.Equal(Strap, o.Source);
            Assert.Equal(At, o.ReceivedAt);
            Assert.Null(o.DeviceTime);
            Assert.Equal(QualityIssues.None, o.Flags);
        });
    }

    [Fact]
    public void ToObservations_HeartRateOnly_EmitsOneObservation()
    {
        var obs = HeartRateMeasurementParser.ToObservations(ParseOk(0x06, 64), Strap, At);

        var single = Assert.Single(obs);
        Assert.Equal(VitalKind.HeartRate, single.Kind);
        Assert.Equal(64.0, single.Value);
    }

    [Fact]
    public void ToObservations_ContactSupportedNotDetected_FlagsHeartRateAndRrButNotEnergy()
    {
        var obs = HeartRateMeasurementParser.ToObservations(ParseOk(0x1C, 70, 0x10, 0x00, 0x00, 0x04), Strap, At);

        Assert.Equal(QualityIssues.SensorContactLost, obs.Single(o => o.Kind == VitalKind.HeartRate).Flags);
        Assert.Equal(QualityIssues.SensorContactLost, obs.Single(o => o.Kind == VitalKind.RrInterval).Flags);
        Assert.Equal(QualityIssues.None, obs.Single(o => o.Kind == VitalKind.EnergyExpended).Flags);
    }

    [Fact]
    public void ToObservations_ZeroBpmWithContactNotDetected_IsEmittedAndFlagged()
    {
        var obs = HeartRateMeasurementParser.ToObservations(ParseOk(0x04, 0), Strap, At);

        var hr = Assert.Single(obs);
        Assert.Equal(0.0, hr.Value);
        Assert.Equal(QualityIssues.SensorContactLost, hr.Flags);
    }

    [Theory]
    [InlineData(0x00)]
    [InlineData(0x02)]
    [InlineData(0x06)]
    public void ToObservations_ContactNotSupportedOrDetected_IsNotFlagged(byte flags)
    {
        var obs = HeartRateMeasurementParser.ToObservations(ParseOk(flags, 0), Strap, At);

        Assert.Equal(QualityIssues.None, Assert.Single(obs).Flags);
    }

    [Fact]
    public void ToObservations_UnitsMatchCatalogue()
    {
        var obs = HeartRateMeasurementParser.ToObservations(ParseOk(0x18, 70, 1, 0, 0, 4), Strap, At);

        Assert.Equal<string>(
            ["/min", "kJ", "ms"],
            obs.Select(o => VitalCatalog.Get(o.Kind).Ucum));
    }

    [Fact]
    public void ToObservations_BlankSource_Throws()
    {
        Assert.Throws<ArgumentException>(() => HeartRateMeasurementParser.ToObservations(ParseOk(0, 60), " ", At));
    }

    [Fact]
    public void ToString_OfMeasurement_CarriesNoValues()
    {
        var text = ParseOk(0x1F, 0xB7, 0x00, 0x39, 0x05, 0x99, 0x03).ToString();

        Assert.DoesNotContain("183", text, StringComparison.Ordinal);
        Assert.DoesNotContain("1337", text, StringComparison.Ordinal);
        Assert.Contains("rrCount=1", text, StringComparison.Ordinal);
    }
}
