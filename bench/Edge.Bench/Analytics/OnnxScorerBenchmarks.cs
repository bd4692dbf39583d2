using BenchmarkDotNet.Attributes;
using Edge.Analytics.Model;

namespace Edge.Bench.Analytics;

/// <summary>
/// <see cref="OnnxAnomalyScorer.Score"/> on the shipped model: batch 1 (one patient's minute, what the engine does)
/// and batch 64 (one window per patient for 64 patients at once). The inputs are the committed golden windows,
/// tiled. Per-call P50/P99 come from <see cref="PerCallLatencyConfig"/>; Allocated is managed bytes per call.
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
        var dir = Path.Combine(AppContext.BaseDirectory, "models");
        _scorer = OnnxAnomalyScorer.Load(Path.Combine(dir, "vitals-ae-v1.onnx"), maxBatch: 64);
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "vitals-ae-v1.golden.json")));
        var x = doc.RootElement.GetProperty("x").EnumerateArray().Select(e => (float)e.GetDouble()).ToArray();
        var mask = doc.RootElement.GetProperty("mask").EnumerateArray().Select(e => (float)e.GetDouble()).ToArray();
        x.CopyTo(_scorer.X);
        mask.CopyTo(_scorer.Mask);
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
