using System.Diagnostics.Metrics;

namespace Edge.Drivers.Serial;

/// <summary>
/// The serial driver's instruments, one <see cref="Meter"/> named <c>Edge.Drivers.Serial</c>. Tags are the port
/// index and protocol only. Thread-safe.
/// </summary>
public sealed class SerialMetrics
{
    /// <summary>The meter name.</summary>
    public const string MeterName = "Edge.Drivers.Serial";

    private readonly Counter<long> _frames;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _discarded;
    private readonly Counter<long> _linkLosses;
    private readonly Counter<long> _abandoned;
    private readonly Counter<long> _dropped;

    /// <summary>Creates the instruments from <paramref name="meterFactory"/>.</summary>
    public SerialMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _frames = meter.CreateCounter<long>("edge.serial.frames", "{frame}", "Frames, lines or packets accepted.");
        _rejected = meter.CreateCounter<long>("edge.serial.frames_rejected", "{frame}", "Frames that failed a content check.");
        _discarded = meter.CreateCounter<long>("edge.serial.bytes_discarded", "By", "Bytes skipped while resynchronising.");
        _linkLosses = meter.CreateCounter<long>("edge.serial.link_losses", "{event}", "Links lost (silence, hangup, error).");
        _abandoned = meter.CreateCounter<long>("edge.serial.close_abandoned", "{event}", "Closes that hung and were abandoned.");
        _dropped = meter.CreateCounter<long>("edge.serial.queue_dropped", "{observation}", "Observations dropped because the queue was full.");
    }

    internal void Decoded(int port, SerialProtocol protocol, long frames, long rejected, long discarded)
    {
        var tags = Tags(port, protocol);
        if (frames > 0)
        {
            _frames.Add(frames, tags);
        }

        if (rejected > 0)
        {
            _rejected.Add(rejected, tags);
        }

        if (discarded > 0)
        {
            _discarded.Add(discarded, tags);
        }
    }

    internal void LinkLost(int port, SerialProtocol protocol, string reason)
    {
        var tags = Tags(port, protocol);
        tags.Add("reason", reason);
        _linkLosses.Add(1, tags);
    }

    internal void CloseAbandoned(int port, SerialProtocol protocol) => _abandoned.Add(1, Tags(port, protocol));

    internal void QueueDropped() => _dropped.Add(1);

    private static System.Diagnostics.TagList Tags(int port, SerialProtocol protocol) =>
        new() { { "port", port }, { "protocol", protocol.ToString() } };
}
