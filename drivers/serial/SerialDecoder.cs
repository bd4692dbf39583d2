using Edge.Core;
using Edge.Drivers.Serial.Port;

namespace Edge.Drivers.Serial;

/// <summary>
/// One port's protocol state: turns the bytes of one serial link into <see cref="Observation"/>s, and holds the
/// commands the protocol needs on open and while streaming. One instance per port, owned by that port's single read
/// loop; not thread-safe. The counters are plain fields that the owner reads.
/// </summary>
public abstract class SerialDecoder
{
    /// <summary>Creates a decoder whose observations carry <paramref name="source"/> (the configured port path).</summary>
    /// <exception cref="ArgumentException"><paramref name="source"/> is null or blank.</exception>
    protected SerialDecoder(string source)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        Source = source;
    }

    /// <summary>The protocol decoded.</summary>
    public abstract SerialProtocol Protocol { get; }

    /// <summary>The local port path stamped on every observation; it never leaves the appliance.</summary>
    public string Source { get; }

    /// <summary>Frames, lines or packets that passed the framer's checks.</summary>
    public long FramesAccepted { get; protected set; }

    /// <summary>Frames that framed but failed a content check (range, reserved bits, parser), dropped.</summary>
    public long FramesRejected { get; protected set; }

    /// <summary>
    /// Input skipped while hunting for a frame start (garbage, a wrong baud rate, a partial first frame): bytes for the
    /// binary protocols, whole dropped lines for Masimo.
    /// </summary>
    public long BytesDiscarded { get; protected set; }

    /// <summary>A command to repeat while the link is up (Contec V7 keep-alive), or empty.</summary>
    public virtual ReadOnlyMemory<byte> KeepAliveCommand => ReadOnlyMemory<byte>.Empty;

    /// <summary>How often to send <see cref="KeepAliveCommand"/>.</summary>
    public virtual TimeSpan KeepAliveInterval => TimeSpan.Zero;

    /// <summary>
    /// Runs right after the port opens, before the read loop: the commands that start a stream, and any stored-record
    /// read. Must use finite timeouts. The default does nothing. Observations from stored records go into
    /// <paramref name="into"/>.
    /// </summary>
    public virtual ValueTask OnOpenedAsync(SerialLinkSession session, List<Observation> into, CancellationToken cancellationToken) =>
        ValueTask.CompletedTask;

    /// <summary>Forgets partial frames: the next bytes may start mid-frame (a reopened port, a gap).</summary>
    public abstract void Reset();

    /// <summary>Decodes <paramref name="bytes"/> (any chunking) and appends complete readings to <paramref name="into"/>.</summary>
    /// <param name="bytes">Bytes just read.</param>
    /// <param name="receivedAt">Gateway time at which they were read.</param>
    /// <param name="into">Where observations go.</param>
    public abstract void Decode(ReadOnlySpan<byte> bytes, DateTimeOffset receivedAt, List<Observation> into);

    /// <summary>Appends one observation per present value, all with the same time and flags.</summary>
    protected void Add(List<Observation> into, VitalKind kind, double? value, DateTimeOffset? deviceTime, DateTimeOffset receivedAt, QualityIssues flags)
    {
        ArgumentNullException.ThrowIfNull(into);
        if (value is { } v)
        {
            into.Add(new Observation(Source, kind, v, deviceTime, receivedAt, flags));
        }
    }
}
