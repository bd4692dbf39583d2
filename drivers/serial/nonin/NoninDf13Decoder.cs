using Edge.Core;

namespace Edge.Drivers.Serial.Nonin;

/// <summary>
/// The DF13 port decoder. A record with NOMS (no measurement) yields nothing. A record sent from memory (MEM, the
/// back-fill a 9560 sends oldest first after reconnecting) is flagged <see cref="QualityIssues.Stale"/>: it was
/// measured at its device time, not when it arrived. Back-filled records already sent are not
/// repeated (de-duplicated by device time, for the life of the decoder; not across service restarts). A record without a valid device time is flagged DeviceClockNotSet.
/// One per port; not thread-safe.
/// </summary>
public sealed class NoninDf13Decoder : SerialDecoder
{
    private const int MaxRemembered = 4096;
    private readonly NoninDf13Framer _framer;
    private readonly HashSet<DateTimeOffset> _backfilled = [];

    /// <summary>Creates the decoder.</summary>
    public NoninDf13Decoder(string source, TimeSpan deviceUtcOffset = default)
        : base(source)
    {
        _framer = new NoninDf13Framer(deviceUtcOffset);
    }

    /// <inheritdoc/>
    public override SerialProtocol Protocol => SerialProtocol.NoninDf13;

    /// <summary>Records without a measurement (NOMS).</summary>
    public long EmptyRecords { get; private set; }

    /// <summary>Back-filled records dropped as repeats.</summary>
    public long DuplicateRecords { get; private set; }

    /// <inheritdoc/>
    public override void Reset() => _framer.Reset();

    /// <inheritdoc/>
    public override void Decode(ReadOnlySpan<byte> bytes, DateTimeOffset receivedAt, List<Observation> into)
    {
        var discarded = _framer.BytesDiscarded;
        var badChecksums = _framer.ChecksumFailures;
        while (_framer.TryRead(ref bytes, out var record))
        {
            FramesAccepted++;
            if (record!.NoMeasurement)
            {
                EmptyRecords++;
                continue;
            }

            var flags = QualityIssues.None;
            if (record.DeviceTime is null)
            {
                flags |= QualityIssues.DeviceClockNotSet;
            }

            if (record.FromMemory)
            {
                flags |= QualityIssues.Stale;
                if (record.DeviceTime is { } t)
                {
                    if (_backfilled.Count >= MaxRemembered)
                    {
                        _backfilled.Clear();
                    }

                    if (!_backfilled.Add(t))
                    {
                        DuplicateRecords++;
                        continue;
                    }
                }
            }

            Add(into, VitalKind.SpO2, record.SpO2, record.DeviceTime, receivedAt, flags);
            Add(into, VitalKind.PulseRate, record.HeartRate, record.DeviceTime, receivedAt, flags);
        }

        BytesDiscarded += _framer.BytesDiscarded - discarded;
        FramesRejected += _framer.ChecksumFailures - badChecksums;
    }
}
