using Edge.Core;

namespace Edge.Drivers.Serial.Nonin;

/// <summary>
/// The DF8 port decoder: one record a second, each giving pulse rate and SpO2 with <see cref="NoninDf8Reading.Flags"/>.
/// Held display values (SNSF set) are sent flagged Stale, never as live. DF8 has no checksum, so records count only
/// once <see cref="LockRecords"/> have arrived back to back (<see cref="FrameLock"/>): about 5 s after a connect, and
/// random noise does not become readings. One per port; not thread-safe.
/// </summary>
public sealed class NoninDf8Decoder(string source) : SerialDecoder(source)
{
    /// <summary>Records in a row needed before records are trusted.</summary>
    public const int LockRecords = 5;

    private readonly NoninDf8Framer _framer = new();
    private FrameLock _lock = new(LockRecords);

    /// <summary>Records framed before the lock was reached, not used.</summary>
    public long RecordsBeforeLock { get; private set; }

    /// <inheritdoc/>
    public override SerialProtocol Protocol => SerialProtocol.NoninDf8;

    /// <inheritdoc/>
    public override void Reset()
    {
        _framer.Reset();
        _lock.Reset(_framer.BytesDiscarded);
    }

    /// <inheritdoc/>
    public override void Decode(ReadOnlySpan<byte> bytes, DateTimeOffset receivedAt, List<Observation> into)
    {
        var discarded = _framer.BytesDiscarded;
        while (_framer.TryRead(ref bytes, out var reading))
        {
            if (!_lock.Observe(_framer.BytesDiscarded, frameValid: true))
            {
                RecordsBeforeLock++;
                continue;
            }

            FramesAccepted++;
            var flags = reading!.Flags;
            Add(into, VitalKind.SpO2, reading.SpO2, null, receivedAt, flags);
            Add(into, VitalKind.PulseRate, reading.HeartRate, null, receivedAt, flags);
        }

        BytesDiscarded += _framer.BytesDiscarded - discarded;
    }
}
