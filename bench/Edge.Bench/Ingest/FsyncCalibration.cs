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

        // The first append of a new file also lays out its header pages; keep it out of the figures.
        outbox.Append(Batch(1));
        var result = new List<(int, double)>();
        foreach (var size in BatchSizes)
        {
            var before = outbox.FsyncCount;
            for (var a = 0; a < AppendsPerSize; a++)
            {
                outbox.Append(Batch(size));
            }

            result.Add((size, (outbox.FsyncCount - before) / (double)AppendsPerSize));
        }

        return result;
    }
}
