using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Edge.Core;
using Edge.Drivers.Serial.Port;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Edge.Drivers.Serial;

/// <summary>
/// The serial driver as one <see cref="IObservationSource"/>: a <see cref="SerialPortSupervisor"/> (one read loop) per
/// enabled port in <c>Edge:Serial:Ports</c>, all writing into one bounded queue that ingest drains.
/// </summary>
/// <remarks>
/// <para>The queue is bounded (<see cref="SerialOptions.QueueCapacity"/>) and drops its oldest entry when full, so a
/// slow downstream never stalls a port reader; every drop is counted (<see cref="QueueDropped"/>, a metric and a
/// log line). Ingest itself applies back-pressure to drivers, which is why this queue must not block.</para>
/// <para>One enumeration at a time: the ports are opened by <see cref="ReadAllAsync"/> and closed when it ends.
/// <see cref="Ports"/> and <see cref="QueueDropped"/> are safe to read from any thread.</para>
/// </remarks>
public sealed class SerialObservationSource : IObservationSource
{
    private readonly SerialOptions _options;
    private readonly ISerialLinkFactory _factory;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly SerialMetrics? _metrics;
    private volatile IReadOnlyList<SerialPortSupervisor> _supervisors = [];
    private int _running;
    private long _dropped;

    /// <summary>Creates the source. Ports open only when <see cref="ReadAllAsync"/> runs.</summary>
    public SerialObservationSource(
        IOptions<SerialOptions> options,
        ISerialLinkFactory factory,
        TimeProvider time,
        ILoggerFactory loggers,
        SerialMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(loggers);
        _options = options.Value;
        _factory = factory;
        _time = time;
        _loggers = loggers;
        _logger = loggers.CreateLogger<SerialObservationSource>();
        _metrics = metrics;
    }

    /// <inheritdoc/>
    public string Name => "serial";

    /// <summary>Observations dropped because the queue was full.</summary>
    public long QueueDropped => Interlocked.Read(ref _dropped);

    /// <summary>State and counters of every running port; empty when not running.</summary>
    public IReadOnlyList<SerialPortStatus> Ports => [.. _supervisors.Select(s => s.Status)];

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">Another enumeration is already running.</exception>
    public async IAsyncEnumerable<Observation> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _running, 1) == 1)
        {
            throw new InvalidOperationException("The serial source is already being read; it owns its ports and allows one reader.");
        }

        var channel = Channel.CreateBounded<Observation>(
            new BoundedChannelOptions(_options.QueueCapacity)
            {
                FullMode = BoundedChannelFullMode.DropOldest,
                SingleReader = true,
                SingleWriter = false,
            },
            _ => OnDropped());
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var supervisors = new List<SerialPortSupervisor>();
        for (var i = 0; i < _options.Ports.Count; i++)
        {
            var port = _options.Ports[i];
            if (port.Enabled)
            {
                supervisors.Add(new SerialPortSupervisor(
                    i, port, _options, SerialDecoders.Create(port, _options), _factory, _time,
                    _loggers.CreateLogger<SerialPortSupervisor>(), _metrics));
            }
        }

        _supervisors = supervisors;
        SerialLog.Started(_logger, supervisors.Count);
        var loops = supervisors.Select(s => s.RunAsync(channel.Writer, stop.Token)).ToArray();
        try
        {
            await foreach (var observation in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return observation;
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(loops).ConfigureAwait(false);
            channel.Writer.TryComplete();
            _supervisors = [];
            Volatile.Write(ref _running, 0);
            SerialLog.Stopped(_logger);
        }
    }

    private void OnDropped()
    {
        var dropped = Interlocked.Increment(ref _dropped);
        _metrics?.QueueDropped();
        if (dropped == 1 || dropped % 1000 == 0)
        {
            SerialLog.QueueDropped(_logger, dropped);
        }
    }
}
