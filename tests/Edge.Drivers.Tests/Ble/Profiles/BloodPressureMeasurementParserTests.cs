using Edge.Core;
using Edge.Drivers.Ble;

namespace Edge.Drivers.Tests.Ble.Profiles;

public sealed class BloodPressureMeasurementParserTests
{
    private const string Cuff = "02:ED:6E:00:00:10";
    private static readonly DateTimeOffset At = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Parse_NordicFullVector_ReadsEveryField()
    {
        // Nordic BloodPressureMeasurementDataCallbackTest.onBloodPressureMeasurementReceived_full.
        var r = BloodPressureMeasurementParser.Parse(Hex.Bytes("1E 8A00 5800 7800 0000 04 11 14 29 3B 3C00 01 2700"));

        Assert.True(r.IsSuccess, r.Error);
        var m = r.Value;
        Assert.False(m.IsKilopascal);
        Assert.Equal(138.0, BloodPressureMeasurementParser.ToMillimetresOfMercury(m.Systolic, false));
        Assert.Equal(88.0, BloodPressureMeasurementParser.ToMillimetresOfMercury(m.Diastolic, false));
        Assert.Equal(120.0, BloodPressureMeasurementParser.ToMillimetresOfMercury(m.MeanArterial, false));
        Assert.Equal(new BleDateTime(0, 4, 17, 20, 41, 59), m.TimeStamp);
        Assert.Equal(60.0, m.PulseRate!.Value.ToDouble());
        Assert.Equal((byte)1, m.UserId);
        Assert.Equal(BloodPressureStatus.BodyMovement | BloodPressureStatus.CuffTooLoose | BloodPressureStatus.IrregularPulse | BloodPressureStatus.ImproperPosition, m.Status);
    }

    [Fact]
    public void Parse_NordicKilopascalVector_NormalisesToMillimetresOfMercury()
    {
        // Nordic BloodPressureMeasurementDataCallbackTest (kPa case): 18.9/11.0/15.9 kPa, pulse 60, status 0x12.
        var m = BloodPressureMeasurementParser.Parse(Hex.Bytes("15 BDF0 0B00 9FF0 3C00 1200")).Value;

        Assert.True(m.IsKilopascal);
        Assert.True(m.Systolic.TryGetDecimal(out var sys));
        Assert.Equal(18.9m, sys);
        Assert.Equal(BloodPressureStatus.CuffTooLoose | BloodPressureStatus.PulseRateBelowLowerLimit, m.Status);

        var obs = BloodPressureMeasurementParser.ToObservations(m, Cuff, At);
        Assert.Equal([VitalKind.SystolicBloodPressure, VitalKind.DiastolicBloodPressure, VitalKind.MeanArterialPressure, VitalKind.PulseRate], obs.Select(o => o.Kind));
        Assert.Equal(141.7616581, obs[0].Value, 6);
        Assert.Equal(82.5067851, obs[1].Value, 6);
        Assert.All(obs, o => Assert.Equal(QualityIssues.SensorFault | QualityIssues.DeviceAlarm, o.Flags));
        Assert.All(obs, o => Assert.Null(o.DeviceTime));
    }

    [Fact]
    public void Parse_MinimalPacket_HasNoOptionalFields()
    {
        var m = BloodPressureMeasurementParser.Parse(Hex.Bytes("00 7800 5000 5A00")).Value;

        Assert.Equal((null, null, null, null), (m.TimeStamp, m.PulseRate, m.UserId, m.Status));
        Assert.All(BloodPressureMeasurementParser.ToObservations(m, Cuff, At), o => Assert.Equal(QualityIssues.None, o.Flags));
    }

    [Fact]
    public void ToObservations_NaNMeanArterialPressure_IsSkippedNotZero()
    {
        var m = BloodPressureMeasurementParser.Parse(Hex.Bytes("00 7800 5000 FF07")).Value;

        var kinds = BloodPressureMeasurementParser.ToObservations(m, Cuff, At).Select(o => o.Kind);
        Assert.Equal([VitalKind.SystolicBloodPressure, VitalKind.DiastolicBloodPressure], kinds);
    }

    [Theory]
    [InlineData("", "Flags (always present) needs 1 byte at offset 0 but 0 bytes remain")]
    [InlineData("00 7800 5000", "Mean Arterial Pressure (always present) needs 2 bytes at offset 5 but 0 bytes remain")]
    [InlineData("02 7800 5000 5A00 E507 01", "Time Stamp (flags bit 1 says present) needs 7 bytes at offset 7 but 3 bytes remain")]
    [InlineData("04 7800 5000 5A00 3C", "Pulse Rate (flags bit 2 says present) needs 2 bytes")]
    [InlineData("08 7800 5000 5A00", "User ID (flags bit 3 says present)")]
    [InlineData("10 7800 5000 5A00 00", "Measurement Status (flags bit 4 says present)")]
    [InlineData("00 7800 5000 5A00 00", "1 byte remain after the last field")]
    [InlineData("10 7800 5000 5A00 1800", "reserved value 3")]
    public void Parse_BadPackets_AreRejectedWithPreciseReason(string hex, string reason)
    {
        var r = BloodPressureMeasurementParser.Parse(Hex.Bytes(hex));

        Assert.False(r.IsSuccess);
        Assert.Contains(reason, r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseIntermediateCuffPressure_NordicStyleZeroSlots_ParsesAndIsNamedInErrors()
    {
        // Nordic IntermediateCuffPressureDataCallbackTest puts 0x0000 in the unused slots; they are ignored.
        var ok = BloodPressureMeasurementParser.ParseIntermediateCuffPressure(Hex.Bytes("04 8A00 0000 0000 3C00"));
        var bad = BloodPressureMeasurementParser.ParseIntermediateCuffPressure(Hex.Bytes("04 8A00"));

        Assert.True(ok.IsSuccess, ok.Error);
        Assert.StartsWith("Intermediate Cuff Pressure:", bad.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseAndMap_EveryFlagCombination_HasExactLengthAndNeverThrows()
    {
        // All 32 combinations of the defined flag bits, plus the reserved bits 5-7 (ignored).
        for (var flags = 0; flags < 256; flags++)
        {
            var length = 7 + ((flags & 2) != 0 ? 7 : 0) + ((flags & 4) != 0 ? 2 : 0) + ((flags & 8) != 0 ? 1 : 0) + ((flags & 16) != 0 ? 2 : 0);
            var packet = new byte[length];
            packet[0] = (byte)flags;
            var r = BloodPressureMeasurementParser.Parse(packet);
            Assert.True(r.IsSuccess, r.Error);
            _ = BloodPressureMeasurementParser.ToObservations(r.Value, Cuff, At);
            Assert.False(BloodPressureMeasurementParser.Parse(packet.AsSpan(0, length - 1)).IsSuccess);
            Assert.False(BloodPressureMeasurementParser.Parse([.. packet, 0]).IsSuccess);
        }
    }
}
