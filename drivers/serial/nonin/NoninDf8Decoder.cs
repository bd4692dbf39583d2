using Edge.Core;

namespace Edge.Drivers.Serial.Nonin;

/// <summary>
/// The DF8 port decoder: one record a second, each giving pulse rate and SpO2 with <see cref="NoninDf8Reading.Flags"/>.
/// Held display values (SNSF set) are sent flagged Stale, never as live. DF8 has no checksum, so a record is used only
/// from the <see cref="LockRecords"/>th of an unbroken run and once <see cref="ConfirmRecords"/> more followed it
/// (<see cref="FrameGate{T}"/>): the first reading comes 5 s after a connect and each is 2 s late, and random noise
/// does not become readings. One per port; not thread-safe.
/// </summary>
public sealed class NoninDf8Decoder(string source) : SerialDecoder(source)
{
    /// <summary>Run position from which records are trusted.</summary>
    public const int LockRecords = 3;

    /// <summary>Clean records that must follow a record before it is used.</summary>
    public const int ConfirmRecords = 2;

    private readonly NoninDf8Framer _framer = new();
    private readonly FrameGate<(NoninDf8Reading Reading, DateTimeOffset At)> _gate = new(LockRecords, ConfirmRecords);
    private readonly List<(NoninDf8Reading Reading, DateTimeOffset At)> _released = [];

    /// <summary>Records framed but not used: before the lock, or in a run that broke before confirmation.</summary>
    public long RecordsWithheld => _gate.Withheld;

    /// <inheritdoc/>
    public override SerialProtocol Protocol => SerialProtocol.NoninDf8;

    /// <inheritdoc/>
    public override void Reset()
    {
        _framer.Reset();
        _gate.Reset(_framer.BytesDiscarded);
    }

    /// <inheritdoc/>
    public override void Decode(ReadOnlySpan<byte> bytes, DateTimeOffset receivedAt, List<Observation> into)
    {
        var discarded = _framer.BytesDiscarded;
        while (_framer.TryRead(ref bytes, out var reading))
        {
            _released.Clear();
            _gate.Offer(_framer.BytesDiscarded, valid: true, (reading!, receivedAt), _released);
            foreach (var (r, at) in _released)
            {
                FramesAccepted++;
                Add(into, VitalKind.SpO2, r.SpO2, null, at, r.Flags);
                Add(into, VitalKind.PulseRate, r.HeartRate, null, at, r.Flags);
            }
        }

        BytesDiscarded += _framer.BytesDiscarded - discarded;
    }
}
