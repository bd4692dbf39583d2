using Edge.Sync.Outbox;

namespace Edge.Bench.Ingest;

/// <summary>One timed run of the real ingest stage.</summary>
/// <param name="Readings">Readings durably committed (one per observation).</param>
/// <param name="Alerts">Alerts raised by analytics and committed with them.</param>
/// <param name="Elapsed">From <c>StartAsync</c> until the stage had committed everything and returned.</param>
/// <param name="Fsyncs">fsyncs on the outbox's data and log files during the run.</param>
/// <param name="Cpu">Process CPU time (user + system, all threads) during the run.</param>
/// <param name="RssBefore">Resident set size just before the run (the corpus is already in memory), bytes.</param>
/// <param name="PeakRss">Peak resident set size during the run, bytes.</param>
/// <param name="PeakIsPerRun">True when the peak was reset before the run; otherwise it is the process's lifetime peak.</param>
/// <param name="OtherCpu">CPU time other processes used on the machine during the run (machine busy minus ours).</param>
/// <param name="Steal">vCPU time the hypervisor took away during the run.</param>
/// <param name="Segments">Outbox segment files at the end of the run.</param>
/// <param name="Analytics">Whether analytics ran with its anomaly model (and which) or degraded.</param>
/// <param name="Stored">What the outbox holds afterwards, read back after timing, for the baselines.</param>
internal sealed record PipelineResult(
    long Readings,
    long Alerts,
    TimeSpan Elapsed,
    long Fsyncs,
    TimeSpan Cpu,
    long RssBefore,
    long PeakRss,
    bool PeakIsPerRun,
    TimeSpan OtherCpu,
    TimeSpan Steal,
    int Segments,
    string Analytics,
    IReadOnlyList<StoredItem> Stored)
{
    public long Items => Readings + Alerts;

    public double ReadingsPerSecond => Readings / Elapsed.TotalSeconds;

    public double ItemsPerSecond => Items / Elapsed.TotalSeconds;

    /// <summary>Cores' worth of CPU that other processes used while the pipeline ran: the noise on a shared box.</summary>
    public double OtherCores => Math.Max(0, OtherCpu.TotalSeconds) / Elapsed.TotalSeconds;

    public double StealCores => Steal.TotalSeconds / Elapsed.TotalSeconds;

    public long RssGrowth => PeakRss - RssBefore;

    public double CpuSecondsPer10k => Cpu.TotalSeconds / (Readings / 10_000.0);
}
