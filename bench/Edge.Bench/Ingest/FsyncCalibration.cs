using Edge.Core;
using Edge.Sync.Outbox;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.Bench.Ingest;

/// <summary>
/// The outbox counts fsyncs, not commits. This measures how many fsyncs one <see cref="OutboxStore.Append"/> costs at
/// several batch sizes, on a scratch store, so that a pipeline run's fsync count can be turned into its number of
/// group commits. The conversion is exact only if the cost per append does not depend on the batch size; the harness
/// prints what it found so a reader can judge.
/// </summary>
internal static class FsyncCalibration
{
    private static readonly int[] BatchSizes = [1, 50, 500, 2_000];
    private const int AppendsPerSize = 5;

    public static IReadOnlyList<(int Batch, double FsyncsPerAppend)> Measure(ObservationCorpus corpus, string directory)
    {
        using var outbox = OutboxStore.Open(directory, new OutboxOptions(), TimeProvider.System, NullLogger.Instance);
        var result = new List<(int, double)>();
        var batch = Batches(corpus);

        // The first append of a new file also lays out its header pages; keep it out of the figures.
        outbox.Append(batch(1));
        foreach (var size in BatchSizes)
        {
            var before = outbox.FsyncCount;
            for (var a = 0; a < AppendsPerSize; a++)
            {
                outbox.Append(batch(size));
            }

            result.Add((size, (outbox.FsyncCount - before) / (double)AppendsPerSize));
        }

        return result;
    }

    /// <summary>
    /// Extra fsyncs of an append that fills a segment and so opens the next one (its first commit carries the
    /// sequence table): measured with the smallest segments the options allow.
    /// </summary>
    public static double ExtraPerRotation(ObservationCorpus corpus, string directory)
    {
        const int segmentItems = 100;
        const int appends = 20;
        using var outbox = OutboxStore.Open(directory, new OutboxOptions { SegmentItems = segmentItems }, TimeProvider.System, NullLogger.Instance);
        var batch = Batches(corpus);
        outbox.Append(batch(1));
        var before = outbox.FsyncCount;
        var segmentsBefore = outbox.SegmentCount;
        for (var a = 0; a < appends; a++)
        {
            outbox.Append(batch(segmentItems / 2));
        }

        var rotations = outbox.SegmentCount - segmentsBefore;
        return rotations == 0 ? 0 : (outbox.FsyncCount - before - appends) / (double)rotations;
    }

    private static Func<int, List<OutboxItem>> Batches(ObservationCorpus corpus)
    {
        var seq = 0L;
        var source = corpus.Observations;

        List<OutboxItem> Batch(int size)
        {
            var items = new List<OutboxItem>(size);
            for (var i = 0; i < size; i++)
            {
                var o = source[(int)(seq % source.Count)];
                seq++;
                items.Add(OutboxItem.ForReading(new Reading(
                    Guid.CreateVersion7(o.ReceivedAt), "cal-dev", seq, "cal-pt", o.Kind, o.Value, o.DeviceTime, o.ReceivedAt, ClockTrust.Trusted, o.Flags)));
            }

            return items;
        }

        return Batch;
    }
}
