using System.Text.Json;

namespace Edge.Analytics.Tests.Model;

/// <summary>The committed golden input/output of the model, written by analytics/training/train.py.</summary>
internal sealed record GoldenFile(int Rows, float[] X, float[] Mask, float[] ScorePerVital, float[] Score, float[] LastPerVital, string ModelSha256)
{
    public static GoldenFile Load(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var root = doc.RootElement;
        float[] Floats(string name) => [.. root.GetProperty(name).EnumerateArray().Select(e => (float)e.GetDouble())];
        return new GoldenFile(
            root.GetProperty("shape")[0].GetInt32(),
            Floats("x"),
            Floats("mask"),
            Floats("score_per_vital"),
            Floats("score"),
            Floats("last_per_vital"),
            root.GetProperty("model_sha256").GetString()!);
    }

    /// <summary>|Δ| ≤ 1e-5 + 1e-5·|expected| (the golden file's stated tolerance).</summary>
    public static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            var tolerance = 1e-5 + (1e-5 * Math.Abs(expected[i]));
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"{what}[{i}]: expected {expected[i]}, got {actual[i]}");
        }
    }
}
