using Edge.Core;
using Edge.Drivers.Ble;

namespace Edge.Drivers.Tests.Ble.Profiles;

public sealed class TemperatureAndWeightParserTests
{
    private const string Device = "02:ED:6E:00:00:11";
    private static readonly DateTimeOffset At = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Temperature_NordicVector_Is37Point60CelsiusFingerWithTime()
    {
        // Nordic TemperatureMeasurementDataCallbackTest: 06 B00E00FE DC070C05 0B321B 04.
        var m = TemperatureMeasurementParser.Parse(Hex.Bytes("06 B00E00FE DC070C05 0B321B 04")).Value;

        Assert.True(m.Temperature.TryGetDecimal(out var t));
        Assert.Equal(37.60m, t);
        Assert.Equal((byte)4, m.TemperatureType);
        var obs = Assert.Single(TemperatureMeasurementParser.ToObservations(m, Device, At));
        Assert.Equal(VitalKind.BodyTemperature, obs.Kind);
        Assert.Equal(37.6, obs.Value);
        Assert.Equal(new DateTimeOffset(2012, 12, 5, 11, 50, 27, TimeSpan.Zero), obs.DeviceTime);
    }

    [Fact]
    public void Temperature_NordicVectorWithoutTypeByte_IsRejected()
    {
        // Same test class: the bytes without the final type byte must be rejected.
        var r = TemperatureMeasurementParser.Parse(Hex.Bytes("06 B00E00FE DC070C05 0B321B"));

        Assert.Contains("Temperature Type (flags bit 2 says present) needs 1 byte at offset 12 but 0 bytes remain", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Temperature_Fahrenheit_IsNormalisedToCelsius()
    {
        // 98.6 °F = 986e-1 -> FLOAT 0xFF0003DA.
        var m = TemperatureMeasurementParser.Parse(Hex.Bytes("01 DA0300FF")).Value;

        Assert.Equal(37.0, Assert.Single(TemperatureMeasurementParser.ToObservations(m, Device, At)).Value, 9);
    }

    [Theory]
    [InlineData("00 FFFF7F00")]
    [InlineData("00 00008000")]
    [InlineData("00 FEFF7F00")]
    public void Temperature_SpecialValues_ProduceNoObservation(string hex)
    {
        var m = TemperatureMeasurementParser.Parse(Hex.Bytes(hex)).Value;

        Assert.Empty(TemperatureMeasurementParser.ToObservations(m, Device, At));
    }

    [Theory]
    [InlineData("04 B00E00FE 00", "reserved value")]
    [InlineData("04 B00E00FE 0A", "reserved value")]
    [InlineData("00 B00E00", "Temperature (always present) needs 4 bytes")]
    [InlineData("00 B00E00FE 04", "1 byte remain")]
    public void Temperature_BadPackets_AreRejected(string hex, string reason)
    {
        Assert.Contains(reason, TemperatureMeasurementParser.Parse(Hex.Bytes(hex)).Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Weight_BluetoothSigPythonVectors_Parse()
    {
        // RonanB96/bluetooth-sig-python tests/gatt/characteristics/test_weight_measurement.py.
        Assert.Equal(70.0m, WeightMeasurementParser.ToKilograms(WeightMeasurementParser.Parse(Hex.Bytes("00 B036")).Value));
        Assert.Equal(157m * 0.45359237m, WeightMeasurementParser.ToKilograms(WeightMeasurementParser.Parse(Hex.Bytes("01 543D")).Value));

        var full = WeightMeasurementParser.Parse(Hex.Bytes("0F 543D E7070C190E1E2D 03 F500 A802")).Value;
        Assert.True(full.IsImperial);
        Assert.Equal(new DateTimeOffset(2023, 12, 25, 14, 30, 45, TimeSpan.Zero), full.TimeStamp!.Value.ToDeviceTime());
        Assert.Equal(((byte)3, (ushort)245, (ushort)680), (full.UserId!.Value, full.RawBmi!.Value, full.RawHeight!.Value));
    }

    [Fact]
    public void Weight_SpeziKtVector_Is23Point2KgWithUnknownTime()
    {
        // StanfordSpezi/SpeziKt core/bluetooth/src/test/.../WeightDataConverterTest.kt: 06 2012 00000000000000 01.
        var m = WeightMeasurementParser.Parse(Hex.Bytes("06 2012 00000000000000 01")).Value;

        var obs = Assert.Single(WeightMeasurementParser.ToObservations(m, Device, At));
        Assert.Equal((VitalKind.BodyWeight, 23.2), (obs.Kind, obs.Value));
        Assert.Null(obs.DeviceTime);
        Assert.Equal((byte)1, m.UserId);
    }

    [Fact]
    public void Weight_Unsuccessful_ProducesNoObservation()
    {
        var m = WeightMeasurementParser.Parse(Hex.Bytes("00 FFFF")).Value;

        Assert.True(m.IsUnsuccessful);
        Assert.Empty(WeightMeasurementParser.ToObservations(m, Device, At));
    }

    [Theory]
    [InlineData("08 B036 F500", "Height (flags bit 3 says present) needs 2 bytes at offset 5 but 0 bytes remain")]
    [InlineData("04 B036", "User ID (flags bit 2 says present)")]
    [InlineData("00 B0", "Weight (always present) needs 2 bytes at offset 1 but 1 byte remain")]
    public void Weight_BadPackets_AreRejected(string hex, string reason)
    {
        Assert.Contains(reason, WeightMeasurementParser.Parse(Hex.Bytes(hex)).Error, StringComparison.Ordinal);
    }
}
