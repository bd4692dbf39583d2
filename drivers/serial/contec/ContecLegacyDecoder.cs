using Edge.Core;

namespace Edge.Drivers.Serial.Contec;

/// <summary>
/// The CMS50 legacy port decoder: 60 packets a second coalesced to one pulse rate and SpO2 reading per interval,
/// carrying every flag seen in between. Nothing is sent to the device. The link has no checksum and Linux ignores
/// its parity, so packets count only once <see cref="LockPackets"/> arrived back to back (<see cref="FrameLock"/>;
/// 130 ms at 60 Hz). One per port; not thread-safe.
/// </summary>
public sealed class ContecLegacyDecoder(string source, TimeSpan interval) : SerialDecoder(source)
{
    /// <summary>Packets in a row needed before packets are trusted.</summary>
    public const int LockPackets = 8;

    private readonly ContecLegacyFramer _framer = new();
    private NumericCoalescer _coalescer = new(interval);
    private FrameLock _lock = new(LockPackets);

    /// <summary>Packets framed before the lock was reached, not used.</summary>
    public long PacketsBeforeLock { get; private set; }

    /// <inheritdoc/>
    public override SerialProtocol Protocol => SerialProtocol.ContecLegacy;

    /// <inheritdoc/>
    public override void Reset()
    {
        _framer.Reset();
        _coalescer.Reset();
        _lock.Reset(_framer.BytesDiscarded);
    }

    /// <inheritdoc/>
    public override void Decode(ReadOnlySpan<byte> bytes, DateTimeOffset receivedAt, List<Observation> into)
    {
        var discarded = _framer.BytesDiscarded;
        while (_framer.TryRead(ref bytes, out var reading))
        {
            var trusted = _lock.Observe(_framer.BytesDiscarded, reading is not null);
            if (reading is null)
            {
                FramesRejected++;
                continue;
            }

            if (!trusted)
            {
                PacketsBeforeLock++;
                continue;
            }

            FramesAccepted++;
            if (_coalescer.Offer(receivedAt, reading.Flags, out var flags))
            {
                Add(into, VitalKind.SpO2, reading.SpO2, null, receivedAt, flags);
                Add(into, VitalKind.PulseRate, reading.PulseRate, null, receivedAt, flags);
            }
        }

        BytesDiscarded += _framer.BytesDiscarded - discarded;
    }
}
