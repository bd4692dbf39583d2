using Edge.Core;
using Edge.Drivers.Serial.Port;

namespace Edge.Drivers.Serial.Contec;

/// <summary>
/// The V7 port decoder. On open it optionally reads the stored sessions (sent flagged <see cref="QualityIssues.Stale"/>
/// with their device time, each session once per service run), then starts the realtime stream (A1) and keeps it
/// alive (AF every 5 s). Realtime packets (60 per second) are coalesced to one pulse rate and SpO2 reading per
/// interval. Other packet types are counted and ignored. A single packet is a weak check (a type byte and eight
/// bytes with bit 7 set), so a realtime packet is used only from the <see cref="LockPackets"/>th of an unbroken run of
/// packets and once <see cref="ConfirmPackets"/> more followed it (<see cref="FrameGate{T}"/>). One per port; not
/// thread-safe.
/// </summary>
public sealed class ContecV7Decoder : SerialDecoder
{
    /// <summary>Run position from which packets are trusted.</summary>
    public const int LockPackets = 3;

    /// <summary>Clean packets that must follow a realtime packet before it is used.</summary>
    public const int ConfirmPackets = 2;

    private static readonly byte[] KeepAlive = ContecV7Commands.Build(ContecV7Commands.KeepAlive);
    private readonly ContecV7Framer _framer = new();
    private readonly bool _readStored;
    private readonly TimeSpan _offset;
    private readonly TimeSpan _replyTimeout;
    private readonly HashSet<(int Session, DateTimeOffset? Start, int Count)> _storedSent = [];
    private NumericCoalescer _coalescer;
    private readonly FrameGate<ContecV7Realtime?> _gate = new(LockPackets, ConfirmPackets);
    private readonly List<ContecV7Realtime?> _released = [];

    /// <summary>Creates the decoder.</summary>
    /// <param name="source">The port path.</param>
    /// <param name="interval">Coalescing interval of realtime readings.</param>
    /// <param name="readStoredRecords">Read stored sessions on every open.</param>
    /// <param name="deviceUtcOffset">UTC offset of the device clock (stored-session start times).</param>
    /// <param name="replyTimeout">Wait per command reply during a stored read.</param>
    public ContecV7Decoder(string source, TimeSpan interval, bool readStoredRecords = false, TimeSpan deviceUtcOffset = default, TimeSpan? replyTimeout = null)
        : base(source)
    {
        _coalescer = new NumericCoalescer(interval);
        _readStored = readStoredRecords;
        _offset = deviceUtcOffset;
        _replyTimeout = replyTimeout ?? TimeSpan.FromSeconds(2);
    }

    /// <inheritdoc/>
    public override SerialProtocol Protocol => SerialProtocol.ContecV7;

    /// <inheritdoc/>
    public override ReadOnlyMemory<byte> KeepAliveCommand => KeepAlive;

    /// <inheritdoc/>
    public override TimeSpan KeepAliveInterval => TimeSpan.FromSeconds(5);

    /// <summary>Packets framed but not used: before the lock, or in a run that broke before confirmation.</summary>
    public long PacketsWithheld => _gate.Withheld;

    /// <summary>Stored samples sent as observations (per sample, not per vital).</summary>
    public long StoredSamples { get; private set; }

    /// <summary>Stored reads that failed (the live stream still starts).</summary>
    public long StoredReadFailures { get; private set; }

    /// <inheritdoc/>
    public override async ValueTask OnOpenedAsync(SerialLinkSession session, List<Observation> into, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(into);
        if (_readStored)
        {
            try
            {
                var reader = new ContecV7StoredRecordReader(session, _replyTimeout, _offset);
                var receivedAt = session.Time.GetUtcNow();
                foreach (var stored in await reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                {
                    if (_storedSent.Add((stored.Session, stored.StartTime, stored.Samples.Count)))
                    {
                        AddStored(stored, receivedAt, into);
                    }
                }
            }
            catch (TimeoutException)
            {
                // An older unit or a busy one: the live stream matters more than the back-fill.
                StoredReadFailures++;
            }
        }

        await session.WriteAsync(ContecV7Commands.Build(ContecV7Commands.StartRealtime), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public override void Reset()
    {
        _framer.Reset();
        _coalescer.Reset();
        _gate.Reset(DiscardsSoFar());
    }

    /// <inheritdoc/>
    public override void Decode(ReadOnlySpan<byte> bytes, DateTimeOffset receivedAt, List<Observation> into)
    {
        var discarded = _framer.BytesDiscarded;
        while (_framer.TryRead(ref bytes, out var type, out var data))
        {
            // Other packet types (acks, replies) keep a run going but carry no reading.
            var isRealtime = type == ContecV7Realtime.PacketType;
            var realtime = isRealtime ? ContecV7Realtime.Parse(data) : null;
            if (isRealtime && realtime is null)
            {
                FramesRejected++;
            }

            _released.Clear();
            _gate.Offer(DiscardsSoFar(), !isRealtime || realtime is not null, realtime, _released);
            foreach (var r in _released)
            {
                if (r is null)
                {
                    continue;
                }

                FramesAccepted++;
                if (_coalescer.Offer(receivedAt, r.Flags, out var flags))
                {
                    Add(into, VitalKind.SpO2, r.SpO2, null, receivedAt, flags);
                    Add(into, VitalKind.PulseRate, r.PulseRate, null, receivedAt, flags);
                }
            }
        }

        BytesDiscarded += _framer.BytesDiscarded - discarded;
    }

    // Truncated and unknown packets break a run as much as skipped bytes do.
    private long DiscardsSoFar() => _framer.BytesDiscarded + _framer.TruncatedPackets + _framer.UnknownPackets;

    private void AddStored(ContecV7StoredSession stored, DateTimeOffset receivedAt, List<Observation> into)
    {
        var flags = QualityIssues.Stale | (stored.StartTime is null ? QualityIssues.DeviceClockNotSet : QualityIssues.None);
        for (var i = 0; i < stored.Samples.Count; i++)
        {
            var (spo2, pulse) = stored.Samples[i];
            DateTimeOffset? at = stored.StartTime?.AddSeconds(i);
            Add(into, VitalKind.SpO2, spo2, at, receivedAt, flags);
            Add(into, VitalKind.PulseRate, pulse, at, receivedAt, flags);
            StoredSamples++;
        }
    }
}
