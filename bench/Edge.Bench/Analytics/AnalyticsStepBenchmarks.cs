using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Edge.Analytics;
using Edge.Analytics.Evaluation;
using Edge.Analytics.Model;
using Edge.Core;

namespace Edge.Bench.Analytics;

/// <summary>
/// The full analytics step per reading (<see cref="AnalyticsEngine.Process"/>, plus the once-a-minute
/// <see cref="AnalyticsEngine.Sweep"/> amortised over the readings), for 64 synthetic patients whose readings arrive
/// interleaved in time order as ingest sees them: quality gate, NEWS2, hard limits, baseline, window model (a batch-1
/// score per patient-minute) and alert engine. Baselines are established in the setup (26 simulated hours) so the
/// measured readings take the full path. One invocation processes 10,000 readings; results are per reading.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 15, invocationCount: 1)]
public class AnalyticsStepBenchmarks : IDisposable
{
    private const int Patients = 64;
    private const int Block = 10_000;

    private OnnxAnomalyScorer? _scorer;
    private AnalyticsEngine _engine = null!;
    private Reading[] _readings = [];
    private int _cursor;
    private DateTimeOffset _nextSweep;

    [Params(true, false)]
    public bool WithModel { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var cohort = new CohortOptions { Seed = 7, Patients = Patients, Days = 3 };
        _readings = [.. Enumerable.Range(0, Patients).SelectMany(i => SyntheticCohort.Generate(cohort, i).Readings).OrderBy(r => r.GatewayTime)];
        _scorer = WithModel ? OnnxAnomalyScorer.Load(Path.Combine(AppContext.BaseDirectory, "models", "vitals-ae-v1.onnx"), maxBatch: 1) : null;
        _engine = new AnalyticsEngine(new AnalyticsOptions(), _scorer);
        var warm = cohort.Start.AddHours(26);
        _nextSweep = cohort.Start.AddMinutes(1);
        while (_readings[_cursor].GatewayTime < warm)
        {
            Step();
        }

        var needed = (2 + 15) * Block;
        if (_readings.Length - _cursor < needed)
        {
            throw new InvalidOperationException("Not enough synthetic readings for the configured iterations.");
        }
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _engine?.Dispose();
        _scorer?.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark(OperationsPerInvoke = Block)]
    public int ProcessReading()
    {
        var alerts = 0;
        for (var i = 0; i < Block; i++)
        {
            alerts += Step();
        }

        return alerts;
    }

    private int Step()
    {
        var reading = _readings[_cursor++];
        var alerts = 0;
        while (reading.GatewayTime >= _nextSweep)
        {
            alerts += _engine.Sweep(_nextSweep).Alerts.Count;
            _nextSweep = _nextSweep.AddMinutes(1);
        }

        return alerts + _engine.Process(reading).Alerts.Count;
    }
}
