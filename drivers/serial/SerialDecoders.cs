using Edge.Drivers.Serial.Contec;
using Edge.Drivers.Serial.Masimo;
using Edge.Drivers.Serial.Nonin;

namespace Edge.Drivers.Serial;

/// <summary>Creates the <see cref="SerialDecoder"/> of a configured port. Stateless.</summary>
public static class SerialDecoders
{
    /// <summary>A new decoder for <paramref name="port"/>, one per port and service run.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The protocol is not defined.</exception>
    public static SerialDecoder Create(SerialPortOptions port, SerialOptions options)
    {
        ArgumentNullException.ThrowIfNull(port);
        ArgumentNullException.ThrowIfNull(options);
        var offset = TimeSpan.FromMinutes(port.DeviceUtcOffsetMinutes);
        var interval = TimeSpan.FromMilliseconds(options.NumericIntervalMs);
        return port.Protocol switch
        {
            SerialProtocol.Masimo => new MasimoDecoder(port.Path, offset),
            SerialProtocol.NoninDf2 => new NoninStreamDecoder(port.Path, dataFormat7: false, interval),
            SerialProtocol.NoninDf7 => new NoninStreamDecoder(port.Path, dataFormat7: true, interval),
            SerialProtocol.NoninDf8 => new NoninDf8Decoder(port.Path),
            SerialProtocol.NoninDf13 => new NoninDf13Decoder(port.Path, offset),
            SerialProtocol.ContecLegacy => new ContecLegacyDecoder(port.Path, interval),
            SerialProtocol.ContecV7 => new ContecV7Decoder(
                port.Path, interval, port.ReadStoredRecords, offset, TimeSpan.FromMilliseconds(options.IoTimeoutMs)),
            _ => throw new ArgumentOutOfRangeException(nameof(port), port.Protocol, "Unknown serial protocol."),
        };
    }
}
