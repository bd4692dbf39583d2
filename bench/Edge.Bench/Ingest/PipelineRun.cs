using System.Diagnostics;
using Edge.Analytics;
using Edge.Core;
using Edge.Host.Clock;
using Edge.Host.Configuration;
using Edge.Host.Ingest;
using Edge.Host.Status;
using Edge.Sync.Outbox;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Edge.Bench.Ingest;

/// <summary>
/// Runs the real <see cref="IngestService"/> over a replayed corpus into a real <see cref="OutboxStore"/> on disk,
/// composed by hand the way the host's <c>AddX</c> methods compose it (no uplink, no console view, no logging).
/// </summary>
internal static class PipelineRun
{
    public static async Task<PipelineResult> RunAsync(ObservationCorpus corpus, int count, string directory)
    {
        var observations = count == corpus.Observations.Count ? corpus.Observations : corpus.Observations.Take(count).ToList();
        var patients = Options.Create(corpus.Patients);
        var time = TimeProvider.System;
        var outboxOptions = new OutboxOptions();
        using var outbox = OutboxStore.Open(directory, outboxOptions, time, NullLogger.Instance);
        var status = new GatewayStatus();

        // As AddEdgeAnalytics builds it: the default options load the shipped anomaly model next to the assemblies.
        using var analytics = new AnalyticsEngine(new AnalyticsOptions
        {
            SpO2ScaleByPatient = corpus.Patients.Patients.ToDictionary(p => p.Id, p => p.SpO2Scale, StringComparer.Ordinal),
        });

        // "auto" asks the kernel (adjtimex, cached 10 s) exactly as the appliance does by default.
        var clock = new KernelClockTrust(Options.Create(new EdgeOptions { ClockTrust = "auto" }), time);
        using var retained = Edge.Sync.Residency.LocalRetentionStore.Open(Path.Combine(directory, "local"));
        using var service = new IngestService(
            [new ReplaySource(observations)],
            new PairingRegistry(patients),
            outbox,
            Edge.Sync.Residency.ResidencyGate.AllowingAll("cloud"),
            retained,
            analytics,
            clock,
            status,
            new PatientPanels(status, patients),
            Options.Create(outboxOptions),
            time,
            NullLogger<IngestService>.Instance);

        ProcessMetrics.CollectAndTrim();
        var rssBefore = ProcessMetrics.Rss();
        var gc = GC.GetGCMemoryInfo();
        Console.Error.WriteLine($"[ingest]   before the run: RSS {rssBefore >> 20} MB, GC heap {gc.HeapSizeBytes >> 20} MB");
        var peakIsPerRun = ProcessMetrics.TryResetPeak();
        var fsyncsBefore = outbox.FsyncCount;
        var cpuBefore = ProcessMetrics.CpuTime();
        var machineBefore = ProcessMetrics.MachineCpu();
        var stopwatch = Stopwatch.StartNew();

        await service.StartAsync(CancellationToken.None);

        // The stage returns by itself once the source has ended and the last group commit is on disk: every
        // observation is then either stored or counted as unbound. That is the end of "durably committed".
        await (service.ExecuteTask ?? throw new InvalidOperationException("The ingest stage did not start."));
        stopwatch.Stop();
        var cpu = ProcessMetrics.CpuTime() - cpuBefore;
        var machine = ProcessMetrics.MachineCpu();
        var fsyncs = outbox.FsyncCount - fsyncsBefore;
        var peak = ProcessMetrics.PeakRss();
        await service.StopAsync(CancellationToken.None);

        var readings = status.Stored - status.Alerts;
        if (status.Unbound != 0 || readings != observations.Count || status.CommitFailures != 0
            || outbox.CommittedTotal != status.Stored)
        {
            throw new InvalidOperationException(
                $"Pipeline run incomplete: observations {observations.Count}, stored {status.Stored}, alerts {status.Alerts}, " +
                $"unbound {status.Unbound}, commit failures {status.CommitFailures}, outbox committed {outbox.CommittedTotal}.");
        }

        var stored = Enum.GetValues<DataClass>()
            .SelectMany(c => outbox.Read(c, 0, long.MaxValue, (int)status.Stored))
            .OrderBy(i => i.Position)
            .ToList();
        if (stored.Count != status.Stored)
        {
            throw new InvalidOperationException($"Read back {stored.Count} of {status.Stored} stored items.");
        }

        var model = analytics.Status.Degraded ? $"degraded: {analytics.Status.Reason}" : $"model {analytics.Status.ModelVersion}";
        return new PipelineResult(
            readings,
            status.Alerts,
            stopwatch.Elapsed,
            fsyncs,
            cpu,
            rssBefore,
            peak,
            peakIsPerRun,
            machine.Busy - machineBefore.Busy - cpu,
            machine.Steal - machineBefore.Steal,
            outbox.SegmentCount,
            model,
            stored);
    }
}
