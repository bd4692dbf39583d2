namespace Edge.Drivers.Serial.Port;

/// <summary>
/// An open serial link: the hardware seam of the serial driver. The real one wraps <c>System.IO.Ports.SerialPort</c>
/// (<see cref="SystemSerialLink"/>); tests use real kernel ptys through the same class.
/// </summary>
/// <remarks>
/// Contract: reads and writes honour their cancellation token or are abandoned by the caller, which treats a link
/// that ignores cancellation as dead. <see cref="IDisposable.Dispose"/> may block or hang on a dead Linux port
/// (reference/serial.md §6.2 P7d), so callers run it on a worker with a timeout. One reader and one writer at a time.
/// </remarks>
public interface ISerialLink : IDisposable
{
    /// <summary>Reads at least one byte, or returns 0 at end of stream (the link is gone).</summary>
    ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken);

    /// <summary>Writes all of <paramref name="data"/>.</summary>
    ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken);
}
