using Edge.Core;

namespace Edge.Drivers.Serial.Masimo;

/// <summary>
/// The Masimo port decoder: <see cref="MasimoLineFramer"/>, then per line <see cref="MasimoLineParser.DetectFormat"/>
/// and the matching parser. Live lines become live observations; trend-download lines (someone ran a TrendCom
/// dump on this port) become observations flagged <see cref="QualityIssues.Stale"/>, because they were measured in
/// the past and the gateway receive time is not their measurement time. One per port; not thread-safe.
/// </summary>
public sealed class MasimoDecoder : SerialDecoder
{
    private readonly MasimoLineFramer _framer = new();
    private readonly TimeSpan _offset;

    /// <summary>Creates the decoder for <paramref name="source"/>.</summary>
    /// <param name="source">The port path.</param>
    /// <param name="deviceUtcOffset">UTC offset of the device clock.</param>
    public MasimoDecoder(string source, TimeSpan deviceUtcOffset = default)
        : base(source)
    {
        _offset = deviceUtcOffset;
    }

    /// <inheritdoc/>
    public override SerialProtocol Protocol => SerialProtocol.Masimo;

    /// <summary>Live lines parsed.</summary>
    public long LiveLines { get; private set; }

    /// <summary>Trend-download lines parsed.</summary>
    public long TrendLines { get; private set; }

    /// <inheritdoc/>
    public override void Reset() => _framer.Resync();

    /// <inheritdoc/>
    public override void Decode(ReadOnlySpan<byte> bytes, DateTimeOffset receivedAt, List<Observation> into)
    {
        var beforeDropped = _framer.PartialLinesDiscarded + _framer.OverlongLinesDropped;
        while (_framer.TryReadLine(ref bytes, out var line))
        {
            switch (MasimoLineParser.DetectFormat(line))
            {
                case MasimoLineFormat.Trend:
                    var trend = MasimoTrendLineParser.Parse(line, _offset);
                    if (trend.TryGetValue(out var record))
                    {
                        FramesAccepted++;
                        TrendLines++;
                        var flags = MasimoLineParser.ToQualityIssues(record.Exceptions ?? MasimoExceptions.None, MasimoAlarms.None) | QualityIssues.Stale;
                        Add(into, VitalKind.SpO2, record.SpO2, record.DeviceTime, receivedAt, flags);
                        Add(into, VitalKind.PulseRate, record.PulseRate, record.DeviceTime, receivedAt, flags);
                        Add(into, VitalKind.PerfusionIndex, record.PerfusionIndex, record.DeviceTime, receivedAt, flags);
                    }
                    else
                    {
                        FramesRejected++;
                    }

                    break;
                default:
                    var live = MasimoLineParser.Parse(line, _offset);
                    if (live.TryGetValue(out var reading))
                    {
                        FramesAccepted++;
                        LiveLines++;
                        into.AddRange(MasimoLineParser.ToObservations(reading, Source, receivedAt));
                    }
                    else
                    {
                        FramesRejected++;
                    }

                    break;
            }
        }

        // Dropped partial and overlong lines count as discarded input; their byte counts are not tracked.
        BytesDiscarded += _framer.PartialLinesDiscarded + _framer.OverlongLinesDropped - beforeDropped;
    }
}
