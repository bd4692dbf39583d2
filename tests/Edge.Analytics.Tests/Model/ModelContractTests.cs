using Edge.Analytics.Model;
using Microsoft.ML.OnnxRuntime;

namespace Edge.Analytics.Tests.Model;

public sealed class ModelContractTests
{
    private static Dictionary<string, string> CommittedMetadata()
    {
        using var session = new InferenceSession(ModelFiles.ModelPath);
        return new Dictionary<string, string>(session.ModelMetadata.CustomMetadataMap);
    }

    [Fact]
    public void TryParse_CommittedModel_IsAccepted()
    {
        var contract = ModelContract.TryParse(CommittedMetadata(), out var problem);

        Assert.Null(problem);
        Assert.NotNull(contract);
    }

    [Theory]
    [InlineData("contract", "edge.vitals-ae/2", "contract")]
    [InlineData("window_minutes", "60", "window")]
    [InlineData("channels", "heart_rate,spo2,respiratory_rate,body_temperature,diastolic_bp,systolic_bp", "channels")]
    [InlineData("floors", "2.5,1,1,0.1,4,2", "normalisation")]
    [InlineData("tod_bins", "24", "normalisation")]
    [InlineData("z_clip", "6", "normalisation")]
    [InlineData("thresholds_last_per_vital", "1,2,3", "thresholds")]
    [InlineData("threshold_score", "-1", "thresholds")]
    public void TryParse_MetadataThatDisagreesWithThisBuild_IsRefusedWithAReason(string key, string value, string reason)
    {
        var meta = CommittedMetadata();
        meta[key] = value;

        var contract = ModelContract.TryParse(meta, out var problem);

        Assert.Null(contract);
        Assert.Contains(reason, problem, StringComparison.Ordinal);
    }
}
