using System.Text.Json;

namespace Edge.Provisioning.Tests;

public sealed class PolicyTests : IDisposable
{
    private const string Policy = """
        {
          "version": "explain-1",
          "rules": [
            { "id": "care", "effect": "allow", "classes": ["vitals", "alarm"], "destinations": { "purposes": ["care"] } },
            { "id": "research", "effect": "allow", "classes": ["vitals"], "destinations": { "purposes": ["research"] },
              "transforms": { "pseudonymise": true, "truncateTime": "day" } },
            { "id": "no-us", "effect": "deny", "destinations": { "regions": ["us-*"] } },
            { "id": "diag", "effect": "keep-local", "classes": ["diagnostics"], "keepLocalDays": 9 }
          ]
        }
        """;

    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Config()
    {
        var policy = _dir.Write("policy.json", Policy);
        return _dir.Write("edge.json", $$"""
            { "Edge": { "Site": { "Jurisdiction": "DE" }, "Residency": { "PolicyFile": "{{policy}}" },
                        "Uplink": { "Id": "eu-care", "Region": "eu-de", "Purpose": "care" },
                        "Destinations": { "r": { "Id": "eu-research", "Region": "eu-fr", "Purpose": "research" },
                                          "u": { "Id": "us-research", "Region": "us-east-1", "Purpose": "research" } } } }
            """);
    }

    [Fact]
    public async Task Explain_UsesTheConfigsDestinations_AndNamesTheDecidingRuleWithItsLine()
    {
        var config = Config();
        var research = await Edgectl.RunAsync("policy", "explain", "--config", config, "--class", "vitals", "--destination", "eu-research");
        Assert.Equal(0, research.ExitCode);
        Assert.Contains("ALLOW after pseudonymise+truncate-time:day, because of rule 'research' (line 5)", research.Out, StringComparison.Ordinal);
        Assert.Contains("care (allow): no, purpose 'research' is not in [care]", research.Out, StringComparison.Ordinal);

        var us = await Edgectl.RunAsync("policy", "explain", "--config", config, "--class", "vitals", "--destination", "us-research");
        Assert.Contains("DENY, never sent there, because of rule 'no-us' (line 7)", us.Out, StringComparison.Ordinal);

        var alarmResearch = await Edgectl.RunAsync("policy", "explain", "--config", config, "--class", "alarm", "--destination", "eu-research");
        Assert.Contains("no rule allows it (default deny)", alarmResearch.Out, StringComparison.Ordinal);

        var diagnostics = await Edgectl.RunAsync("policy", "explain", "--config", config, "--class", "diagnostics", "--destination", "eu-care");
        Assert.Contains("KEEP LOCAL for 9 days", diagnostics.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_Json_IsMachineReadable()
    {
        var result = await Edgectl.RunAsync("policy", "explain", "--config", Config(), "--class", "vitals", "--destination", "eu-care", "--patient-jurisdiction", "FR", "--json");
        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        Assert.Equal("allow", json.RootElement.GetProperty("decision").GetString());
        Assert.Equal("care", json.RootElement.GetProperty("rule").GetString());
        Assert.Equal("FR", json.RootElement.GetProperty("patientJurisdiction").GetString());
        Assert.Equal(4, json.RootElement.GetProperty("rules").GetArrayLength());
    }

    [Fact]
    public async Task Explain_WithoutAConfig_NeedsTheDestinationFacts()
    {
        var policy = _dir.Write("policy.json", Policy);
        var missing = await Edgectl.RunAsync("policy", "explain", "--policy", policy, "--class", "vitals", "--destination", "x", "--site-jurisdiction", "DE");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("pass --region and --purpose", missing.Error, StringComparison.Ordinal);

        var given = await Edgectl.RunAsync("policy", "explain", "--policy", policy, "--class", "vitals", "--destination", "x", "--site-jurisdiction", "DE", "--region", "eu-de", "--purpose", "care");
        Assert.Equal(0, given.ExitCode);

        var badClass = await Edgectl.RunAsync("policy", "explain", "--policy", policy, "--class", "vital", "--destination", "x", "--site-jurisdiction", "DE", "--region", "eu-de");
        Assert.Equal(2, badClass.ExitCode);
        Assert.Contains("unknown class 'vital'", badClass.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_ABrokenPolicy_Exits4_NamingTheLineAndRule()
    {
        var bad = _dir.Write("bad.json", "{\n \"version\": \"1\",\n \"rules\": [\n  { \"id\": \"r1\", \"effect\": \"alow\" } ] }");
        var result = await Edgectl.RunAsync("policy", "check", bad);
        Assert.Equal(4, result.ExitCode);
        Assert.Contains("bad.json:4: rule 'r1': unknown effect 'alow'", result.Error, StringComparison.Ordinal);

        var good = await Edgectl.RunAsync("policy", "check", _dir.Write("good.json", Policy));
        Assert.Equal(0, good.ExitCode);
        Assert.Contains("ok: policy explain-1", good.Out, StringComparison.Ordinal);
    }
}
