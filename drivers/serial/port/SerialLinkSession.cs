namespace Edge.Drivers.Serial.Port;

/// <summary>
/// An open link with the supervisor's timeouts applied: every read and write is bounded, whether or not the link
/// honours cancellation. Used by the read loop and by protocol conversations (commands, stored-record reads).
/// One owner; not thread-safe.
/// </summary>
public sealed class SerialLinkSession
{
    // How long past its own timeout a read may run before the link is declared dead for ignoring cancellation.
    private static readonly TimeSpan Grace = TimeSpan.FromMilliseconds(500);

    private readonly ISerialLink _link;
    private readonly TimeProvider _time;
    private readonly TimeSpan _writeTimeout;

    /// <summary>Wraps <paramref name="link"/>.</summary>
    public SerialLinkSession(ISerialLink link, TimeProvider time, TimeSpan writeTimeout)
    {
        ArgumentNullException.ThrowIfNull(link);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(writeTimeout, TimeSpan.Zero);
        _link = link;
        _time = time;
        _writeTimeout = writeTimeout;
    }

    /// <summary>True once a write has timed out: closing this port may then hang (reference/serial.md §6.2 P7d).</summary>
    public bool WriteTimedOut { get; private set; }

    /// <summary>The time source of every timeout.</summary>
    public TimeProvider Time => _time;

    /// <summary>Writes <paramref name="data"/> within the write timeout.</summary>
    /// <exception cref="TimeoutException">The write did not finish in time; the link should be treated as lost.</exception>
    public async Task WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_writeTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await _link.WriteAsync(data, linked.Token).AsTask().WaitAsync(_writeTimeout + Grace, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            WriteTimedOut = true;
            throw new TimeoutException("Serial write timed out.");
        }
        catch (TimeoutException)
        {
            WriteTimedOut = true;
            throw;
        }
    }

    /// <summary>
    /// Reads into <paramref name="buffer"/>, waiting at most <paramref name="timeout"/>. Returns the byte count, or 0
    /// when nothing arrived in time (silence).
    /// </summary>
    /// <exception cref="EndOfStreamException">The link reported end of stream.</exception>
    /// <exception cref="TimeoutException">The link ignored cancellation; it is dead and must be abandoned.</exception>
    public async Task<int> ReadAsync(Memory<byte> buffer, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timer = new CancellationTokenSource(timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        int n;
        try
        {
            n = await _link.ReadAsync(buffer, linked.Token).AsTask().WaitAsync(timeout + Grace, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return 0;
        }

        return n > 0 ? n : throw new EndOfStreamException("The serial link reported end of stream.");
    }
}
