using System.Text;
using Edge.Core;
using Edge.Sync.Residency;
using Edge.Sync.Wire;

namespace Edge.Sync.Tests.Residency;

public sealed class PolicyParserTests
{
    private static ResidencyPolicy Parse(string json) => ResidencyPolicyParser.Parse(Encoding.UTF8.GetBytes(json), "policy.json");

    private static string ErrorOf(string json) => Assert.Throws<ResidencyPolicyException>(() => Parse(json)).Message;

    [Fact]
    public void AFullPolicy_Parses_WithGroupsExpandedAndTransformsPacked()
    {
        var policy = Parse("""
            // comments are allowed
            {
              "version": "2026-11-25.1",
              "groups": { "eea": ["DE", "FR", "NO"] },
              "rules": [
                { "id": "care", "effect": "allow", "classes": ["vitals", "alarm"], "patientJurisdictions": ["@eea"],
                  "destinations": { "regions": ["eu-*"], "purposes": ["care"] } },
                { "id": "research", "effect": "allow", "classes": ["vitals"],
                  "destinations": { "ids": ["us-research"] },
                  "transforms": { "pseudonymise": true, "truncateTime": "day", "dropFields": ["device", "seq"] } },
                { "id": "diag", "effect": "keep-local", "classes": ["diagnostics"], "keepLocalDays": 30 },
                { "id": "no-au", "effect": "deny", "patientJurisdictions": ["AU"] }
              ]
            }
            """);

        Assert.Equal("2026-11-25.1", policy.Version);
        Assert.Equal(12, policy.Digest.Length);
        Assert.Equal(["DE", "FR", "NO"], policy.Rules[0].PatientJurisdictions);
        Assert.Equal(new TransformSet(true, TimeGranularity.Day, WireFields.Device | WireFields.Seq), policy.Rules[1].Transforms);
        Assert.Equal(30, policy.Rules[2].KeepLocalDays);
        Assert.Equal(ResidencyEffect.Deny, policy.Rules[3].Effect);
        Assert.Equal(6, policy.Rules[0].Line);
        Assert.Equal(8, policy.Rules[1].Line);
    }

    [Fact]
    public void AnEmptyRuleList_IsValid_AndDeniesEverything()
    {
        var policy = Parse("""{ "version": "1", "rules": [] }""");
        var decision = ResidencyEvaluator.Evaluate(policy, new ResidencyFacts(DataClass.Alarm, "DE", "DE", new Destination("a", "eu-de", "care")));
        Assert.Equal(ResidencyDecision.DefaultDeny, decision);
    }

    [Theory]
    [InlineData("""{ "version": "1", "rules": [ { "id": "r1", "effect": "allow", "clases": ["vitals"] } ] }""", ":1: rule 'r1': unknown key \"clases\"")]
    [InlineData("{\n \"version\": \"1\",\n \"rules\": [\n  { \"id\": \"r1\",\n    \"effect\": \"allow\",\n    \"classes\": [\"vital\"] } ] }", ":6: rule 'r1': unknown class 'vital'")]
    [InlineData("{\n \"version\": \"1\",\n \"rules\": [\n  { \"id\": \"r1\", \"effect\": \"permit\" } ] }", ":4: rule 'r1': unknown effect 'permit' (expected allow, deny or keep-local)")]
    [InlineData("{\n \"version\": \"1\",\n \"rules\": [\n  { \"id\": \"r1\", \"effect\": \"allow\",\n \"patientJurisdictions\": [\"Germany\"] } ] }", ":5: rule 'r1': 'Germany' is not a jurisdiction code")]
    [InlineData("""{ "version": "1", "rules": [ { "id": "r1", "effect": "allow", "siteJurisdictions": ["@eu"] } ] }""", "rule 'r1': unknown group '@eu'")]
    [InlineData("{\n \"version\": \"1\",\n \"rules\": [\n { \"id\": \"r1\", \"effect\": \"allow\" },\n { \"id\": \"r1\", \"effect\": \"deny\" } ] }", ":5: rule 'r1': the rule id is used twice")]
    [InlineData("{\n \"version\": \"1\",\n \"rules\": [\n { \"id\": \"r1\", \"effect\": \"allow\",\n \"effect\": \"deny\" } ] }", ":5: the key \"effect\" appears twice")]
    [InlineData("""{ "version": "1", "rules": [ { "id": "k", "effect": "keep-local", "classes": ["diagnostics"] } ] }""", "rule 'k': a keep-local rule needs \"keepLocalDays\"")]
    [InlineData("""{ "version": "1", "rules": [ { "id": "k", "effect": "keep-local", "keepLocalDays": 9999 } ] }""", "rule 'k': \"keepLocalDays\" must be a whole number of days from 1 to 3650")]
    [InlineData("""{ "version": "1", "rules": [ { "id": "k", "effect": "keep-local", "keepLocalDays": 5, "destinations": { "ids": ["a"] } } ] }""", "rule 'k': a keep-local rule applies to every destination")]
    [InlineData("""{ "version": "1", "rules": [ { "id": "d", "effect": "deny", "transforms": { "pseudonymise": true } } ] }""", "rule 'd': only allow rules take \"transforms\"")]
    [InlineData("""{ "version": "1", "rules": [ { "id": "a", "effect": "allow", "transforms": { "truncateTime": "week" } } ] }""", "rule 'a': \"truncateTime\" must be one of minute, 5min, 15min, hour, 6h, day, month, year")]
    [InlineData("""{ "version": "1", "rules": [ { "id": "a", "effect": "allow", "transforms": { "dropFields": ["value"] } } ] }""", "rule 'a': 'value' cannot be dropped")]
    [InlineData("""{ "version": "1", "rules": [ { "id": "a", "effect": "allow", "destinations": { "regions": ["EU/DE"] } } ] }""", "rule 'a': 'EU/DE' is not a valid region")]
    [InlineData("""{ "version": "1", "rules": [ { "id": "a", "effect": "allow", "classes": [] } ] }""", "rule 'a': \"classes\" must be a non-empty array")]
    [InlineData("""{ "rules": [] }""", "\"version\" is required")]
    [InlineData("""{ "version": "1" }""", "\"rules\" must be an array")]
    [InlineData("""{ "version": "1", "rules": [], "default": "allow" }""", "unknown key \"default\"")]
    [InlineData("{\n \"version\": \"1\",\n \"rules\": [ { \"id\": \"a\" \"effect\": \"allow\" } ] }", "policy.json:3: not valid JSON")]
    [InlineData("[]", "policy.json:1: the policy must be a JSON object")]
    public void AnInvalidPolicy_IsRejected_NamingTheLineAndTheRule(string json, string expected)
    {
        var message = ErrorOf(json);
        Assert.Contains(expected, message, StringComparison.Ordinal);
        Assert.StartsWith("policy.json:", message, StringComparison.Ordinal);
    }

    [Fact]
    public void ErrorMessages_QuoteAtMost40CharactersOfTheFile()
    {
        var message = ErrorOf("{ \"version\": \"1\", \"rules\": [ { \"id\": \"a\", \"effect\": \"" + new string('x', 5000) + "\" } ] }");
        Assert.True(message.Length < 200, message);
    }

    [Fact]
    public void Load_OfAMissingFile_SaysWhichFile()
    {
        var ex = Assert.Throws<ResidencyPolicyException>(() => ResidencyPolicy.Load("/nonexistent/policy.json"));
        Assert.Contains("/nonexistent/policy.json: cannot read the residency policy", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fuzz_RandomBytesAndMutations_OnlyEverThrowThePolicyException()
    {
        var seed = """{ "version": "1", "groups": { "g": ["DE"] }, "rules": [ { "id": "a", "effect": "allow", "classes": ["vitals"], "patientJurisdictions": ["@g"], "destinations": { "regions": ["eu-*"] }, "transforms": { "pseudonymise": true, "truncateTime": "hour", "dropFields": ["seq"] } }, { "id": "k", "effect": "keep-local", "keepLocalDays": 3 } ] }"""u8.ToArray();
        var random = new Random(20261125);
        var parsed = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var bytes = (byte[])seed.Clone();
            var mutations = random.Next(1, 4);
            for (var m = 0; m < mutations && bytes.Length > 0; m++)
            {
                switch (random.Next(3))
                {
                    case 0:
                        bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                        break;
                    case 1:
                        bytes = bytes.Take(random.Next(bytes.Length)).ToArray();
                        break;
                    default:
                        var at = random.Next(bytes.Length);
                        bytes = [.. bytes.Take(at), (byte)"{}[]\",:\n*@-"[random.Next(11)], .. bytes.Skip(at)];
                        break;
                }
            }

            try
            {
                ResidencyPolicyParser.Parse(bytes, "fuzz.json");
                parsed++;
            }
            catch (ResidencyPolicyException ex)
            {
                Assert.StartsWith("fuzz.json:", ex.Message, StringComparison.Ordinal);
            }
        }

        Assert.InRange(parsed, 1, 19_999);
    }
}
