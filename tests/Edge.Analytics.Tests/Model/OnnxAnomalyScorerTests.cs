using System.Security.Cryptography;
using Edge.Analytics.Model;

namespace Edge.Analytics.Tests.Model;

public sealed class OnnxAnomalyScorerTests : IDisposable
{
    private const int W = ModelChannels.WindowMinutes;
    private const int V = ModelChannels.Count;

    private readonly GoldenFile _golden = GoldenFile.Load(ModelFiles.GoldenPath);
    private readonly OnnxAnomalyScorer _scorer = OnnxAnomalyScorer.Load(ModelFiles.ModelPath, maxBatch: 64);

    public void Dispose() => _scorer.Dispose();

    [Fact]
    public void GoldenFile_BelongsToTheCommittedModel()
    {
        var sha = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(ModelFiles.ModelPath)));

        Assert.Equal(_golden.ModelSha256, sha);
        Assert.Equal(64, _golden.Rows);
    }

    [Fact]
    public void Score_GoldenBatchOf64_ReproducesTheTrainingScriptOutputs()
    {
        _golden.X.CopyTo(_scorer.X);
        _golden.Mask.CopyTo(_scorer.Mask);

        _scorer.Score(64);

        GoldenFile.AssertClose(_golden.ScorePerVital, _scorer.ScorePerVital[..(64 * V)], "score_per_vital");
        GoldenFile.AssertClose(_golden.Score, _scorer.OverallScore[..64], "score");
        GoldenFile.AssertClose(_golden.LastPerVital, _scorer.LastPerVital[..(64 * V)], "last_per_vital");
    }

    [Fact]
    public void Score_GoldenRowsOneAtATime_GiveTheSameResultAsTheBatch()
    {
        for (var r = 0; r < _golden.Rows; r++)
        {
            _golden.X.AsSpan(r * W * V, W * V).CopyTo(_scorer.X);
            _golden.Mask.AsSpan(r * W * V, W * V).CopyTo(_scorer.Mask);

            _scorer.Score(1);

            GoldenFile.AssertClose(_golden.ScorePerVital.AsSpan(r * V, V), _scorer.ScorePerVital[..V], $"row {r} score_per_vital");
            GoldenFile.AssertClose(_golden.Score.AsSpan(r, 1), _scorer.OverallScore[..1], $"row {r} score");
            GoldenFile.AssertClose(_golden.LastPerVital.AsSpan(r * V, V), _scorer.LastPerVital[..V], $"row {r} last_per_vital");
        }
    }

    [Fact]
    public void Score_GarbageUnderMaskZero_DoesNotChangeAnyOutput()
    {
        var (x, mask) = Row(3);
        Score1(x, mask);
        var before = (_scorer.ScorePerVital[..V].ToArray(), _scorer.OverallScore[0], _scorer.LastPerVital[..V].ToArray());

        var rng = new Random(7);
        for (var i = 0; i < x.Length; i++)
        {
            if (mask[i] == 0)
            {
                x[i] = (float)((rng.NextDouble() * 200) - 100);
            }
        }

        Score1(x, mask);

        Assert.Contains(mask, m => m == 0);
        Assert.Equal(before.Item1, _scorer.ScorePerVital[..V].ToArray());
        Assert.Equal(before.Item2, _scorer.OverallScore[0]);
        Assert.Equal(before.Item3, _scorer.LastPerVital[..V].ToArray());
    }

    [Fact]
    public void Score_AllMissing_IsZeroAndNeverNaN()
    {
        Score1(new float[W * V], new float[W * V]);

        Assert.All(_scorer.ScorePerVital[..V].ToArray(), s => Assert.Equal(0f, s));
        Assert.Equal(0f, _scorer.OverallScore[0]);
        Assert.All(_scorer.LastPerVital[..V].ToArray(), s => Assert.Equal(0f, s));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Score_BiggerDeviationInOneVital_GivesThatVitalABiggerScore(int channel)
    {
        var x = new float[W * V];
        var mask = Enumerable.Repeat(1f, W * V).ToArray();
        var previous = -1f;
        foreach (var size in new[] { 0f, 2f, 4f, 6f })
        {
            for (var t = W - 12; t < W; t++)
            {
                x[(t * V) + channel] = -size;
            }

            Score1(x, mask);
            var score = _scorer.ScorePerVital[channel];
            Assert.True(score > previous, $"channel {channel}: deviation {size} scored {score}, not above {previous}");
            previous = score;
        }
    }

    [Fact]
    public void Score_SteadyState_AllocatesNoManagedMemory()
    {
        var (x, mask) = Row(5);
        x.CopyTo(_scorer.X);
        mask.CopyTo(_scorer.Mask);
        _scorer.Score(1);
        _scorer.Score(64);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            _scorer.Score(1);
            _scorer.Score(64);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Load_ReadsTheContractFromTheModelMetadata()
    {
        var c = _scorer.Contract;

        Assert.Equal("1.0.0", c.Version);
        Assert.Equal(V, c.ThresholdsLast.Count);
        Assert.All(c.ThresholdsLast, t => Assert.True(t > 0));
        Assert.True(c.ThresholdScore > 0);
        Assert.Matches("^[0-9a-f]{64}$", c.TrainingDataSha256);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(65)]
    public void Score_BatchOutsideOneToMaxBatch_Throws(int rows) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => _scorer.Score(rows));

    [Fact]
    public void Load_MissingFile_ThrowsFileNotFound() =>
        Assert.Throws<FileNotFoundException>(() => OnnxAnomalyScorer.Load(Path.Combine(Path.GetTempPath(), "no-such-model.onnx")));

    [Fact]
    public void Load_FileThatIsNotAModel_ThrowsTheRuntimesException()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "not an onnx model");
            Assert.Throws<Microsoft.ML.OnnxRuntime.OnnxRuntimeException>(() => OnnxAnomalyScorer.Load(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private (float[] X, float[] Mask) Row(int r) =>
        (_golden.X.AsSpan(r * W * V, W * V).ToArray(), _golden.Mask.AsSpan(r * W * V, W * V).ToArray());

    private void Score1(float[] x, float[] mask)
    {
        x.CopyTo(_scorer.X);
        mask.CopyTo(_scorer.Mask);
        _scorer.Score(1);
    }
}
