using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;

namespace Edge.Bench.Analytics;

/// <summary>
/// One call per iteration, 10,000 iterations after 1,000 warm-up calls, no forced GC between them: BenchmarkDotNet's
/// iteration statistics are then per-call latencies, and P50/P99 columns are the per-call median and tail.
/// </summary>
public sealed class PerCallLatencyConfig : ManualConfig
{
    public PerCallLatencyConfig()
    {
        AddJob(Job.Default
            .WithInvocationCount(1)
            .WithUnrollFactor(1)
            .WithWarmupCount(1000)
            .WithIterationCount(10_000)
            .WithLaunchCount(1)
            .WithGcForce(false)
            .WithId("per-call"));
        AddColumn(new PercentileColumn(50), new PercentileColumn(99), new PercentileColumn(99.9));
        AddDiagnoser(MemoryDiagnoser.Default);
    }
}
