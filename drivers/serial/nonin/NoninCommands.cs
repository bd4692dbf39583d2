namespace Edge.Drivers.Serial.Nonin;

/// <summary>
/// Command bytes of the Nonin 9560 (OEM spec 6470-000-01 §"Commands"; reference/serial.md §2.6). The driver does not
/// send them on its own: the data format lives in the device's non-volatile memory, the 9560 only answers in the first
/// 5 s after a connection, and the 3150 uses a different layout. They are here for provisioning tools and tests.
/// </summary>
public static class NoninCommands
{
    /// <summary>Select a data format: <c>02 70 02 02 ZZ 03</c>, ZZ = 0x02, 0x07, 0x08 or 0x0D. Answered 06 (ACK) or 15 (NAK).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not a DF2/DF7/DF8/DF13 protocol.</exception>
    public static byte[] SelectFormat(SerialProtocol protocol) => protocol switch
    {
        SerialProtocol.NoninDf2 => [0x02, 0x70, 0x02, 0x02, 0x02, 0x03],
        SerialProtocol.NoninDf7 => [0x02, 0x70, 0x02, 0x02, 0x07, 0x03],
        SerialProtocol.NoninDf8 => [0x02, 0x70, 0x02, 0x02, 0x08, 0x03],
        SerialProtocol.NoninDf13 => [0x02, 0x70, 0x02, 0x02, 0x0D, 0x03],
        _ => throw new ArgumentOutOfRangeException(nameof(protocol), protocol, "Not a Nonin data format."),
    };

    /// <summary>Set the device clock: <c>02 72 06 YY MM DD hh mm ss 03</c>, binary (not BCD) values. No response.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The year is outside 2000-2099.</exception>
    public static byte[] SetTime(DateTime deviceLocalTime)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(deviceLocalTime.Year, 2000);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(deviceLocalTime.Year, 2099);
        return
        [
            0x02, 0x72, 0x06, (byte)(deviceLocalTime.Year - 2000), (byte)deviceLocalTime.Month, (byte)deviceLocalTime.Day,
            (byte)deviceLocalTime.Hour, (byte)deviceLocalTime.Minute, (byte)deviceLocalTime.Second, 0x03,
        ];
    }

    /// <summary>Get the device clock: <c>02 72 00 03</c>, answered <c>02 F2 06 YY MM DD hh mm ss 03</c>.</summary>
    public static byte[] GetTime() => [0x02, 0x72, 0x00, 0x03];
}
