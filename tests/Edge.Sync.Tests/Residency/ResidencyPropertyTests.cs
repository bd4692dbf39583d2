using System.Text;
using System.Text.Json;
using Edge.Core;
using Edge.Sync.Lanes;
using Edge.Sync.Outbox;
using Edge.Sync.Residency;
using Edge.Sync.Wire;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.Sync.Tests.Residency;

/// <summary>
/// Thousands of random policies (written as JSON text and parsed, so the parser is exercised too) against random
/// readings and alerts for random patients and destinations. The properties are checked on what actually comes out
/// of the gate and the payload writers, against an oracle written separately from the evaluator.
/// </summary>
public sealed class ResidencyPropertyTests
{
    private static readonly string[] Classes = ["vitals", "alarm", "waveform", "device-event", "diagnostics"];
    private static readonly string[] Jurisdictions = ["DE", "DE-BY", "FR", "AU", "AU-NSW", "US", "US-CA", "GB"];
    private static readonly Destination[] AllDestinations =
    [
        new("eu-care", "eu-de", "care"),
        new("eu-research", "eu-fr", "research"),
        new("au-care", "au-east", "care"),
        new("us-research", "us-east-1", "research"),
    ];

    private static readonly SiteOptions Site = new();

    [Fact]
    public void NothingEverReachesADestinationThePolicyForbids_AndPseudonymisedDestinationsNeverSeeRawIds()
    {
        var random = new Random(20261125);
        var checkedItems = 0;
        var released = 0;
        var pseudonymised = 0;
        for (var p = 0; p < 2_000; p++)
        {
            var atEnqueue = RandomPolicy(random);
            var atSend = random.Next(3) == 0 ? RandomPolicy(random) : atEnqueue; // sometimes the policy changes in between
            var site = Jurisdictions[random.Next(Jurisdictions.Length)];
            var patients = Enumerable.Range(0, 3).ToDictionary(i => $"pt-{p}-{i}", _ => Jurisdictions[random.Next(Jurisdictions.Length)]);
            var secret = new byte[32];
            random.NextBytes(secret);
            var enqueueGate = Gate(atEnqueue, site, patients, secret);
            var sendGate = Gate(atSend, site, patients, secret);
            for (var n = 0; n < 10; n++)
            {
                var item = RandomItem(random, patients.Keys.ElementAt(random.Next(patients.Count)));
                var pj = patients[Patient(item)];
                var routed = enqueueGate.Route(item);
                foreach (var destination in AllDestinations)
                {
                    checkedItems++;
                    var before = Oracle(atEnqueue, item.Class, pj, site, destination);
                    var after = Oracle(atSend, item.Class, pj, site, destination);
                    var stamped = routed.Kind == RouteKind.Outbox ? routed.Item : item with { Stamp = new RouteStamp(pj, []) };
                    var sent = sendGate.TryRelease(stamped, destination.Id, out var wire);

                    // A keep-local or denied item is never stamped for anything.
                    Assert.False(routed.Kind != RouteKind.Outbox && sent, "an item that was not queued was released");
                    Assert.Equal(before.Effect == ResidencyEffect.Allow && after.Effect == ResidencyEffect.Allow && routed.Kind == RouteKind.Outbox, sent);
                    if (!sent)
                    {
                        continue;
                    }

                    released++;
                    var demanded = before.Transforms.Stricter(after.Transforms);
                    AssertPayloadHonours(item, wire, demanded);
                    if (demanded.Pseudonymise)
                    {
                        pseudonymised++;
                    }
                }
            }
        }

        // The random policies must actually exercise both outcomes, or the test proves nothing.
        Assert.True(released > checkedItems / 20, $"only {released} of {checkedItems} released");
        Assert.True(released < checkedItems * 9 / 10, $"{released} of {checkedItems} released");
        Assert.True(pseudonymised > released / 10, $"only {pseudonymised} pseudonymised");
    }

    [Fact]
    public void ThroughTheRealOutbox_EachDestinationGetsExactlyWhatItsStampAllows_AndTheStoreEmpties()
    {
        using var dir = new TempDirectory();
        var random = new Random(7);
        for (var round = 0; round < 25; round++)
        {
            var policy = RandomPolicy(random);
            var site = Jurisdictions[random.Next(Jurisdictions.Length)];
            var patients = Enumerable.Range(0, 4).ToDictionary(i => $"pt-{round}-{i}", _ => Jurisdictions[random.Next(Jurisdictions.Length)]);
            var gate = Gate(policy, site, patients, new byte[32]);
            using var store = OutboxStore.Open(Path.Combine(dir.Path, $"outbox-{round}"), new OutboxOptions { MinFreeDiskBytes = 0 }, TimeProvider.System, NullLogger.Instance);
            var items = Enumerable.Range(0, 200).Select(_ => RandomItem(random, patients.Keys.ElementAt(random.Next(patients.Count)))).ToList();
            var queued = items.Select(gate.Route).Where(r => r.Kind == RouteKind.Outbox).Select(r => r.Item).ToList();
            store.Append(queued);

            foreach (var destination in AllDestinations)
            {
                var expected = items.Where(i => Oracle(policy, i.Class, patients[Patient(i)], site, destination).Effect == ResidencyEffect.Allow
                        && Oracle(policy, i.Class, patients[Patient(i)], site, new Destination(string.Empty, string.Empty, string.Empty)).Effect != ResidencyEffect.KeepLocal)
                    .Select(i => i.MessageId).ToHashSet();
                var lanes = new LaneScheduler(store, new LaneOptions(), TimeProvider.System, destination.Id);
                lanes.Reset(store.LastPosition);
                var got = new HashSet<Guid>();
                while (lanes.Next(64) is { Count: > 0 } batch)
                {
                    foreach (var item in batch)
                    {
                        Assert.True(gate.TryRelease(item.Stored.Item, destination.Id, out _), "a picked item was refused by an unchanged policy");
                        Assert.True(got.Add(item.Stored.Item.MessageId), "picked twice");
                    }

                    store.Acknowledge(destination.Id, batch.Select(b => b.Stored).ToList());
                }

                Assert.Equal(expected.Order(), got.Order());
            }

            Assert.Equal(0, store.PendingCount);
        }
    }

    /// <summary>Checks the serialised payloads (both formats) against the transforms the policies demanded.</summary>
    private static void AssertPayloadHonours(OutboxItem original, WireItem wire, TransformSet demanded)
    {
        foreach (IPayloadFormat format in new IPayloadFormat[] { new EdgeJsonFormat(Site), new FhirR4Format(Site) })
        {
            Assert.Equal(1, format.WriteBatch([wire], 0, 10, 1 << 20, TestData.T0, out var payload));
            var text = Encoding.UTF8.GetString(payload);
            if (demanded.Pseudonymise)
            {
                Assert.DoesNotContain(Patient(original), text, StringComparison.Ordinal);
                if (original.Reading is { } r)
                {
                    Assert.DoesNotContain(r.DeviceId, text, StringComparison.Ordinal);
                }
            }

            if (!demanded.IsNone)
            {
                // Ids are re-keyed: a UUIDv7 carries its creation time, and a shared id would link the two streams.
                Assert.DoesNotContain(original.MessageId.ToString(), text, StringComparison.OrdinalIgnoreCase);
            }
        }

        using var json = JsonDocument.Parse(new EdgeJsonFormat(Site).WriteSingle(wire));
        var root = json.RootElement;
        var time = root.TryGetProperty("measured", out var m) ? m.GetDateTimeOffset() : root.GetProperty("raised").GetDateTimeOffset();
        var originalTime = original.Reading?.MeasuredAt ?? original.Alert!.RaisedAt;
        Assert.Equal(TimeGranularities.Floor(originalTime, demanded.TruncateTime), time);
        foreach (var (field, name) in new[] { (WireFields.Device, "device"), (WireFields.Seq, "seq"), (WireFields.Patient, "patient"), (WireFields.DeviceTime, "deviceTime"), (WireFields.Clock, "clock"), (WireFields.Trigger, "trigger"), (WireFields.Score, "score") })
        {
            if (demanded.DropFields.HasFlag(field))
            {
                Assert.False(root.TryGetProperty(name, out _), $"{name} was to be dropped");
            }
        }
    }

    /// <summary>
    /// The oracle: a second, deliberately naive reading of the rules (collect every matching rule, then apply the
    /// precedence), written from docs/residency.md rather than from the evaluator.
    /// </summary>
    private static ResidencyDecision Oracle(ResidencyPolicy policy, DataClass c, string patient, string site, Destination d)
    {
        bool In(IReadOnlyList<string>? list, string value, bool prefix) =>
            list is null || list.Any(x => x == "*" || x == value || (prefix && value.StartsWith(x + "-", StringComparison.Ordinal)) || (x.EndsWith('*') && value.StartsWith(x.TrimEnd('*'), StringComparison.Ordinal)));
        var matching = policy.Rules.Where(r =>
            (r.Classes is null || r.Classes.Contains(c))
            && In(r.PatientJurisdictions, patient, prefix: true)
            && In(r.SiteJurisdictions, site, prefix: true)
            && (r.DestinationIds is null || r.DestinationIds.Contains(d.Id))
            && In(r.Regions, d.Region, prefix: false)
            && (r.Purposes is null || r.Purposes.Contains(d.Purpose))).ToList();
        if (matching.Any(r => r.Effect == ResidencyEffect.KeepLocal))
        {
            return new ResidencyDecision(ResidencyEffect.KeepLocal, TransformSet.None, matching.Where(r => r.Effect == ResidencyEffect.KeepLocal).Max(r => r.KeepLocalDays), null);
        }

        if (matching.Any(r => r.Effect == ResidencyEffect.Deny) || !matching.Any(r => r.Effect == ResidencyEffect.Allow))
        {
            return ResidencyDecision.DefaultDeny;
        }

        var allows = matching.Where(r => r.Effect == ResidencyEffect.Allow).ToList();
        return new ResidencyDecision(
            ResidencyEffect.Allow,
            new TransformSet(allows.Any(r => r.Transforms.Pseudonymise), allows.Max(r => r.Transforms.TruncateTime), allows.Aggregate(WireFields.None, (f, r) => f | r.Transforms.DropFields)),
            0,
            null);
    }

    private static ResidencyGate Gate(ResidencyPolicy policy, string site, Dictionary<string, string> patients, byte[] secret) =>
        new(policy, AllDestinations, site, id => patients.GetValueOrDefault(id), new Pseudonymiser(secret), new ResidencyAudit(policy));

    private static string Patient(OutboxItem item) => item.Reading?.PatientId ?? item.Alert!.PatientId;

    private static ResidencyPolicy RandomPolicy(Random random)
    {
        var rules = new List<string>();
        var count = random.Next(0, 6);
        for (var i = 0; i < count; i++)
        {
            var effect = random.Next(10) switch { < 6 => "allow", < 9 => "deny", _ => "keep-local" };
            var parts = new List<string> { $"\"id\": \"r{i}\"", $"\"effect\": \"{effect}\"" };
            if (random.Next(2) == 0)
            {
                parts.Add("\"classes\": [" + string.Join(", ", Pick(random, Classes, 1, 3).Select(q)) + "]");
            }

            if (random.Next(3) == 0)
            {
                parts.Add("\"patientJurisdictions\": [" + string.Join(", ", Pick(random, ["DE", "AU", "US", "FR", "@eea", "*"], 1, 2).Select(q)) + "]");
            }

            if (random.Next(4) == 0)
            {
                parts.Add("\"siteJurisdictions\": [" + string.Join(", ", Pick(random, ["DE", "AU", "US", "GB"], 1, 2).Select(q)) + "]");
            }

            if (effect != "keep-local" && random.Next(2) == 0)
            {
                var d = new List<string>();
                if (random.Next(2) == 0)
                {
                    d.Add("\"regions\": [" + string.Join(", ", Pick(random, ["eu-*", "au-east", "us-*", "eu-de"], 1, 2).Select(q)) + "]");
                }

                if (random.Next(2) == 0)
                {
                    d.Add("\"purposes\": [" + string.Join(", ", Pick(random, ["care", "research"], 1, 1).Select(q)) + "]");
                }

                if (random.Next(3) == 0)
                {
                    d.Add("\"ids\": [" + string.Join(", ", Pick(random, AllDestinations.Select(x => x.Id).ToArray(), 1, 2).Select(q)) + "]");
                }

                parts.Add("\"destinations\": {" + string.Join(", ", d) + "}");
            }

            if (effect == "allow" && random.Next(2) == 0)
            {
                var t = new List<string>();
                if (random.Next(2) == 0)
                {
                    t.Add("\"pseudonymise\": true");
                }

                if (random.Next(2) == 0)
                {
                    t.Add("\"truncateTime\": " + q(Pick(random, ["minute", "hour", "day", "month", "year"], 1, 1)[0]));
                }

                if (random.Next(2) == 0)
                {
                    t.Add("\"dropFields\": [" + string.Join(", ", Pick(random, ["device", "seq", "patient", "deviceTime", "quality", "clock", "score", "trigger"], 1, 3).Select(q)) + "]");
                }

                parts.Add("\"transforms\": {" + string.Join(", ", t) + "}");
            }

            if (effect == "keep-local")
            {
                parts.Add($"\"keepLocalDays\": {random.Next(1, 90)}");
            }

            rules.Add("{" + string.Join(", ", parts) + "}");
        }

        var json = "{ \"version\": \"rnd\", \"groups\": { \"eea\": [\"DE\", \"FR\"] }, \"rules\": [" + string.Join(",\n", rules) + "] }";
        return ResidencyPolicyParser.Parse(Encoding.UTF8.GetBytes(json), "random.json");

        static string q(string s) => "\"" + s + "\"";
    }

    private static List<string> Pick(Random random, string[] from, int min, int max) =>
        from.OrderBy(_ => random.Next()).Take(random.Next(min, max + 1)).ToList();

    private static OutboxItem RandomItem(Random random, string patient)
    {
        var at = TestData.T0.AddSeconds(random.Next(0, 86_400 * 40)).AddMilliseconds(random.Next(1000));
        var dataClass = (DataClass)random.Next(5);
        if (dataClass == DataClass.Alarm || random.Next(8) == 0)
        {
            var alert = new Alert(Guid.CreateVersion7(at), patient, "news2.high", AlertSeverity.High, random.Next(5, 12), at, Guid.CreateVersion7(at.AddSeconds(-1)));
            return OutboxItem.ForAlert(alert, dataClass);
        }

        var kind = (VitalKind)random.Next(13);
        var reading = new Reading(
            Guid.CreateVersion7(at),
            "dev-" + random.Next(1000, 9999),
            random.Next(1, 100_000),
            patient,
            kind,
            Math.Round(random.NextDouble() * 150, 1),
            random.Next(2) == 0 ? at.ToOffset(TimeSpan.FromHours(random.Next(-10, 12))) : null,
            at,
            ClockTrust.Trusted,
            (QualityIssues)random.Next(0, 512));
        return OutboxItem.ForReading(reading, dataClass);
    }
}
