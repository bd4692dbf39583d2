using Edge.Core;

namespace Edge.Drivers.Serial.Nonin;

/// <summary>
/// The DF2/DF7 port decoder: <see cref="NoninFrameFramer"/> → <see cref="NoninPacketAssembler"/> → pulse rate and
/// SpO2 from the values formatted for recording (which go missing at once when the finger is removed), coalesced to
/// one reading per interval. Display-formatted (-D) values are not published: they are held for 10 s after finger
/// removal. A value that arrives with SNSA (sensor alarm) set is flagged <see cref="QualityIssues.Stale"/> as well as
/// SensorContactLost. One per port; not thread-safe.
/// </summary>
public sealed class NoninStreamDecoder : SerialDecoder
{
    private readonly NoninFrameFramer _framer;
    private readonly NoninPacketAssembler _assembler = new();
    private readonly bool _df7;
    private NumericCoalescer _coalescer;

    /// <summary>Creates the decoder.</summary>
    /// <param name="source">The port path.</param>
    /// <param name="dataFormat7">DF7 (16-bit pleth) instead of DF2.</param>
    /// <param name="interval">Coalescing interval; zero emits every packet.</param>
    public NoninStreamDecoder(string source, bool dataFormat7, TimeSpan interval)
        : base(source)
    {
        _df7 = dataFormat7;
        _framer = new NoninFrameFramer(dataFormat7);
        _coalescer = new NumericCoalescer(interval);
    }

    /// <inheritdoc/>
    public override SerialProtocol Protocol => _df7 ? SerialProtocol.NoninDf7 : SerialProtocol.NoninDf2;

    /// <summary>Complete packets decoded.</summary>
    public long Packets { get; private set; }

    /// <inheritdoc/>
    public override void Reset()
    {
        _framer.Reset();
        _assembler.Reset();
        _coalescer.Reset();
    }

    /// <inheritdoc/>
    public override void Decode(ReadOnlySpan<byte> bytes, DateTimeOffset receivedAt, List<Observation> into)
    {
        var discarded = _framer.BytesDiscarded;
        var rejected = _assembler.PacketsRejected + _assembler.PacketsBroken;
        while (_framer.TryRead(ref bytes, out var frame))
        {
            FramesAccepted++;
            if (!_assembler.TryAdd(frame, out var packet))
            {
                continue;
            }

            Packets++;
            var flags = NoninQuality.FromStatus(packet!.Status);
            if ((packet.Status & NoninStatus.SensorAlarm) != 0)
            {
                flags |= QualityIssues.Stale;
            }

            if (_coalescer.Offer(receivedAt, flags, out var stamped))
            {
                Add(into, VitalKind.SpO2, packet.SpO2, null, receivedAt, stamped);
                Add(into, VitalKind.PulseRate, packet.HeartRate, null, receivedAt, stamped);
            }
        }

        BytesDiscarded += _framer.BytesDiscarded - discarded;
        FramesRejected += _assembler.PacketsRejected + _assembler.PacketsBroken - rejected;
    }
}
