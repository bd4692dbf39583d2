using System.Diagnostics;
using System.Globalization;
using static System.FormattableString;

namespace Edge.Bench.Ingest;

/// <summary>
/// The end-to-end ingest benchmark. In one process: pre-generate a simulator corpus, then per round run (a) the real
/// ingest stage into the real outbox (fsync per group commit), (b) raw LiteDB <c>InsertBulk</c> of the same documents,
/// (c) naive per-document <c>Insert</c>. The machine is shared and noisy, so every figure that matters is a ratio
/// against a baseline measured in the same round. Markdown goes to stdout, progress to stderr.
/// </summary>
internal static class IngestHarness
{
    private const int WarmUpReadings = 20_000;
    private const int WarmUpNaive = 2_000;

    public static async Task<int> RunAsync(string[] args)
    {
        if (!HarnessOptions.TryParse(args, out var options, out var error))
        {
            await Console.Error.WriteLineAsync($"ingest: {error}");
            return 2;
        }

        var root = Path.Combine(Path.GetFullPath(options.Directory), "edge-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        try
        {
            await RunAsync(options, root);
            return 0;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task RunAsync(HarnessOptions options, string root)
    {
        var output = Console.Out;
        await output.WriteLineAsync("## Machine");
        await output.WriteLineAsync();
        await output.WriteLineAsync("| | |");
        await output.WriteLineAsync("|---|---|");
        foreach (var (key, value) in MachineInfo.Describe(root))
        {
            await output.WriteLineAsync($"| {key} | {value} |");
        }

        Progress($"generating {options.Readings:N0} observations from {options.Patients} simulated patients");
        var generation = Stopwatch.StartNew();
        var corpus = await ObservationCorpus.GenerateAsync(options.Readings, options.Patients);
        generation.Stop();
        ProcessMetrics.CollectAndTrim();
        var rssWithCorpus = ProcessMetrics.Rss();

        await output.WriteLineAsync();
        await output.WriteLineAsync("## Corpus");
        await output.WriteLineAsync();
        await output.WriteLineAsync(
            Invariant($"{corpus.Observations.Count:N0} observations from SimulatorSource (seed 42, IntervalMs 0, {options.Patients} patients x (HRM strap + Rad-8), ") +
            Invariant($"{corpus.Ticks:N0} ticks of 1 s simulated time), generated in {generation.Elapsed.TotalSeconds:F1} s before any timing; ") +
            Invariant($"{corpus.Flagged:N0} carry a quality flag; process RSS with the corpus loaded {Mb(rssWithCorpus)} MB. Mix: ") +
            string.Join(", ", corpus.Mix().Select(m => Invariant($"{m.Kind} {m.Share:P1}"))) + ".");

        Progress("calibrating fsyncs per outbox append");
        var calibration = FsyncCalibration.Measure(corpus, Path.Combine(root, "calibration"));
        var perCommit = calibration.Select(c => c.FsyncsPerAppend).Distinct().Count() == 1 ? calibration[0].FsyncsPerAppend : (double?)null;
        await output.WriteLineAsync();
        await output.WriteLineAsync("## fsyncs per OutboxStore.Append (scratch store, 5 appends per size)");
        await output.WriteLineAsync();
        await output.WriteLineAsync("| batch size | fsyncs per append |");
        await output.WriteLineAsync("|---:|---:|");
        foreach (var (batch, fsyncs) in calibration)
        {
            await output.WriteLineAsync(Invariant($"| {batch:N0} | {fsyncs:0.##} |"));
        }

        await output.WriteLineAsync();
        await output.WriteLineAsync(perCommit is { } c
            ? Invariant($"Constant at {c:0.##}: group commits = fsyncs / {c:0.##}.")
            : "Not constant: group commits below are fsyncs divided by the mean, an estimate.");
        var fsyncsPerCommit = perCommit ?? calibration.Average(x => x.FsyncsPerAppend);
        var extraPerRotation = FsyncCalibration.ExtraPerRotation(corpus, Path.Combine(root, "calibration-rotation"));
        await output.WriteLineAsync(Invariant(
            $"An append that fills a segment and opens the next costs {extraPerRotation:0.##} extra fsync(s) (measured with 100-item segments); ") +
            "group commits below = (fsyncs - rotations x that) / fsyncs per append, with rotations = segments at the end - 1.");
        var counter = new CommitCounter(fsyncsPerCommit, extraPerRotation);

        Progress("warm-up (not reported)");
        await WarmUpAsync(corpus, options, Path.Combine(root, "warm"));

        var rounds = new List<RoundResult>();
        for (var r = 1; r <= options.Rounds; r++)
        {
            rounds.Add(await RunRoundAsync(corpus, options, r, Path.Combine(root, $"round{r}")));
        }

        await WriteResultsAsync(output, options, rounds, counter, perCommit is not null);
    }

    /// <summary>JIT, tiered compilation and LiteDB's first-use costs: one small set, not reported.</summary>
    private static async Task WarmUpAsync(ObservationCorpus corpus, HarnessOptions options, string dir)
    {
        var warm = await PipelineRun.RunAsync(corpus, Math.Min(WarmUpReadings, options.Readings), Path.Combine(dir, "pipeline"));
        await OnOwnThreadAsync(() => LiteDbBaselines.InsertBulk(BaselineDocuments.From(warm.Stored, warm.Stored.Count), Path.Combine(dir, "bulk")));
        await OnOwnThreadAsync(() => LiteDbBaselines.InsertOneByOne(BaselineDocuments.From(warm.Stored, Math.Min(WarmUpNaive, warm.Stored.Count)), Path.Combine(dir, "naive")));
        Directory.Delete(dir, recursive: true);
    }

    /// <summary>
    /// One round, a then b then c. A method of its own so that nothing of it (the read-back items, the documents) is
    /// still referenced by an async state machine while the next round measures memory.
    /// </summary>
    private static async Task<RoundResult> RunRoundAsync(ObservationCorpus corpus, HarnessOptions options, int round, string dir)
    {
        Progress($"round {round}/{options.Rounds}: pipeline");
        var pipeline = await PipelineRun.RunAsync(corpus, options.Readings, Path.Combine(dir, "pipeline"));
        Progress(Invariant($"round {round}: pipeline {pipeline.ReadingsPerSecond:N0} readings/s; InsertBulk"));
        var bulk = await OnOwnThreadAsync(() => LiteDbBaselines.InsertBulk(BaselineDocuments.From(pipeline.Stored, pipeline.Stored.Count), Path.Combine(dir, "bulk")));
        Progress(Invariant($"round {round}: InsertBulk {bulk.DocsPerSecond:N0} docs/s; naive Insert x {options.Naive:N0}"));
        var naive = await OnOwnThreadAsync(() => LiteDbBaselines.InsertOneByOne(BaselineDocuments.From(pipeline.Stored, Math.Min(options.Naive, pipeline.Stored.Count)), Path.Combine(dir, "naive")));
        Progress(Invariant($"round {round}: naive {naive.DocsPerSecond:N0} docs/s"));
        Directory.Delete(dir, recursive: true);
        return new RoundResult(round, pipeline with { Stored = [] }, bulk, naive);
    }

    /// <summary>
    /// Runs a baseline on a thread of its own that ends with it. Measured here: after <c>InsertBulk</c> of 200k documents
    /// and <c>Dispose</c>, LiteDB 5.0.21 still keeps those documents reachable from the calling thread (the GC heap stays
    /// about 260 MB larger until that thread ends), which would inflate the next pipeline run's memory figures.
    /// </summary>
    private static Task<BaselineResult> OnOwnThreadAsync(Func<BaselineResult> baseline) =>
        Task.Factory.StartNew(baseline, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private static async Task WriteResultsAsync(TextWriter output, HarnessOptions options, List<RoundResult> rounds, CommitCounter counter, bool exact)
    {
        var approx = exact ? string.Empty : "~";
        await output.WriteLineAsync();
        await output.WriteLineAsync(
            Invariant($"## Rates (N = {options.Readings:N0} readings, naive = {options.Naive:N0} documents, {rounds.Count} rounds, each round a then b then c)"));
        await output.WriteLineAsync();
        await output.WriteLineAsync("| round | (a) pipeline wall s | (a) readings/s | (a) items/s | (b) InsertBulk docs/s | (b) with close docs/s | (c) naive Insert docs/s | a/b | a/c |");
        await output.WriteLineAsync("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in rounds)
        {
            await output.WriteLineAsync(
                Invariant($"| {r.Round} | {r.Pipeline.Elapsed.TotalSeconds:F2} | {r.Pipeline.ReadingsPerSecond:N0} | {r.Pipeline.ItemsPerSecond:N0} | ") +
                Invariant($"{r.Bulk.DocsPerSecond:N0} | {r.Bulk.DocsPerSecondWithClose:N0} | {r.Naive.DocsPerSecond:N0} | {r.VersusBulk:F2} | {r.VersusNaive:F2} |"));
        }

        await output.WriteLineAsync(
            Invariant($"| **median** | {Median(rounds, r => r.Pipeline.Elapsed.TotalSeconds):F2} | **{Median(rounds, r => r.Pipeline.ReadingsPerSecond):N0}** | ") +
            Invariant($"{Median(rounds, r => r.Pipeline.ItemsPerSecond):N0} | **{Median(rounds, r => r.Bulk.DocsPerSecond):N0}** | ") +
            Invariant($"{Median(rounds, r => r.Bulk.DocsPerSecondWithClose):N0} | **{Median(rounds, r => r.Naive.DocsPerSecond):N0}** | ") +
            Invariant($"**{Median(rounds, r => r.VersusBulk):F2}** | **{Median(rounds, r => r.VersusNaive):F2}** |"));

        await output.WriteLineAsync();
        await output.WriteLineAsync(
            "a/b and a/c pair each round's pipeline items/s with that round's baseline docs/s (the same documents); the median row " +
            "takes the median of those per-round ratios. Items = readings + alerts, one outbox document each.");

        await output.WriteLineAsync();
        await output.WriteLineAsync("## Pipeline detail");
        await output.WriteLineAsync();
        await output.WriteLineAsync("| round | readings | alerts | fsyncs | group commits | mean batch (items) | CPU s | CPU s per 10k readings | RSS before MB | RSS peak MB | RSS growth MB | other processes, cores | steal, cores |");
        await output.WriteLineAsync("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in rounds)
        {
            var p = r.Pipeline;
            var commits = counter.Commits(p);
            await output.WriteLineAsync(
                Invariant($"| {r.Round} | {p.Readings:N0} | {p.Alerts:N0} | {p.Fsyncs:N0} | {approx}{commits:N0} | {approx}{p.Items / commits:N0} | ") +
                Invariant($"{p.Cpu.TotalSeconds:F2} | {p.CpuSecondsPer10k:F3} | {Mb(p.RssBefore)} | {Mb(p.PeakRss)}{(p.PeakIsPerRun ? string.Empty : " (lifetime)")} | {Mb(p.RssGrowth)} | {p.OtherCores:F2} | {p.StealCores:F2} |"));
        }

        await output.WriteLineAsync(
            Invariant($"| **median** | | | {Median(rounds, r => r.Pipeline.Fsyncs):N0} | {approx}{Median(rounds, r => counter.Commits(r.Pipeline)):N0} | ") +
            Invariant($"{approx}{Median(rounds, r => r.Pipeline.Items / counter.Commits(r.Pipeline)):N0} | {Median(rounds, r => r.Pipeline.Cpu.TotalSeconds):F2} | ") +
            Invariant($"**{Median(rounds, r => r.Pipeline.CpuSecondsPer10k):F3}** | {Mb(Median(rounds, r => r.Pipeline.RssBefore))} | **{Mb(Median(rounds, r => r.Pipeline.PeakRss))}** | {Mb(Median(rounds, r => r.Pipeline.RssGrowth))} | {Median(rounds, r => r.Pipeline.OtherCores):F2} | {Median(rounds, r => r.Pipeline.StealCores):F2} |"));
        var first = rounds[0].Pipeline;
        await output.WriteLineAsync();
        await output.WriteLineAsync(Invariant($"Analytics ran with {first.Analytics}; the outbox ended with {first.Segments} segment file(s) per run."));
        await output.WriteLineAsync();
        await output.WriteLineAsync(
            "CPU is the whole process (all threads, GC included) over the pipeline's wall time. RSS before is measured after an aggressive, " +
            "compacting GC and includes the pre-generated corpus held in memory; the peak (VmHWM) is reset through /proc/self/clear_refs just " +
            "before each pipeline run, so growth is what the run itself added (channel, batches, LiteDB page cache, GC headroom). " +
            "Other processes and steal come from /proc/stat over the same interval (machine busy time minus this process's CPU; hypervisor " +
            "steal), in cores: the noise each round ran under, out of 2 cores.");
    }

    private static double Median(List<RoundResult> rounds, Func<RoundResult, double> selector)
    {
        var values = rounds.Select(selector).Order().ToList();
        var mid = values.Count / 2;
        return values.Count % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }

    private static string Mb(double bytes) => (bytes / (1024 * 1024)).ToString("F0", CultureInfo.InvariantCulture);

    private static void Progress(string message) => Console.Error.WriteLine($"[ingest] {message}");
}
