using Edge.Core;

namespace Edge.Drivers.Serial.Contec;

/// <summary>
/// The CMS50 legacy port decoder: 60 packets a second coalesced to one pulse rate and SpO2 reading per interval,
/// carrying every flag seen in between. Nothing is sent to the device. One per port; not thread-safe.
/// </summary>
public sealed class ContecLegacyDecoder(string source, TimeSpan interval) : SerialDecoder(source)
{
    private readonly ContecLegacyFramer _framer = new();
    private NumericCoalescer _coalescer = new(interval);

    /// <inheritdoc/>
    public override SerialProtocol Protocol => SerialProtocol.ContecLegacy;

    /// <inheritdoc/>
    public override void Reset()
    {
        _framer.Reset();
        _coalescer.Reset();
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
