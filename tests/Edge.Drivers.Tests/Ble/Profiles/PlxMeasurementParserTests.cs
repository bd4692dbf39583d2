using Edge.Core;
using Edge.Drivers.Ble;

namespace Edge.Drivers.Tests.Ble.Profiles;

public sealed class PlxMeasurementParserTests
{
    private const string Oximeter = "02:ED:6E:00:00:12";
    private static readonly DateTimeOffset At = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void SpotCheck_NoninMixedExponents_Parses()
    {
        // reference/ble.md §1.1 note 3: a Nonin 3230 sends SpO2 as D4 F3 (980e-1) and PR as 63 00 (99e0).
        var m = PlxMeasurementParser.ParseSpotCheck(Hex.Bytes("00 D4F3 6300")).Value;

        var obs = PlxMeasurementParser.ToObservations(m, Oximeter, At);
        Assert.Equal([(VitalKind.SpO2, 98.0), (VitalKind.PulseRate, 99.0)], obs.Select(o => (o.Kind, o.Value)));
    }

    [Fact]
    public void SpotCheck_AllFields_ReadsTimestampStatusesPaiAndClockNotSet()
    {
        // Flags 0x1F: timestamp, status, D&S status, PAI, device clock not set (PLXS 1.0 §3.1.1.1).
        var m = PlxMeasurementParser.ParseSpotCheck(Hex.Bytes("1F D4F3 6300 E9070C190E1E2D 0002 200800 1CF0")).Value;

        Assert.True(m.DeviceClockNotSet);
        Assert.Equal(PlxMeasurementStatus.DataFromMeasurementStorage, m.MeasurementStatus);
        Assert.Equal(PlxDeviceSensorStatus.LowPerfusionDetected | PlxDeviceSensorStatus.SensorUnconnectedToUser, m.DeviceSensorStatus);
        var obs = PlxMeasurementParser.ToObservations(m, Oximeter, At);
        Assert.Equal(3, obs.Count);
        Assert.Equal((VitalKind.PerfusionIndex, 2.8), (obs[2].Kind, obs[2].Value));
        Assert.All(obs, o => Assert.Equal(QualityIssues.DeviceClockNotSet | QualityIssues.LowPerfusion | QualityIssues.SensorContactLost, o.Flags));
        Assert.All(obs, o => Assert.Null(o.DeviceTime)); // the clock is flagged not set: its time is not believed
    }

    [Fact]
    public void SpotCheck_NaNSpO2_YieldsPulseOnly()
    {
        var m = PlxMeasurementParser.ParseSpotCheck(Hex.Bytes("00 FF07 4800")).Value;

        Assert.Equal([VitalKind.PulseRate], PlxMeasurementParser.ToObservations(m, Oximeter, At).Select(o => o.Kind));
    }

    [Theory]
    [InlineData("0004")] // demonstration
    [InlineData("0008")] // testing
    [InlineData("0020")] // measurement unavailable
    public void SpotCheck_DemoTestOrUnavailableData_IsNotPatientData(string statusHex)
    {
        var m = PlxMeasurementParser.ParseSpotCheck(Hex.Bytes("02 D4F3 6300 " + statusHex)).Value;

        Assert.Empty(PlxMeasurementParser.ToObservations(m, Oximeter, At));
    }

    [Fact]
    public void Continuous_AllOptionalFields_ParseInOrder()
    {
        var m = PlxMeasurementParser.ParseContinuous(Hex.Bytes("1F D4F3 6300 CAF3 6400 D8F3 6200 2000 020000 0A00")).Value;

        Assert.False(m.IsSpotCheck);
        Assert.True(m.Fast!.Value.SpO2.TryGetDecimal(out var fast));
        Assert.Equal(97.0m, fast);
        Assert.True(m.Slow!.Value.SpO2.TryGetDecimal(out var slow));
        Assert.Equal(98.4m, slow);
        Assert.Equal(PlxMeasurementStatus.MeasurementOngoing, m.MeasurementStatus);
        Assert.Equal(QualityIssues.Searching | QualityIssues.SensorFault, PlxMeasurementParser.QualityOf(m));
    }

    [Theory]
    [InlineData("01 D4F3 6300 CAF3", "SpO2PR-Fast PR (flags bit 0 says present) needs 2 bytes at offset 7 but 0 bytes remain")]
    [InlineData("08 D4F3 6300 0200", "Device and Sensor Status (flags bit 3 says present) needs 3 bytes")]
    [InlineData("00 D4F3", "SpO2PR-Normal PR (always present)")]
    [InlineData("00 D4F3 6300 00", "1 byte remain")]
    public void Continuous_BadPackets_AreRejected(string hex, string reason)
    {
        Assert.Contains(reason, PlxMeasurementParser.ParseContinuous(Hex.Bytes(hex)).Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("01 D4F3 6300 E907", "Timestamp (flags bit 0 says present) needs 7 bytes")]
    [InlineData("08 D4F3 6300", "Pulse Amplitude Index (flags bit 3 says present)")]
    public void SpotCheck_BadPackets_AreRejected(string hex, string reason)
    {
        Assert.Contains(reason, PlxMeasurementParser.ParseSpotCheck(Hex.Bytes(hex)).Error, StringComparison.Ordinal);
    }

    [Fact]
    public void BothParsers_EveryFlagCombination_HaveExactLength()
    {
        for (var flags = 0; flags < 256; flags++)
        {
            var spot = 5 + ((flags & 1) != 0 ? 7 : 0) + ((flags & 2) != 0 ? 2 : 0) + ((flags & 4) != 0 ? 3 : 0) + ((flags & 8) != 0 ? 2 : 0);
            var cont = 5 + ((flags & 1) != 0 ? 4 : 0) + ((flags & 2) != 0 ? 4 : 0) + ((flags & 4) != 0 ? 2 : 0) + ((flags & 8) != 0 ? 3 : 0) + ((flags & 16) != 0 ? 2 : 0);
            var s = new byte[spot];
            var c = new byte[cont];
            s[0] = c[0] = (byte)flags;
            if ((flags & 1) != 0)
            {
                s[5] = 0xE9; // a valid year in the timestamp (zeros elsewhere = unknown date)
                s[6] = 0x07;
            }

            Assert.True(PlxMeasurementParser.ParseSpotCheck(s).IsSuccess, PlxMeasurementParser.ParseSpotCheck(s).Error);
            Assert.True(PlxMeasurementParser.ParseContinuous(c).IsSuccess);
            Assert.False(PlxMeasurementParser.ParseSpotCheck(s.AsSpan(0, spot - 1)).IsSuccess);
            Assert.False(PlxMeasurementParser.ParseContinuous([.. c, 0]).IsSuccess);
        }
    }
}
