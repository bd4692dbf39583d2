using Edge.Core;

namespace Edge.Drivers.Serial.Contec;

/// <summary>
/// The CMS50 legacy port decoder: 60 packets a second coalesced to one pulse rate and SpO2 reading per interval,
/// carrying every flag seen in between. Nothing is sent to the device. The link has no checksum and Linux ignores
/// its parity, so a packet is used only from the <see cref="LockPackets"/>th of an unbroken run and once
/// <see cref="ConfirmPackets"/> more followed it (<see cref="FrameGate{T}"/>; 130 ms and 33 ms at 60 Hz). One per
/// port; not thread-safe.
/// </summary>
public sealed class ContecLegacyDecoder(string source, TimeSpan interval) : SerialDecoder(source)
{
    /// <summary>Run position from which packets are trusted.</summary>
    public const int LockPackets = 8;

    /// <summary>Clean packets that must follow a packet before it is used.</summary>
    public const int ConfirmPackets = 2;

    private readonly ContecLegacyFramer _framer = new();
    private readonly FrameGate<ContecLegacyReading?> _gate = new(LockPackets, ConfirmPackets);
    private readonly List<ContecLegacyReading?> _released = [];
    private NumericCoalescer _coalescer = new(interval);

    /// <summary>Packets framed but not used: before the lock, or in a run that broke before confirmation.</summary>
    public long PacketsWithheld => _gate.Withheld;

    /// <inheritdoc/>
    public override SerialProtocol Protocol => SerialProtocol.ContecLegacy;

    /// <inheritdoc/>
    public override void Reset()
    {
        _framer.Reset();
        _coalescer.Reset();
        _gate.Reset(_framer.BytesDiscarded);
    }

    /// <inheritdoc/>
    public override void Decode(ReadOnlySpan<byte> bytes, DateTimeOffset receivedAt, List<Observation> into)
    {
        var discarded = _framer.BytesDiscarded;
        while (_framer.TryRead(ref bytes, out var reading))
        {
            if (reading is null)
            {
                FramesRejected++;
            }

            _released.Clear();
            _gate.Offer(_framer.BytesDiscarded, reading is not null, reading, _released);
            foreach (var r in _released)
            {
                FramesAccepted++;
                if (_coalescer.Offer(receivedAt, r!.Flags, out var flags))
                {
                    Add(into, VitalKind.SpO2, r.SpO2, null, receivedAt, flags);
                    Add(into, VitalKind.PulseRate, r.PulseRate, null, receivedAt, flags);
                }
            }
        }

        BytesDiscarded += _framer.BytesDiscarded - discarded;
    }
}
