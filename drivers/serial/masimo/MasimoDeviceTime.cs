namespace Edge.Drivers.Serial.Masimo;

/// <summary>
/// The <c>MM/DD/YY HH:MM:SS</c> stamp that starts every Masimo ASCII line (17 bytes; '/' at columns 3 and 6, ' ' at
/// 9, ':' at 12 and 15, 1-based). The shape is also the framer's resync anchor. Stateless.
/// </summary>
internal static class MasimoDeviceTime
{
    /// <summary>Length of the stamp in bytes.</summary>
    public const int Length = 17;

    /// <summary>Formats a time the way the device prints it (the simulator's device side).</summary>
    public static string Format(DateTime localTime) =>
        localTime.ToString("MM/dd/yy HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>True when <paramref name="line"/> starts with digits and separators in the stamp's places.</summary>
    public static bool HasShape(ReadOnlySpan<byte> line) => ShapeError(line) is null;

    /// <summary>
    /// Reads the stamp at the start of <paramref name="line"/>. Two-digit years are read as 2000-2099. On failure
    /// <paramref name="error"/> names the column or field, never the value.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> line, TimeSpan utcOffset, out DateTimeOffset time, out string? error)
    {
        time = default;
        error = ShapeError(line);
        if (error is not null)
        {
            return false;
        }

        var month = TwoDigits(line, 0);
        var day = TwoDigits(line, 3);
        var year = 2000 + TwoDigits(line, 6);
        var hour = TwoDigits(line, 9);
        var minute = TwoDigits(line, 12);
        var second = TwoDigits(line, 15);

        error = month is < 1 or > 12 ? "date/time: month out of range"
            : day < 1 || day > DateTime.DaysInMonth(year, month) ? "date/time: day out of range for the month"
            : hour > 23 ? "date/time: hour out of range"
            : minute > 59 ? "date/time: minute out of range"
            : second > 59 ? "date/time: second out of range"
            : null;
        if (error is not null)
        {
            return false;
        }

        time = new DateTimeOffset(year, month, day, hour, minute, second, utcOffset);
        return true;
    }

    private static string? ShapeError(ReadOnlySpan<byte> line)
    {
        if (line.Length < Length)
        {
            return $"line is {line.Length} bytes; expected at least {Length} for MM/DD/YY HH:MM:SS";
        }

        for (var i = 0; i < Length; i++)
        {
            var expected = i switch
            {
                2 or 5 => (byte)'/',
                8 => (byte)' ',
                11 or 14 => (byte)':',
                _ => (byte)0,
            };
            var ok = expected == 0 ? char.IsAsciiDigit((char)line[i]) : line[i] == expected;
            if (!ok)
            {
                var what = expected == 0 ? "a digit" : $"'{(char)expected}'";
                return $"date/time: expected {what} at column {i + 1} (MM/DD/YY HH:MM:SS)";
            }
        }

        return null;
    }

    private static int TwoDigits(ReadOnlySpan<byte> s, int at) => ((s[at] - '0') * 10) + (s[at + 1] - '0');
}
