using System.IO.Ports;

namespace Edge.Drivers.Serial.Port;

/// <summary>
/// <see cref="ISerialLink"/> over <see cref="SerialPort"/>. Reads and writes go through <see cref="SerialPort.BaseStream"/>
/// asynchronously, which honours cancellation on Unix (reference/serial.md §6.2 P5); <c>DataReceived</c>,
/// <c>ReadLine</c> and encodings are never used. Both timeouts are finite, because an infinite write timeout blocks
/// forever after an unplug (P7c).
/// </summary>
public sealed class SystemSerialLink : ISerialLink
{
    private readonly SerialPort _port;
    private readonly Stream _stream;

    private SystemSerialLink(SerialPort port)
    {
        _port = port;
        _stream = port.BaseStream;
    }

    /// <summary>Opens a fresh <see cref="SerialPort"/> on <paramref name="path"/>. A port object is never reused.</summary>
    /// <param name="path">The device path, ideally <c>/dev/serial/by-id/…</c>.</param>
    /// <param name="settings">Line settings.</param>
    /// <param name="ioTimeout">The port's read and write timeout; finite, at least 30 ms (the Unix resolution).</param>
    public static SystemSerialLink Open(string path, SerialLineSettings settings, TimeSpan ioTimeout)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(settings);
        var ms = (int)Math.Clamp(ioTimeout.TotalMilliseconds, 30, 60_000);
        var port = new SerialPort(path, settings.BaudRate, settings.Parity, settings.DataBits, settings.StopBits)
        {
            Handshake = settings.Handshake,
            ReadTimeout = ms,
            WriteTimeout = ms,
        };
        try
        {
            port.Open();
            return new SystemSerialLink(port);
        }
        catch
        {
            port.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken) =>
        _stream.ReadAsync(buffer, cancellationToken);

    /// <inheritdoc/>
    public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) =>
        _stream.WriteAsync(data, cancellationToken);

    /// <summary>Closes the port. Can hang on a dead port after a timed-out write; call it on a worker.</summary>
    public void Dispose() => _port.Dispose();
}
