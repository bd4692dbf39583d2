using System.Text;
using Edge.Core;
using Edge.Drivers.Serial.Masimo;

namespace Edge.Drivers.Tests.Serial.Masimo;

public sealed class MasimoLineParserTests
{
    private const string Port = "/dev/serial/by-id/usb-Test_Masimo-if00-port0";
    private static readonly DateTimeOffset At = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    // Example lines quoted in /work/shared/reference/serial.md §1.3.
    // Radical-7, from MD PnP poxrad_discrete.h (2012); ends CR LF as in the source.
    private const string Radical7MdPnp =
        "12/01/05 11:56:29 SN=0123456789 SPO2=098% BPM=240 PI=20.00% SPCO=01.0% SPMET=00.5% DESAT=01 PIDELTA=-02 " +
        "PVI=027 ALARM=0000 EXC=000820\r\n";

    // Rad-8 capture from github:yahnatan/pulseox README.md.
    private const string Rad8Yahnatan =
        "02/22/16 22:47:45 SN=0000056661 SPO2=098% BPM=097 PI=03.60% SPCO=--.-% SPMET=--.-% DESAT=-- PIDELTA=+-- " +
        "ALARM=0000 EXC=000800";

    // Radical-5, from MD PnP: no SN, 2-digit ALARM, 3-digit EXC.
    private const string Radical5MdPnp = "09/15/10 15:10:29 SPO2=097% BPM=064 PI=11.82% ALARM=20 EXC=800";

    // Radical-7 "color", quoted in github:remkolems/masimo-datacapture. The source elides the date/time ("…");
    // the stamp here is ours.
    private const string Radical7Color =
        "03/04/19 08:15:00 SN=---------- SPO2=098% BPM=123 PI=00.55 SPCO=--% SPMET=--.-% SPHB=--.- SPOC=-- " +
        "RESVD=--- DESAT=-- PIDELTA=+-- PVI=--- ALARM=000000 EXC=0000C00 EXC1=00000000";

    // TrendCom download format, Rad-8 manual p.4-24: a different format (000 = missing) that must not parse as live.
    private const string TrendCom = "09/21/08 09:56:10 SpO2=000 PR=000 PI=00.00 EXC=828:Search,OffPat,SET";

    private static MasimoReading ParseOk(string line, TimeSpan offset = default)
    {
        var result = MasimoLineParser.Parse(Encoding.ASCII.GetBytes(line), offset);
        Assert.True(result.IsSuccess, result.Error);
        return result.Value;
    }

    private static string ParseError(string line) => ParseError(Encoding.Latin1.GetBytes(line));

    private static string ParseError(byte[] line)
    {
        var result = MasimoLineParser.Parse(line);
        Assert.False(result.IsSuccess);
        return result.Error;
    }

    [Fact]
    public void Parse_Radical7ExampleFromMdPnp_ReadsEveryField()
    {
        var r = ParseOk(Radical7MdPnp);

        Assert.Equal(new DateTimeOffset(2005, 12, 1, 11, 56, 29, TimeSpan.Zero), r.DeviceTime);
        Assert.True(r.HasSerialNumber);
        Assert.Equal(98, r.SpO2);
        Assert.Equal(240, r.PulseRate);
        Assert.Equal(20.0, r.PerfusionIndex);
        Assert.Equal(1.0, r.SpCo);
        Assert.Equal(0.5, r.SpMet);
        Assert.Equal(1, r.DesatIndex);
        Assert.Equal(-2, r.PiDelta);
        Assert.Equal(27, r.Pvi);
        Assert.Equal(MasimoAlarms.None, r.Alarms);
        Assert.Equal(MasimoExceptions.SensorOff | MasimoExceptions.MasimoSet, r.Exceptions);
        Assert.Null(r.Exc1);
    }

    [Fact]
    public void Parse_Rad8CaptureWithDashes_TreatsDashesAsMissing()
    {
        var r = ParseOk(Rad8Yahnatan);

        Assert.Equal(new DateTimeOffset(2016, 2, 22, 22, 47, 45, TimeSpan.Zero), r.DeviceTime);
        Assert.Equal(98, r.SpO2);
        Assert.Equal(97, r.PulseRate);
        Assert.Equal(3.6, r.PerfusionIndex);
        Assert.Null(r.SpCo);
        Assert.Null(r.SpMet);
        Assert.Null(r.DesatIndex);
        Assert.Null(r.PiDelta);
        Assert.Null(r.Pvi);
        Assert.Equal(MasimoExceptions.MasimoSet, r.Exceptions);
    }

    [Fact]
    public void Parse_Radical5Line_ParsesWithoutSerialAndWithShortBitFields()
    {
        var r = ParseOk(Radical5MdPnp);

        Assert.False(r.HasSerialNumber);
        Assert.Equal(97, r.SpO2);
        Assert.Equal(64, r.PulseRate);
        Assert.Equal(11.82, r.PerfusionIndex);
        Assert.Equal(MasimoAlarms.AlarmSilenced, r.Alarms);
        Assert.Equal(MasimoExceptions.MasimoSet, r.Exceptions);
    }

    [Fact]
    public void Parse_Radical7ColorLine_AcceptsPiWithoutPercentExtraFieldsAndExc1()
    {
        var r = ParseOk(Radical7Color);

        Assert.False(r.HasSerialNumber);
        Assert.Equal(98, r.SpO2);
        Assert.Equal(123, r.PulseRate);
        Assert.Equal(0.55, r.PerfusionIndex);
        Assert.Null(r.SpCo);
        Assert.Null(r.Pvi);
        Assert.Equal(MasimoAlarms.None, r.Alarms);
        Assert.Equal(MasimoExceptions.LowSignalIq | MasimoExceptions.MasimoSet, r.Exceptions);
        Assert.Equal("00000000", r.Exc1);
    }

    [Fact]
    public void Parse_TrendComDownloadLine_IsRejected()
    {
        Assert.Equal("EXC has 21 characters; expected 3 to 7 hex digits", ParseError(TrendCom));
    }

    [Fact]
    public void Parse_FieldsInAnyOrder_AreReadByKey()
    {
        var r = ParseOk("02/22/16 22:47:45 EXC=000800 PI=03.60% BPM=097 SPO2=098%");

        Assert.Equal(98, r.SpO2);
        Assert.Equal(97, r.PulseRate);
        Assert.Equal(3.6, r.PerfusionIndex);
    }

    [Fact]
    public void Parse_UnknownKeysAndExtraSpaces_AreIgnored()
    {
        var r = ParseOk("02/22/16 22:47:45  SPO2=095%   NEWKEY=?? BPM=070 ");

        Assert.Equal(95, r.SpO2);
        Assert.Equal(70, r.PulseRate);
    }

    [Theory]
    [InlineData("BPM=---%")] // one capture shows a '%' on a dashed BPM (serial.md §1.3 table)
    [InlineData("BPM=---")]
    public void Parse_DashedPulseRate_IsMissing(string field)
    {
        Assert.Null(ParseOk($"02/22/16 22:47:45 SPO2=097% {field}").PulseRate);
    }

    [Fact]
    public void Parse_PositivePiDelta_KeepsSign()
    {
        Assert.Equal(5, ParseOk("02/22/16 22:47:45 PIDELTA=+05").PiDelta);
    }

    [Fact]
    public void Parse_DashedBitFields_AreMissing()
    {
        var r = ParseOk("02/22/16 22:47:45 ALARM=---- EXC=------");

        Assert.Null(r.Alarms);
        Assert.Null(r.Exceptions);
    }

    [Fact]
    public void Parse_LongestBitFields_AreAccepted()
    {
        var r = ParseOk("02/22/16 22:47:45 ALARM=002010 EXC=0040020");

        Assert.Equal(MasimoAlarms.PiRateOfChange | MasimoAlarms.AlarmActive, r.Alarms);
        Assert.Equal(MasimoExceptions.SensorLifeExpired | MasimoExceptions.SensorOff, r.Exceptions);
    }

    [Fact]
    public void Parse_DeviceUtcOffset_BuildsDeviceTimeWithThatOffset()
    {
        var offset = TimeSpan.FromHours(-5);

        var r = ParseOk(Rad8Yahnatan, offset);

        Assert.Equal(new DateTimeOffset(2016, 2, 22, 22, 47, 45, offset), r.DeviceTime);
        Assert.Equal(new DateTimeOffset(2016, 2, 23, 3, 47, 45, TimeSpan.Zero), r.DeviceTime.ToUniversalTime());
    }

    [Theory]
    [InlineData(15)]
    [InlineData(14 * 60 + 1)]
    public void Parse_InvalidUtcOffset_Throws(int offsetSecondsOrMinutes)
    {
        var offset = offsetSecondsOrMinutes == 15
            ? TimeSpan.FromSeconds(15)
            : TimeSpan.FromMinutes(offsetSecondsOrMinutes);

        Assert.Throws<ArgumentOutOfRangeException>(() => MasimoLineParser.Parse("x"u8, offset));
    }

    [Fact]
    public void Parse_LeapDay_IsAccepted()
    {
        Assert.Equal(29, ParseOk("02/29/24 00:00:00 SPO2=097%").DeviceTime.Day);
    }

    [Theory]
    [InlineData("", "line is empty")]
    [InlineData("\r\n", "line is empty")]
    [InlineData("02/22/16 22:47", "line is 14 bytes; expected at least 17 for MM/DD/YY HH:MM:SS")]
    [InlineData("2/22/16 22:47:45 SPO2=098%", "date/time: expected a digit at column 2 (MM/DD/YY HH:MM:SS)")]
    [InlineData("02-22-16 22:47:45 SPO2=098%", "date/time: expected '/' at column 3 (MM/DD/YY HH:MM:SS)")]
    [InlineData("02/22/16T22:47:45 SPO2=098%", "date/time: expected ' ' at column 9 (MM/DD/YY HH:MM:SS)")]
    [InlineData("02/22/16 22.47:45 SPO2=098%", "date/time: expected ':' at column 12 (MM/DD/YY HH:MM:SS)")]
    [InlineData("SPO2=098% BPM=097 PI=03.60% ALARM=0000 EXC=000800", "date/time: expected a digit at column 1 (MM/DD/YY HH:MM:SS)")]
    [InlineData("13/22/16 22:47:45 SPO2=098%", "date/time: month out of range")]
    [InlineData("00/22/16 22:47:45 SPO2=098%", "date/time: month out of range")]
    [InlineData("02/30/16 22:47:45 SPO2=098%", "date/time: day out of range for the month")]
    [InlineData("02/29/23 22:47:45 SPO2=098%", "date/time: day out of range for the month")]
    [InlineData("02/00/16 22:47:45 SPO2=098%", "date/time: day out of range for the month")]
    [InlineData("02/22/16 24:00:00 SPO2=098%", "date/time: hour out of range")]
    [InlineData("02/22/16 22:60:45 SPO2=098%", "date/time: minute out of range")]
    [InlineData("02/22/16 22:47:60 SPO2=098%", "date/time: second out of range")]
    [InlineData("02/22/16 22:47:45SPO2=098%", "expected a space after the date/time at column 18")]
    public void Parse_WithoutValidDateTime_FailsWithReason(string line, string expected)
    {
        Assert.Equal(expected, ParseError(line));
    }

    [Theory]
    [InlineData("02/22/16 22:47:45")]
    [InlineData("02/22/16 22:47:45   ")]
    [InlineData("02/22/16 22:47:45 SpO2=098% PR=070")]
    public void Parse_WithoutAnyKnownKey_Fails(string line)
    {
        Assert.Equal(
            "no known key (SN, SPO2, BPM, PI, SPCO, SPMET, DESAT, PIDELTA, PVI, ALARM, EXC, EXC1) after the date/time",
            ParseError(line));
    }

    [Theory]
    [InlineData("02/22/16 22:47:45 SPO2=098% garbage", "token at column 29 has no '=' separator")]
    [InlineData("02/22/16 22:47:45 =098%", "token at column 19 has an empty key")]
    [InlineData("02/22/16 22:47:45 SPO2=098% SPO2=097%", "key SPO2 appears more than once")]
    [InlineData("02/22/16 22:47:45 SPO2=9x8%", "SPO2 is not digits, '%' or dashes")]
    [InlineData("02/22/16 22:47:45 SPO2=101%", "SPO2 is above 100%")]
    [InlineData("02/22/16 22:47:45 SPO2=", "SPO2 is empty")]
    [InlineData("02/22/16 22:47:45 SPO2=%", "SPO2 is empty")]
    [InlineData("02/22/16 22:47:45 SPO2=98.5%", "SPO2 is not digits, '%' or dashes")]
    [InlineData("02/22/16 22:47:45 BPM=-70", "BPM has a sign but is unsigned")]
    [InlineData("02/22/16 22:47:45 BPM=1234567", "BPM has more than 6 digits")]
    [InlineData("02/22/16 22:47:45 PI=1.2.3%", "PI is not a decimal number, '%' or dashes")]
    [InlineData("02/22/16 22:47:45 PI=.55", "PI is not a decimal number, '%' or dashes")]
    [InlineData("02/22/16 22:47:45 PI=3.", "PI is not a decimal number, '%' or dashes")]
    [InlineData("02/22/16 22:47:45 SPCO=101.0%", "SPCO is above 100%")]
    [InlineData("02/22/16 22:47:45 ALARM=1", "ALARM has 1 characters; expected 2 to 6 hex digits")]
    [InlineData("02/22/16 22:47:45 ALARM=0000000", "ALARM has 7 characters; expected 2 to 6 hex digits")]
    [InlineData("02/22/16 22:47:45 EXC=80", "EXC has 2 characters; expected 3 to 7 hex digits")]
    [InlineData("02/22/16 22:47:45 EXC=00000800", "EXC has 8 characters; expected 3 to 7 hex digits")]
    [InlineData("02/22/16 22:47:45 EXC=00G", "EXC is not hexadecimal")]
    public void Parse_MalformedToken_FailsNamingTheKey(string line, string expected)
    {
        Assert.Equal(expected, ParseError(line));
    }

    [Fact]
    public void Parse_NonAsciiByte_FailsNamingColumn()
    {
        var line = Encoding.ASCII.GetBytes(Rad8Yahnatan);
        line[20] = 0xC3;

        Assert.Equal("byte at column 21 is not printable ASCII", ParseError(line));
    }

    [Fact]
    public void Parse_ControlByteInsideLine_Fails()
    {
        Assert.Equal("byte at column 18 is not printable ASCII", ParseError("02/22/16 22:47:45\tSPO2=098%"));
    }

    [Fact]
    public void Parse_SerialNumber_NeverAppearsInReadingOrError()
    {
        const string serial = "0000056661";
        var ok = ParseOk(Rad8Yahnatan);
        var bad = ParseError(Rad8Yahnatan.Replace("SPO2=098%", "SPO2=0x8%", StringComparison.Ordinal));

        Assert.DoesNotContain(serial, ok.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(serial, bad, StringComparison.Ordinal);
        Assert.All(
            typeof(MasimoReading).GetProperties().Where(p => p.PropertyType == typeof(string)),
            p => Assert.NotEqual(serial, (string?)p.GetValue(ok)));
    }

    [Fact]
    public void Parse_Errors_DoNotEchoValues()
    {
        Assert.DoesNotContain("173", ParseError("02/22/16 22:47:45 SPO2=173%"), StringComparison.Ordinal);
        Assert.DoesNotContain("22:47", ParseError("02/22/16 22:47:45 BPM=-70"), StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_OfReading_CarriesNoValues()
    {
        var text = ParseOk(Radical7MdPnp).ToString();

        Assert.DoesNotContain("240", text, StringComparison.Ordinal);
        Assert.DoesNotContain("98", text, StringComparison.Ordinal);
        Assert.Contains("spo2=present", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(MasimoExceptions.None, QualityIssues.None)]
    [InlineData(MasimoExceptions.MasimoSet, QualityIssues.None)]
    [InlineData(MasimoExceptions.NoSensor, QualityIssues.SensorFault)]
    [InlineData(MasimoExceptions.DefectiveSensor, QualityIssues.SensorFault)]
    [InlineData(MasimoExceptions.UnrecognizedSensor, QualityIssues.SensorFault)]
    [InlineData(MasimoExceptions.IncompatibleSensor, QualityIssues.SensorFault)]
    [InlineData(MasimoExceptions.NoCableConnected, QualityIssues.SensorFault)]
    [InlineData(MasimoExceptions.CableLifeExpired, QualityIssues.SensorFault)]
    [InlineData(MasimoExceptions.IncompatibleCable, QualityIssues.SensorFault)]
    [InlineData(MasimoExceptions.UnrecognizedCable, QualityIssues.SensorFault)]
    [InlineData(MasimoExceptions.DefectiveCable, QualityIssues.SensorFault)]
    [InlineData(MasimoExceptions.SensorLifeExpired, QualityIssues.SensorFault)]
    [InlineData(MasimoExceptions.EmitterTemperatureOutOfRange, QualityIssues.SensorFault)]
    [InlineData(MasimoExceptions.SensorCurrentLimitExceeded, QualityIssues.SensorFault)]
    [InlineData(MasimoExceptions.SensorOff, QualityIssues.SensorContactLost)]
    [InlineData(MasimoExceptions.LowPerfusion, QualityIssues.LowPerfusion)]
    [InlineData(MasimoExceptions.LowSignalIq, QualityIssues.LowPerfusion)]
    [InlineData(MasimoExceptions.Interference, QualityIssues.Artefact)]
    [InlineData(MasimoExceptions.AmbientLight, QualityIssues.Artefact)]
    [InlineData(MasimoExceptions.PulseSearch, QualityIssues.Searching)]
    [InlineData(MasimoExceptions.SensorCalibrating, QualityIssues.Searching)]
    [InlineData(MasimoExceptions.SpCoLowConfidence, QualityIssues.None)]
    [InlineData(MasimoExceptions.SpMetLowConfidence, QualityIssues.None)]
    [InlineData(MasimoExceptions.Reserved0200 | MasimoExceptions.Reserved800000, QualityIssues.None)]
    [InlineData(
        MasimoExceptions.PulseSearch | MasimoExceptions.SensorOff | MasimoExceptions.MasimoSet,
        QualityIssues.Searching | QualityIssues.SensorContactLost)]
    public void ToQualityIssues_ExceptionBit_MapsToFlag(MasimoExceptions exc, QualityIssues expected)
    {
        Assert.Equal(expected, MasimoLineParser.ToQualityIssues(exc, MasimoAlarms.None));
    }

    [Theory]
    [InlineData(MasimoAlarms.AlarmActive, QualityIssues.DeviceAlarm)]
    [InlineData(MasimoAlarms.AlarmActive | MasimoAlarms.PulseRateLow, QualityIssues.DeviceAlarm)]
    [InlineData(MasimoAlarms.SpO2Low, QualityIssues.None)]
    [InlineData(MasimoAlarms.AlarmSilenced, QualityIssues.None)]
    public void ToQualityIssues_OnlyAlarmActiveBit_RaisesDeviceAlarm(MasimoAlarms alarms, QualityIssues expected)
    {
        Assert.Equal(expected, MasimoLineParser.ToQualityIssues(MasimoExceptions.MasimoSet, alarms));
    }

    [Fact]
    public void ToObservations_Rad8Line_EmitsSpO2PulseRateAndPiWithDeviceTime()
    {
        var reading = ParseOk(Rad8Yahnatan);

        var obs = MasimoLineParser.ToObservations(reading, Port, At);

        Assert.Equal<VitalKind>([VitalKind.SpO2, VitalKind.PulseRate, VitalKind.PerfusionIndex], obs.Select(o => o.Kind));
        Assert.Equal<double>([98, 97, 3.6], obs.Select(o => o.Value));
        Assert.Equal<string>(["%", "/min", "%"], obs.Select(o => VitalCatalog.Get(o.Kind).Ucum));
        Assert.All(obs, o =>
        {
            Assert.Equal(Port, o.Source);
            Assert.Equal(At, o.ReceivedAt);
            Assert.Equal(reading.DeviceTime, o.DeviceTime);
            Assert.Equal(QualityIssues.None, o.Flags);
        });
    }

    [Fact]
    public void ToObservations_SensorOffBitInRadical7Example_FlagsEveryObservation()
    {
        var obs = MasimoLineParser.ToObservations(ParseOk(Radical7MdPnp), Port, At);

        Assert.Equal(3, obs.Count);
        Assert.All(obs, o => Assert.Equal(QualityIssues.SensorContactLost, o.Flags));
    }

    [Fact]
    public void ToObservations_AlarmActive_FlagsDeviceAlarm()
    {
        var obs = MasimoLineParser.ToObservations(
            ParseOk("02/22/16 22:47:45 SPO2=087% BPM=131 PI=01.20% ALARM=000012 EXC=000800"), Port, At);

        Assert.All(obs, o => Assert.Equal(QualityIssues.DeviceAlarm, o.Flags));
    }

    [Fact]
    public void ToObservations_ProbeOffLineWithPi_EmitsOnlyFlaggedPi()
    {
        var obs = MasimoLineParser.ToObservations(
            ParseOk("02/22/16 22:47:45 SN=0000056661 SPO2=---% BPM=--- PI=00.00% ALARM=0000 EXC=000820"), Port, At);

        var pi = Assert.Single(obs);
        Assert.Equal(VitalKind.PerfusionIndex, pi.Kind);
        Assert.Equal(QualityIssues.SensorContactLost, pi.Flags);
    }

    [Fact]
    public void ToObservations_ProbeOffLineAllDashed_EmitsNothing()
    {
        var obs = MasimoLineParser.ToObservations(
            ParseOk("02/22/16 22:47:45 SPO2=---% BPM=--- PI=--.--% ALARM=0000 EXC=000020"), Port, At);

        Assert.Empty(obs);
    }
}
