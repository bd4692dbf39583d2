using System.IO.Ports;

namespace Edge.Drivers.Serial;

/// <summary>
/// The UART settings of a protocol. A pty ignores all of them (reference/serial.md §6.1), so this table is checked by
/// unit tests against the documents rather than by the pty tests. Immutable.
/// </summary>
/// <param name="BaudRate">Bits per second; one of the standard Linux rates.</param>
/// <param name="Parity">Parity. Linux does not check it (INPCK is cleared, §6.2); the framers must catch corruption.</param>
/// <param name="DataBits">Data bits per character.</param>
/// <param name="StopBits">Stop bits.</param>
/// <param name="Handshake">Flow control. Always none here: XON/XOFF would swallow 0x11/0x13 bytes, which are valid data.</param>
public sealed record SerialLineSettings(int BaudRate, Parity Parity, int DataBits, StopBits StopBits, Handshake Handshake)
{
    /// <summary>
    /// The documented settings of <paramref name="protocol"/>:
    /// Masimo 9600 8N1 no handshake (Rad-8 manual §7); Nonin 9600 8N1 no flow control (9560 OEM spec);
    /// Contec legacy 19200 8O1 (atbrask, apneaboard); Contec V7 115200 8N1 with flow control off (V7.0 document, OSCAR).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The protocol is not defined.</exception>
    public static SerialLineSettings For(SerialProtocol protocol) => protocol switch
    {
        SerialProtocol.Masimo => new(9600, Parity.None, 8, StopBits.One, Handshake.None),
        SerialProtocol.NoninDf2 or SerialProtocol.NoninDf7 or SerialProtocol.NoninDf8 or SerialProtocol.NoninDf13 =>
            new(9600, Parity.None, 8, StopBits.One, Handshake.None),
        SerialProtocol.ContecLegacy => new(19200, Parity.Odd, 8, StopBits.One, Handshake.None),
        SerialProtocol.ContecV7 => new(115200, Parity.None, 8, StopBits.One, Handshake.None),
        _ => throw new ArgumentOutOfRangeException(nameof(protocol), protocol, "Unknown serial protocol."),
    };

    /// <summary>
    /// How long a healthy device of <paramref name="protocol"/> can stay silent; longer silence means the link is
    /// lost and the port is reopened. Masimo and Nonin stream at least once a second (OpenICE uses 1.1 s and 3 s);
    /// the 3 s here also covers a Rad-8 left in "ASCII 2", which sends nothing. Nonin DF13 only sends per spot check,
    /// so its silence limit is long.
    /// </summary>
    public static TimeSpan DefaultSilenceTimeout(SerialProtocol protocol) => protocol switch
    {
        SerialProtocol.NoninDf13 => TimeSpan.FromMinutes(10),
        SerialProtocol.ContecLegacy => TimeSpan.FromSeconds(2),
        _ => TimeSpan.FromSeconds(3),
    };
}
