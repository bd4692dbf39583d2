using Edge.Drivers.Ble;

namespace Edge.Drivers.Tests.Ble.Profiles;

public sealed class TimeCharacteristicTests
{
    [Fact]
    public void DateTime_NordicDateNotKnown_KeepsTimeAndHasNoDeviceTime()
    {
        // Nordic DateTimeDataCallbackTest.onDateTimeReceived_dateNotKnown: 00 00 00 00 12 1A 20 -> date unknown, 18:26:32.
        var r = BleDateTime.Parse(Hex.Bytes("00 00 00 00 12 1A 20"));

        Assert.True(r.IsSuccess, r.Error);
        Assert.False(r.Value.IsDateKnown);
        Assert.Equal((18, 26, 32), (r.Value.Hours, r.Value.Minutes, r.Value.Seconds));
        Assert.Null(r.Value.ToDeviceTime());
    }

    [Fact]
    public void DateTime_Known_IsWallClockWithZeroOffset()
    {
        var r = BleDateTime.Parse(Hex.Bytes("DC07 0C 05 0B 32 1B"));

        Assert.Equal(new DateTimeOffset(2012, 12, 5, 11, 50, 27, TimeSpan.Zero), r.Value.ToDeviceTime());
    }

    [Theory]
    [InlineData("DC07 0D 05 0B 32 1B", "month above 12")]
    [InlineData("DC07 0C 20 0B 32 1B", "day above 31")]
    [InlineData("DC07 0C 05 18 32 1B", "hours above 23")]
    [InlineData("DC07 0C 05 0B 3C 1B", "minutes above 59")]
    [InlineData("DC07 0C 05 0B 32 3C", "seconds above 59")]
    [InlineData("0100 0C 05 0B 32 1B", "year outside 1582-9999")]
    [InlineData("E507 02 1E 0B 32 1B", "day does not exist")]
    public void DateTime_ReservedValues_AreRejectedByName(string hex, string reason)
    {
        var r = BleDateTime.Parse(Hex.Bytes(hex));

        Assert.False(r.IsSuccess);
        Assert.Contains(reason, r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void DateTime_WrongLength_IsRejected()
    {
        Assert.Contains("expected 7", BleDateTime.Parse(Hex.Bytes("DC07 0C 05 0B 32")).Error, StringComparison.Ordinal);
    }

    [Fact]
    public void CurrentTime_BluetoothSigPythonVector_Parses()
    {
        // RonanB96/bluetooth-sig-python tests/gatt/characteristics/test_current_time.py: E9 07 01 0F 0E 1E 2D 03 21 01.
        var r = CurrentTime.Parse(Hex.Bytes("E9 07 01 0F 0E 1E 2D 03 21 01"));

        Assert.True(r.IsSuccess, r.Error);
        Assert.Equal(new DateTimeOffset(2025, 1, 15, 14, 30, 45, TimeSpan.Zero), r.Value.DateTime.ToDeviceTime());
        Assert.Equal((3, 0x21, (byte)1), (r.Value.DayOfWeek, r.Value.Fractions256, r.Value.AdjustReason));
        Assert.Equal(Hex.Bytes("E9 07 01 0F 0E 1E 2D 03 21 01"), r.Value.ToBytes());
    }

    [Theory]
    [InlineData("E9 07 01 0F 0E 1E 2D 08 21 01", "Day of Week is reserved")]
    [InlineData("E9 07 01 0F 0E 1E 2D 03 21", "Adjust Reason")]
    [InlineData("E9 07 01 0F 0E 1E 2D 03 21 01 00", "remain after the last field")]
    public void CurrentTime_BadPackets_AreRejectedWithReason(string hex, string reason)
    {
        Assert.Contains(reason, CurrentTime.Parse(Hex.Bytes(hex)).Error, StringComparison.Ordinal);
    }
}
