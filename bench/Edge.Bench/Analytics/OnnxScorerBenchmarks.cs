using BenchmarkDotNet.Attributes;
using Edge.Analytics.Model;

namespace Edge.Bench.Analytics;

/// <summary>
/// <see cref="OnnxAnomalyScorer.Score"/> on the shipped model: batch 1 (one patient's minute, what the engine does)
/// and batch 64 (one window per patient for 64 patients at once). The inputs are the 64 committed golden windows
/// (<c>analytics/models/vitals-ae-v1.golden.json</c>, found by walking up to <c>Edge.sln</c>). Per-call P50/P99 come
/// from <see cref="PerCallLatencyConfig"/>; Allocated is managed bytes per call.
/// </summary>
[Config(typeof(PerCallLatencyConfig))]
public class OnnxScorerBenchmarks : IDisposable
{
    private OnnxAnomalyScorer _scorer = null!;

    [Params(1, 64)]
    public int Batch { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _scorer = OnnxAnomalyScorer.Load(Path.Combine(AppContext.BaseDirectory, "models", "vitals-ae-v1.onnx"), maxBatch: 64);
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Edge.sln")))
        {
            dir = dir.Parent;
        }

        var golden = Path.Combine(dir?.FullName ?? throw new DirectoryNotFoundException("Edge.sln not found above the benchmark."), "analytics", "models", "vitals-ae-v1.golden.json");
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(golden));
        float[] Floats(string name) => [.. doc.RootElement.GetProperty(name).EnumerateArray().Select(e => (float)e.GetDouble())];
        Floats("x").CopyTo(_scorer.X);
        Floats("mask").CopyTo(_scorer.Mask);
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _scorer?.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark]
    public float Score()
    {
        _scorer.Score(Batch);
        return _scorer.OverallScore[0];
    }
}
