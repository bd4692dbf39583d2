using System.Buffers.Binary;

namespace Edge.Drivers.Ble;

/// <summary>
/// Date Time (GATT characteristic 0x2A08, also the 7-byte time field embedded in the health measurements): year
/// uint16 (1582-9999, 0 = unknown), month uint8 (1-12, 0 = unknown), day uint8 (1-31, 0 = unknown), hours 0-23,
/// minutes 0-59, seconds 0-59. It is the device's local wall clock with no time zone.
/// </summary>
/// <remarks>Values outside those ranges are reserved by the GATT Specification Supplement and rejected.</remarks>
public readonly record struct BleDateTime(int Year, int Month, int Day, int Hours, int Minutes, int Seconds)
{
    /// <summary>Bytes on the wire.</summary>
    public const int Size = 7;

    /// <summary>The 16-bit UUID of the Date Time characteristic.</summary>
    public const ushort CharacteristicUuid = 0x2A08;

    /// <summary>True when year, month and day are all known (non-zero).</summary>
    public bool IsDateKnown => Year != 0 && Month != 0 && Day != 0;

    /// <summary>Parses exactly <see cref="Size"/> bytes. Never throws on device bytes.</summary>
    public static ParseResult<BleDateTime> Parse(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size)
        {
            return ParseResult.Failure<BleDateTime>($"Date Time is {bytes.Length} bytes; expected {Size}");
        }

        int year = BinaryPrimitives.ReadUInt16LittleEndian(bytes);
        int month = bytes[2], day = bytes[3], hours = bytes[4], minutes = bytes[5], seconds = bytes[6];
        string? bad =
            year != 0 && year is < 1582 or > 9999 ? "year outside 1582-9999 (0 = unknown)" :
            month > 12 ? "month above 12" :
            day > 31 ? "day above 31" :
            hours > 23 ? "hours above 23" :
            minutes > 59 ? "minutes above 59" :
            seconds > 59 ? "seconds above 59" : null;
        if (bad is not null)
        {
            return ParseResult.Failure<BleDateTime>($"Date Time has a reserved value: {bad}");
        }

        if (year != 0 && month != 0 && day > DateTime.DaysInMonth(year, month))
        {
            return ParseResult.Failure<BleDateTime>("Date Time day does not exist in its month");
        }

        return ParseResult.Success(new BleDateTime(year, month, day, hours, minutes, seconds));
    }

    /// <summary>
    /// The wall-clock time as a <see cref="DateTimeOffset"/> with offset zero (the device sends no zone; the value is
    /// "local to the device", advisory), or null when the date is unknown.
    /// </summary>
    public DateTimeOffset? ToDeviceTime() =>
        IsDateKnown ? new DateTimeOffset(Year, Month, Day, Hours, Minutes, Seconds, TimeSpan.Zero) : null;

    /// <summary>Presence only, no values.</summary>
    public override string ToString() => $"BleDateTime(dateKnown={IsDateKnown})";
}
