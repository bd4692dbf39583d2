using Edge.Core;

namespace Edge.Drivers.Serial.Nonin;

/// <summary>
/// The DF8 port decoder: one record a second, each giving pulse rate and SpO2 with <see cref="NoninDf8Reading.Flags"/>.
/// Held display values (SNSF set) are sent flagged Stale, never as live. One per port; not thread-safe.
/// </summary>
public sealed class NoninDf8Decoder(string source) : SerialDecoder(source)
{
    private readonly NoninDf8Framer _framer = new();

    /// <inheritdoc/>
    public override SerialProtocol Protocol => SerialProtocol.NoninDf8;

    /// <inheritdoc/>
    public override void Reset() => _framer.Reset();

    /// <inheritdoc/>
    public override void Decode(ReadOnlySpan<byte> bytes, DateTimeOffset receivedAt, List<Observation> into)
    {
        var discarded = _framer.BytesDiscarded;
        while (_framer.TryRead(ref bytes, out var reading))
        {
            FramesAccepted++;
            var flags = reading!.Flags;
            Add(into, VitalKind.SpO2, reading.SpO2, null, receivedAt, flags);
            Add(into, VitalKind.PulseRate, reading.HeartRate, null, receivedAt, flags);
        }

        BytesDiscarded += _framer.BytesDiscarded - discarded;
    }
}
