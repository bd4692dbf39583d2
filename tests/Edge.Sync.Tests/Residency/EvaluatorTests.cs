using System.Text;
using Edge.Core;
using Edge.Sync.Residency;
using Edge.Sync.Wire;

namespace Edge.Sync.Tests.Residency;

public sealed class EvaluatorTests
{
    private static readonly Destination EuCare = new("eu-care", "eu-de", "care");
    private static readonly Destination UsResearch = new("us-research", "us-east-1", "research");

    private static ResidencyPolicy Policy(string rules) =>
        ResidencyPolicyParser.Parse(Encoding.UTF8.GetBytes("{ \"version\": \"t\", \"groups\": { \"eea\": [\"DE\", \"FR\"] }, \"rules\": [" + rules + "] }"), "p.json");

    private static ResidencyDecision Decide(ResidencyPolicy policy, DataClass c, string patient, Destination d, string site = "DE") =>
        ResidencyEvaluator.Evaluate(policy, new ResidencyFacts(c, patient, site, d));

    [Fact]
    public void NoMatchingRule_IsDeny()
    {
        var policy = Policy("""{ "id": "only-alarms", "effect": "allow", "classes": ["alarm"] }""");
        Assert.Equal(ResidencyDecision.DefaultDeny, Decide(policy, DataClass.Vitals, "DE", EuCare));
        Assert.Equal(ResidencyEffect.Allow, Decide(policy, DataClass.Alarm, "DE", EuCare).Effect);
    }

    [Fact]
    public void DenyBeatsAllow_AndKeepLocalBeatsBoth_WhateverTheOrder()
    {
        var allowThenDeny = Policy("""{ "id": "a", "effect": "allow" }, { "id": "d", "effect": "deny", "destinations": { "purposes": ["research"] } }""");
        var denyThenAllow = Policy("""{ "id": "d", "effect": "deny", "destinations": { "purposes": ["research"] } }, { "id": "a", "effect": "allow" }""");
        foreach (var policy in new[] { allowThenDeny, denyThenAllow })
        {
            Assert.Equal("d", Decide(policy, DataClass.Vitals, "DE", UsResearch).RuleId);
            Assert.Equal(ResidencyEffect.Allow, Decide(policy, DataClass.Vitals, "DE", EuCare).Effect);
        }

        var keep = Policy("""{ "id": "a", "effect": "allow" }, { "id": "d", "effect": "deny" }, { "id": "k", "effect": "keep-local", "classes": ["diagnostics"], "keepLocalDays": 7 }, { "id": "k2", "effect": "keep-local", "classes": ["diagnostics"], "keepLocalDays": 30 }""");
        var decision = Decide(keep, DataClass.Diagnostics, "DE", EuCare);
        Assert.Equal(ResidencyEffect.KeepLocal, decision.Effect);
        Assert.Equal(30, decision.KeepLocalDays);
    }

    [Fact]
    public void SeveralAllowRules_CombineIntoTheStrictestTransforms()
    {
        var policy = Policy("""
            { "id": "a", "effect": "allow", "transforms": { "truncateTime": "hour", "dropFields": ["seq"] } },
            { "id": "b", "effect": "allow", "destinations": { "purposes": ["research"] }, "transforms": { "pseudonymise": true, "truncateTime": "minute", "dropFields": ["device"] } }
            """);
        var research = Decide(policy, DataClass.Vitals, "DE", UsResearch);
        Assert.Equal(new TransformSet(true, TimeGranularity.Hour, WireFields.Seq | WireFields.Device), research.Transforms);
        Assert.Equal(new TransformSet(false, TimeGranularity.Hour, WireFields.Seq), Decide(policy, DataClass.Vitals, "DE", EuCare).Transforms);
    }

    [Theory]
    [InlineData("DE", "DE", true)]
    [InlineData("DE", "DE-BY", true)]
    [InlineData("DE", "DEU", false)]
    [InlineData("DE", "DK", false)]
    [InlineData("@eea", "FR-75", true)]
    [InlineData("@eea", "US-CA", false)]
    [InlineData("*", "AU-NSW", true)]
    public void Jurisdictions_MatchTheCountryAndItsSubdivisions(string pattern, string patient, bool allowed)
    {
        var policy = Policy("{ \"id\": \"j\", \"effect\": \"allow\", \"patientJurisdictions\": [\"" + pattern + "\"] }");
        Assert.Equal(allowed, Decide(policy, DataClass.Vitals, patient, EuCare).Effect == ResidencyEffect.Allow);
    }

    [Theory]
    [InlineData("eu-*", "eu-de", true)]
    [InlineData("eu-*", "eu", false)]
    [InlineData("eu-de", "eu-de-2", false)]
    [InlineData("au-*", "eu-de", false)]
    public void Regions_MatchExactlyOrByPrefixWithAStar(string pattern, string region, bool allowed)
    {
        var policy = Policy("{ \"id\": \"r\", \"effect\": \"allow\", \"destinations\": { \"regions\": [\"" + pattern + "\"] } }");
        Assert.Equal(allowed, Decide(policy, DataClass.Vitals, "DE", new Destination("x", region, "care")).Effect == ResidencyEffect.Allow);
    }

    [Fact]
    public void SiteJurisdiction_IsMatchedSeparatelyFromThePatients()
    {
        var policy = Policy("""{ "id": "s", "effect": "allow", "siteJurisdictions": ["AU"], "patientJurisdictions": ["AU"] }""");
        Assert.Equal(ResidencyEffect.Allow, Decide(policy, DataClass.Vitals, "AU", EuCare, site: "AU-VIC").Effect);
        Assert.Equal(ResidencyEffect.Deny, Decide(policy, DataClass.Vitals, "AU", EuCare, site: "NZ").Effect);
        Assert.Equal(ResidencyEffect.Deny, Decide(policy, DataClass.Vitals, "NZ", EuCare, site: "AU").Effect);
    }

    [Theory]
    [InlineData(TimeGranularity.Minute, "2026-11-25T13:47:00Z")]
    [InlineData(TimeGranularity.FifteenMinutes, "2026-11-25T13:45:00Z")]
    [InlineData(TimeGranularity.Hour, "2026-11-25T13:00:00Z")]
    [InlineData(TimeGranularity.SixHours, "2026-11-25T12:00:00Z")]
    [InlineData(TimeGranularity.Day, "2026-11-25T00:00:00Z")]
    [InlineData(TimeGranularity.Month, "2026-11-01T00:00:00Z")]
    [InlineData(TimeGranularity.Year, "2026-01-01T00:00:00Z")]
    public void TruncateTime_FloorsInUtc(TimeGranularity granularity, string expected)
    {
        var time = new DateTimeOffset(2026, 11, 25, 14, 47, 31, 123, TimeSpan.FromHours(1));
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), TimeGranularities.Floor(time, granularity));
    }

    [Fact]
    public void TransformSet_PacksAndUnpacksEveryCombination()
    {
        foreach (var p in new[] { false, true })
        {
            foreach (var g in Enum.GetValues<TimeGranularity>())
            {
                for (var f = 0; f < 256; f++)
                {
                    var set = new TransformSet(p, g, (WireFields)f);
                    Assert.Equal(set, TransformSet.Unpack(set.Pack()));
                }
            }
        }
    }
}
