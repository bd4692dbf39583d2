using Edge.Core;
using Edge.Sync.Residency;

namespace Edge.Sync.Tests.Residency;

/// <summary>The worked examples in docs/residency.md are real files; these tests hold them to what the doc says.</summary>
public sealed class ExamplePolicyTests
{
    private static ResidencyPolicy Example(string name)
    {
        var dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "Edge.sln")))
        {
            dir = Path.GetDirectoryName(dir) ?? throw new InvalidOperationException("Edge.sln not found above the test binaries");
        }

        return ResidencyPolicy.Load(Path.Combine(dir, "docs", "residency-examples", name));
    }

    private static ResidencyDecision Decide(ResidencyPolicy p, DataClass c, string patient, string site, string region, string purpose) =>
        ResidencyEvaluator.Evaluate(p, new ResidencyFacts(c, patient, site, new Destination("d", region, purpose)));

    [Fact]
    public void GermanSite_CareStaysInTheEea_ResearchIsPseudonymised_DiagnosticsStay()
    {
        var p = Example("de-eu.json");
        Assert.Equal(ResidencyEffect.Allow, Decide(p, DataClass.Alarm, "DE", "DE", "eu-de", "care").Effect);
        Assert.Equal(ResidencyEffect.Allow, Decide(p, DataClass.Vitals, "DE-BY", "DE", "ch-zurich", "care").Effect);
        Assert.Equal(ResidencyEffect.Deny, Decide(p, DataClass.Vitals, "DE", "DE", "us-east-1", "care").Effect);
        var research = Decide(p, DataClass.Vitals, "DE", "DE", "eu-fr", "research");
        Assert.True(research.Transforms.Pseudonymise);
        Assert.Equal(TimeGranularity.Hour, research.Transforms.TruncateTime);
        Assert.Equal(ResidencyEffect.Deny, Decide(p, DataClass.Alarm, "DE", "DE", "eu-fr", "research").Effect);
        Assert.Equal(ResidencyEffect.KeepLocal, Decide(p, DataClass.Diagnostics, "DE", "DE", "eu-de", "care").Effect);
    }

    [Fact]
    public void AustralianSite_NothingOfAnAustralianPatientGoesOffshore()
    {
        var p = Example("au.json");
        Assert.Equal(ResidencyEffect.Allow, Decide(p, DataClass.Vitals, "AU-NSW", "AU", "au-east", "mhr").Effect);
        Assert.Equal(ResidencyEffect.Allow, Decide(p, DataClass.Alarm, "AU", "AU", "au-southeast", "on-call").Effect);
        Assert.Equal(ResidencyEffect.Deny, Decide(p, DataClass.Vitals, "AU", "AU", "au-east", "on-call").Effect);
        foreach (var region in new[] { "eu-de", "us-west-2", "ap-southeast-1" })
        {
            Assert.Equal(ResidencyEffect.Deny, Decide(p, DataClass.Alarm, "AU", "AU", region, "care").Effect);
        }
    }

    [Fact]
    public void UsSite_ResearchFollowsSafeHarborAsFarAsTheEdgeCan()
    {
        var p = Example("us-hipaa.json");
        Assert.Equal(ResidencyEffect.Allow, Decide(p, DataClass.Alarm, "US-CA", "US-CA", "us-west-2", "care").Effect);
        var research = Decide(p, DataClass.Vitals, "US-CA", "US-CA", "us-east-1", "research");
        Assert.Equal(new TransformSet(true, TimeGranularity.Year, Edge.Sync.Wire.WireFields.Device | Edge.Sync.Wire.WireFields.Seq | Edge.Sync.Wire.WireFields.DeviceTime | Edge.Sync.Wire.WireFields.Quality | Edge.Sync.Wire.WireFields.Clock), research.Transforms);
        Assert.Equal(ResidencyEffect.KeepLocal, Decide(p, DataClass.Diagnostics, "US", "US", "us-east-1", "care").Effect);
    }
}
