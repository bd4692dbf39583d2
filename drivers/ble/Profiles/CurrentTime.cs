namespace Edge.Drivers.Ble;

/// <summary>
/// Current Time (GATT characteristic 0x2A2B, Current Time Service 0x1805): Exact Time 256 = Day Date Time (Date Time
/// + Day of Week) + Fractions256, then Adjust Reason. 10 bytes.
/// </summary>
/// <param name="DateTime">The wall-clock date and time.</param>
/// <param name="DayOfWeek">1 = Monday .. 7 = Sunday, 0 = unknown.</param>
/// <param name="Fractions256">1/256 s units.</param>
/// <param name="AdjustReason">bit 0 manual update, bit 1 external reference, bit 2 time zone change, bit 3 DST change.</param>
public sealed record CurrentTime(BleDateTime DateTime, int DayOfWeek, int Fractions256, byte AdjustReason)
{
    /// <summary>The 16-bit UUID of the characteristic.</summary>
    public const ushort CharacteristicUuid = 0x2A2B;

    /// <summary>Bytes on the wire.</summary>
    public const int Size = 10;

    /// <summary>Parses one value. Never throws on device bytes.</summary>
    public static ParseResult<CurrentTime> Parse(ReadOnlySpan<byte> packet)
    {
        var r = new PacketReader(packet, "Current Time");
        if (!r.TakeDateTime("Date Time", null, out var dateTime)
            || !r.TakeByte("Day of Week", null, out var dayOfWeek)
            || !r.TakeByte("Fractions256", null, out var fractions)
            || !r.TakeByte("Adjust Reason", null, out var reason)
            || !r.End())
        {
            return ParseResult.Failure<CurrentTime>(r.Error!);
        }

        if (dayOfWeek > 7)
        {
            return ParseResult.Failure<CurrentTime>("Current Time: Day of Week is reserved (above 7)");
        }

        return ParseResult.Success(new CurrentTime(dateTime, dayOfWeek, fractions, reason));
    }

    /// <summary>Encodes a value, e.g. to set a device clock that allows writes.</summary>
    public byte[] ToBytes() =>
    [
        (byte)DateTime.Year, (byte)(DateTime.Year >> 8), (byte)DateTime.Month, (byte)DateTime.Day,
        (byte)DateTime.Hours, (byte)DateTime.Minutes, (byte)DateTime.Seconds, (byte)DayOfWeek, (byte)Fractions256,
        AdjustReason,
    ];
}
