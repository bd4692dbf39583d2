using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Edge.EndToEnd.Tests.Infrastructure;
using Edge.Sync.Residency;
using MQTTnet;
using MQTTnet.Protocol;
using Xunit.Abstractions;

namespace Edge.EndToEnd.Tests;

/// <summary>
/// Residency end to end: one gateway process, two real mosquitto brokers standing for two regions, and an
/// independent subscriber on each that checks what actually arrived.
/// </summary>
[Collection(EndToEndGroup.Name)]
public sealed class ResidencyTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private const string Policy = """
        {
          "version": "e2e-two-regions",
          "groups": { "eea": ["DE", "FR", "NO"] },
          "rules": [
            { "id": "care-eu", "effect": "allow", "patientJurisdictions": ["@eea"],
              "destinations": { "regions": ["eu-*"], "purposes": ["care"] } },
            { "id": "research", "effect": "allow", "classes": ["vitals"],
              "destinations": { "purposes": ["research"] },
              "transforms": { "pseudonymise": true, "truncateTime": "hour", "dropFields": ["deviceTime", "quality", "trigger"] } }
          ]
        }
        """;

    [Fact]
    public async Task TwoRegions_ResearchGetsOnlyPseudonymisedVitals_CareGetsEverything_AndNoIdentifierLeaks()
    {
        using var paths = new TestPaths();
        await using var eu = await MosquittoBroker.StartNewAsync();
        await using var us = await MosquittoBroker.StartNewAsync();
        await using var euRaw = await RawCollector.StartAsync(eu, "eu");
        await using var usRaw = await RawCollector.StartAsync(us, "us");
        var run = TwoRegionRun(paths, eu, us, Policy, "edge-json");

        // A label full of topic wildcards, NUL and length must never shape a topic or reach a payload.
        const string HostileLabel = "Jane/Doe+#\u0000 of 12 Example Street, with a very long label that goes on and on";
        run.Edit(e => e["Patients"]![0]!["Label"] = HostileLabel[..64]);
        await using var gateway = run.Start();
        await GatewayRun.WaitUntilDrainedAsync(gateway, Patience);
        var acknowledged = run.AcknowledgedIds();
        await euRaw.WaitForItemsAsync(acknowledged.Count, Patience);
        Assert.Equal(0, await gateway.StopAsync());

        // Care (EU): everything, identified, under the fixed topics.
        var euItems = euRaw.Items();
        Assert.Equal(acknowledged.ToHashSet(), euItems.Select(i => i.Id).ToHashSet());
        Assert.All(euRaw.Topics, t => Assert.Matches("^edge/v1/demo/site-0001/gw-0001/(vitals|alerts)$", t));
        Assert.Contains(euItems, i => i.Json.GetProperty("patient").GetString() == "pt-e2e-0000");

        // Research (US): exactly the vitals-class items, each pseudonymised, re-keyed, truncated to the hour.
        var euVitals = euItems.Where(i => i.Topic.EndsWith("/vitals", StringComparison.Ordinal)).ToList();
        await usRaw.WaitForItemsAsync(euVitals.Count, Patience);
        var usItems = usRaw.Items();
        Assert.Equal(euVitals.Count, usItems.Count);
        Assert.All(usRaw.Topics, t => Assert.Equal("edge/v1/demo/site-0001/gw-0001/vitals", t));
        Assert.Empty(usItems.Select(i => i.Id).Intersect(acknowledged));
        foreach (var item in usItems)
        {
            Assert.StartsWith("pp-", item.Json.GetProperty("patient").GetString(), StringComparison.Ordinal);
            var time = item.Json.TryGetProperty("measured", out var measured) ? measured.GetDateTimeOffset() : item.Json.GetProperty("raised").GetDateTimeOffset();
            Assert.Equal(0, time.Minute + time.Second + time.Millisecond);
            Assert.False(item.Json.TryGetProperty("deviceTime", out _));
            Assert.False(item.Json.TryGetProperty("quality", out _));
            if (item.Json.GetProperty("type").GetString() == "reading")
            {
                Assert.StartsWith("pd-", item.Json.GetProperty("device").GetString(), StringComparison.Ordinal);
            }
        }

        // Pseudonyms are stable per patient: three patients, three pseudonyms.
        Assert.Equal(3, usItems.Select(i => i.Json.GetProperty("patient").GetString()).Distinct().Count());

        // Nothing identifying anywhere in either region's bytes: no patient id at the research region, no label,
        // no MAC address or serial port path at all.
        Assert.DoesNotContain("pt-e2e-", usRaw.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain("dev-", usRaw.AllText, StringComparison.Ordinal);
        foreach (var text in new[] { euRaw.AllText, usRaw.AllText })
        {
            Assert.DoesNotContain("Jane", text, StringComparison.Ordinal);
            Assert.DoesNotContain("02:ED:6E", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("/dev/serial", text, StringComparison.Ordinal);
        }

        // The audit log counted both stages for both destinations, and its hash chain is intact.
        var audit = Path.Combine(run.DataDirectory, "residency-audit.jsonl");
        Assert.Null(ResidencyAudit.Verify(audit));
        var records = File.ReadAllLines(audit).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Contains(records, r => r.GetProperty("event").GetString() == "policy-loaded" && r.GetProperty("policy").GetString() == "e2e-two-regions");
        long Sum(string stage, string destination, string decision) => records
            .Where(r => r.GetProperty("event").GetString() == "decisions" && r.GetProperty("stage").GetString() == stage
                && r.GetProperty("destination").GetString() == destination && r.GetProperty("decision").GetString() == decision)
            .Sum(r => r.GetProperty("count").GetInt64());
        // Enqueue decisions are made once per item; send decisions once per attempt (a resend is re-checked too).
        Assert.InRange(Sum("send", "us-research", "allow"), euVitals.Count, euVitals.Count * 2);
        Assert.Equal(acknowledged.Count - euVitals.Count, Sum("enqueue", "us-research", "deny"));
        Assert.Equal(acknowledged.Count, Sum("enqueue", "eu-care", "allow"));
        Assert.DoesNotContain("pt-e2e-", File.ReadAllText(audit), StringComparison.Ordinal);
        output.WriteLine($"{acknowledged.Count} items: {euItems.Count} to eu-care in {euRaw.Messages} messages, {usItems.Count} pseudonymised to us-research in {usRaw.Messages}");
    }

    [Fact]
    public async Task EachDestinationHasItsOwnFormat_ResearchTakesPseudonymisedFhirBundles()
    {
        using var paths = new TestPaths();
        await using var eu = await MosquittoBroker.StartNewAsync();
        await using var us = await MosquittoBroker.StartNewAsync();
        await using var euRaw = await RawCollector.StartAsync(eu, "eu");
        await using var usRaw = await RawCollector.StartAsync(us, "us");
        var run = TwoRegionRun(paths, eu, us, Policy, "fhir-r4");
        await using var gateway = run.Start();
        await GatewayRun.WaitUntilDrainedAsync(gateway, Patience);
        var acknowledged = run.AcknowledgedIds();
        await euRaw.WaitForItemsAsync(acknowledged.Count, Patience);
        var euVitals = euRaw.Items().Count(i => i.Topic.EndsWith("/vitals", StringComparison.Ordinal));
        await RawCollector.WaitForAsync(() => usRaw.FhirEntries().Count >= euVitals, Patience);
        Assert.Equal(0, await gateway.StopAsync());

        var entries = usRaw.FhirEntries();
        Assert.Equal(euVitals, entries.Count);
        Assert.Equal(euVitals, entries.Select(e => e.GetProperty("fullUrl").GetString()).Distinct().Count());
        foreach (var entry in entries)
        {
            var resource = entry.GetProperty("resource");
            Assert.Equal("Observation", resource.GetProperty("resourceType").GetString());
            Assert.StartsWith("pp-", resource.GetProperty("subject").GetProperty("identifier").GetProperty("value").GetString(), StringComparison.Ordinal);
            var effective = resource.TryGetProperty("effectiveDateTime", out var e) ? e.GetDateTimeOffset() : resource.GetProperty("issued").GetDateTimeOffset();
            Assert.Equal(0, effective.Minute + effective.Second + effective.Millisecond);
            Assert.Equal("POST", entry.GetProperty("request").GetProperty("method").GetString());
        }

        Assert.DoesNotContain("pt-e2e-", usRaw.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain("dev-", usRaw.AllText, StringComparison.Ordinal);
        output.WriteLine($"{entries.Count} pseudonymised FHIR Observations to us-research in {usRaw.Messages} bundles; {acknowledged.Count} items to eu-care as edge-json");
    }

    [Fact]
    public async Task ATightenedPolicy_AppliesToTheBacklog_AtSend()
    {
        using var paths = new TestPaths();
        await using var eu = await MosquittoBroker.StartNewAsync();
        await using var us = await MosquittoBroker.StartNewAsync();
        await us.StopAsync();
        var run = TwoRegionRun(paths, eu, us, Policy, "edge-json");

        // First run: the research region is down, so its share queues up, stamped "allow, pseudonymised".
        await using (var first = run.Start())
        {
            await first.WaitForOutputAsync(l => l.Contains("Source simulator finished", StringComparison.Ordinal), Patience);
            Assert.Equal(0, await first.StopAsync());
        }

        var pending = run.AcknowledgedIds().Count;
        Assert.True(pending > 500, $"expected a backlog, got {pending}");

        // The policy is tightened (research removed), the region comes back, the gateway restarts: nothing may go.
        File.WriteAllText(PolicyPath(paths), Policy.Replace("\"purposes\": [\"research\"]", "\"purposes\": [\"nobody\"]", StringComparison.Ordinal));
        await us.StartAsync();
        await using var usRaw = await RawCollector.StartAsync(us, "us");
        run.Edit(e => e["Simulator"]!["ReadingsPerDevice"] = 1);
        await using var second = run.Start();
        await GatewayRun.WaitUntilDrainedAsync(second, Patience);
        await Task.Delay(1_000);
        Assert.Equal(0, await second.StopAsync());

        Assert.Empty(usRaw.Items());
        var audit = File.ReadAllLines(Path.Combine(run.DataDirectory, "residency-audit.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var withheld = audit.Where(r => r.GetProperty("event").GetString() == "decisions" && r.GetProperty("stage").GetString() == "send"
            && r.GetProperty("destination").GetString() == "us-research" && r.GetProperty("decision").GetString() == "deny").Sum(r => r.GetProperty("count").GetInt64());
        Assert.True(withheld > 500, $"the backlog should have been withheld at send, audit says {withheld}");
        output.WriteLine($"{withheld} backlog items withheld from us-research at send after the policy was tightened");
    }

    private static string PolicyPath(TestPaths paths) => paths.Combine("policy.json");

    private static GatewayRun TwoRegionRun(TestPaths paths, MosquittoBroker eu, MosquittoBroker us, string policy, string researchFormat)
    {
        File.WriteAllText(PolicyPath(paths), policy);
        var usPassword = paths.WriteFile("secrets/us-password", us.Password + "\n");
        File.SetUnixFileMode(usPassword, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var run = new GatewayRun(paths, eu, readingsPerDevice: 150, intervalMs: 2);
        return run.Edit(e =>
        {
            e["Site"] = new JsonObject { ["Jurisdiction"] = "DE" };
            e["Residency"] = new JsonObject { ["PolicyFile"] = PolicyPath(paths) };
            e["Uplink"]!["Id"] = "eu-care";
            e["Uplink"]!["Region"] = "eu-de";
            e["Uplink"]!["Purpose"] = "care";
            e["Destinations"] = new JsonObject
            {
                ["research"] = new JsonObject
                {
                    ["Id"] = "us-research",
                    ["Region"] = "us-east-1",
                    ["Purpose"] = "research",
                    ["Format"] = researchFormat,
                    ["Host"] = us.Host,
                    ["Port"] = us.TlsPort,
                    ["UseTls"] = true,
                    ["CaFile"] = us.CaCertPath,
                    ["TlsServerName"] = "localhost",
                    ["Username"] = us.Username,
                    ["PasswordFile"] = usPassword,
                    ["ReconnectCap"] = "00:00:01",
                },
            };
        });
    }

    /// <summary>An independent subscriber on "#" that keeps every message's topic and raw bytes.</summary>
    private sealed class RawCollector : IAsyncDisposable
    {
        private readonly IMqttClient _client;
        private readonly ConcurrentQueue<(string Topic, string Payload)> _messages = new();

        private RawCollector(IMqttClient client) => _client = client;

        public IReadOnlyList<string> Topics => _messages.Select(m => m.Topic).Distinct().ToList();

        public int Messages => _messages.Count;

        public string AllText => string.Join("\n", _messages.Select(m => m.Topic + " " + m.Payload));

        public static async Task<RawCollector> StartAsync(MosquittoBroker broker, string name)
        {
            var client = new MqttClientFactory().CreateMqttClient();
            var collector = new RawCollector(client);
            client.ApplicationMessageReceivedAsync += e =>
            {
                collector._messages.Enqueue((e.ApplicationMessage.Topic, Encoding.UTF8.GetString(e.ApplicationMessage.Payload)));
                return Task.CompletedTask;
            };
            await client.ConnectAsync(broker.ClientOptions("e2e-raw-" + name, useTls: true).Build());
            await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter("#", MqttQualityOfServiceLevel.AtLeastOnce).Build());
            return collector;
        }

        public List<Received> Items() =>
            _messages.SelectMany(m =>
            {
                var root = JsonDocument.Parse(m.Payload).RootElement;
                return root.GetProperty("items").EnumerateArray().Select(i => new Received(m.Topic, i.GetProperty("id").GetGuid(), i.Clone()));
            }).GroupBy(i => i.Id).Select(g => g.First()).ToList();

        public List<JsonElement> FhirEntries() =>
            _messages.SelectMany(m => JsonDocument.Parse(m.Payload).RootElement.GetProperty("entry").EnumerateArray().Select(e => e.Clone()))
                .GroupBy(e => e.GetProperty("fullUrl").GetString()).Select(g => g.First()).ToList();

        public static async Task WaitForAsync(Func<bool> condition, TimeSpan timeout)
        {
            var start = TimeProvider.System.GetTimestamp();
            while (!condition())
            {
                if (TimeProvider.System.GetElapsedTime(start) > timeout)
                {
                    throw new TimeoutException("the condition did not hold in time");
                }

                await Task.Delay(200);
            }
        }

        public async Task WaitForItemsAsync(int count, TimeSpan timeout)
        {
            var start = TimeProvider.System.GetTimestamp();
            while (Items().Count < count)
            {
                if (TimeProvider.System.GetElapsedTime(start) > timeout)
                {
                    throw new TimeoutException($"expected {count} items, have {Items().Count}");
                }

                await Task.Delay(200);
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (_client.IsConnected)
            {
                await _client.DisconnectAsync();
            }

            _client.Dispose();
        }
    }

    private sealed record Received(string Topic, Guid Id, JsonElement Json);
}
