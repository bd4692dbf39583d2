using System.Diagnostics;
using System.Security.Cryptography;
using Edge.Analytics.Model;
using Microsoft.ML.OnnxRuntime;
using Xunit.Abstractions;

namespace Edge.Analytics.Tests.Model;

/// <summary>
/// The model rebuilds from the committed script on this machine, with Debian's python3-numpy and python3-onnx only
/// (/usr/bin/python3; the pyenv python3 on PATH cannot see Debian's modules). Takes about 30 s.
/// </summary>
public sealed class ModelRebuildTests(ITestOutputHelper output) : IDisposable
{
    private const string Python = "/usr/bin/python3";
    private readonly string _out = Directory.CreateTempSubdirectory("edge-model-rebuild-").FullName;

    public void Dispose() => Directory.Delete(_out, recursive: true);

    [Fact]
    public async Task TrainingScript_OnThisMachine_RebuildsTheSameContractAndDataAndItsGoldenHolds()
    {
        var script = Path.Combine(ModelFiles.RepoRoot, "analytics", "training", "train.py");
        var (exit, log) = await RunAsync(Python, script, "--out", _out);
        output.WriteLine(log);
        Assert.Equal(0, exit);

        var rebuilt = Path.Combine(_out, "vitals-ae-v1.onnx");
        using var fresh = OnnxAnomalyScorer.Load(rebuilt, maxBatch: 64);
        using var committed = OnnxAnomalyScorer.Load(ModelFiles.ModelPath, maxBatch: 1);

        // Same contract and the same training data, bit for bit.
        Assert.Equal(committed.Contract.TrainingDataSha256, fresh.Contract.TrainingDataSha256);
        Assert.Equal(committed.Contract.Version, fresh.Contract.Version);
        for (var c = 0; c < ModelChannels.Count; c++)
        {
            Assert.InRange(fresh.Contract.ThresholdsLast[c], committed.Contract.ThresholdsLast[c] * 0.9f, committed.Contract.ThresholdsLast[c] * 1.1f);
        }

        // The rebuilt model reproduces its own golden file in ONNX Runtime.
        var golden = GoldenFile.Load(Path.Combine(_out, "vitals-ae-v1.golden.json"));
        golden.X.CopyTo(fresh.X);
        golden.Mask.CopyTo(fresh.Mask);
        fresh.Score(64);
        GoldenFile.AssertClose(golden.ScorePerVital, fresh.ScorePerVital[..golden.ScorePerVital.Length], "score_per_vital");
        GoldenFile.AssertClose(golden.LastPerVital, fresh.LastPerVital[..golden.LastPerVital.Length], "last_per_vital");

        var same = SHA256.HashData(File.ReadAllBytes(rebuilt)).SequenceEqual(SHA256.HashData(File.ReadAllBytes(ModelFiles.ModelPath)));
        output.WriteLine(same ? "The rebuilt model is byte-identical to the committed one." : "The rebuilt model differs in its bytes (another CPU or BLAS); contract, data and golden agree.");
    }

    [Fact]
    public async Task CommittedModel_IsIr8Opset17AndPassesTheOnnxChecker()
    {
        var (exit, log) = await RunAsync(
            Python,
            "-c",
            "import onnx,sys; m=onnx.load(sys.argv[1]); onnx.checker.check_model(m, full_check=True); print(m.ir_version, [(o.domain, o.version) for o in m.opset_import])",
            ModelFiles.ModelPath);

        Assert.Equal(0, exit);
        Assert.Equal("8 [('', 17)]", log.Trim());
        using var session = new InferenceSession(ModelFiles.ModelPath);
        Assert.Equal(ModelContract.Name, session.ModelMetadata.CustomMetadataMap["contract"]);
    }

    private static async Task<(int Exit, string Log)> RunAsync(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start " + file);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
