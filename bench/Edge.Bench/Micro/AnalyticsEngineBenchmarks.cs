using System.Diagnostics.CodeAnalysis;
using BenchmarkDotNet.Attributes;
using Edge.Analytics;
using Edge.Core;

namespace Edge.Bench.Micro;

/// <summary>
/// <see cref="AnalyticsEngine.Process"/> for one reading of a patient the engine already knows, in the steady state
/// (low risk, no alert): the path nearly every reading takes. The engine is built as the host builds it, so it loads the
/// shipped anomaly model; the model itself runs only when a minute closes, which a repeated reading never does, so this
/// measures the per-reading path (quality gate, NEWS2, limits, window). No baseline: the engine is the only thing doing
/// this job; <see cref="News2Benchmarks"/> shows how much of it is the NEWS2 score itself.
/// </summary>
[MemoryDiagnoser]
[SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet owns the lifetime: [GlobalCleanup] disposes the engine.")]
public class AnalyticsEngineBenchmarks
{
    private static readonly DateTimeOffset At = new(2026, 1, 5, 8, 0, 0, TimeSpan.Zero);

    private AnalyticsEngine _engine = null!;
    private Reading _spo2 = null!;
    private Reading _perfusionIndex = null!;

    [GlobalSetup]
    public void Setup()
    {
        _engine = new AnalyticsEngine(new AnalyticsOptions());
        _spo2 = NewReading(VitalKind.SpO2, 97, 2);
        _perfusionIndex = NewReading(VitalKind.PerfusionIndex, 3.45, 3);

        // The patient already has a pulse, so the SpO2 reading scores two rows, as at home.
        _engine.Process(NewReading(VitalKind.HeartRate, 72, 1));
        _engine.Process(_spo2);
        Console.WriteLine($"// analytics status: degraded={_engine.Status.Degraded}, model={_engine.Status.ModelVersion}, reason={_engine.Status.Reason}");
    }

    [GlobalCleanup]
    public void Cleanup() => _engine.Dispose();

    /// <summary>A NEWS2 input: stored, rescored, alert state checked.</summary>
    [Benchmark]
    public AnalyticsOutcome Process_SpO2_Scored() => _engine.Process(_spo2);

    /// <summary>Not a NEWS2 input (perfusion index): the early exit.</summary>
    [Benchmark]
    public AnalyticsOutcome Process_PerfusionIndex_NotAnInput() => _engine.Process(_perfusionIndex);

    private static Reading NewReading(VitalKind kind, double value, long seq) =>
        new(Guid.CreateVersion7(At), "oxi-001", seq, "pt-001", kind, value, At, At, ClockTrust.Trusted, QualityIssues.None);
}
