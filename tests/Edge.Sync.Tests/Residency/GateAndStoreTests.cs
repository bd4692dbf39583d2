using System.Text;
using Edge.Core;
using Edge.Sync.Lanes;
using Edge.Sync.Outbox;
using Edge.Sync.Residency;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.Sync.Tests.Residency;

public sealed class GateAndStoreTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private OutboxStore Open() => OutboxStore.Open(Path.Combine(_dir.Path, "outbox"), new OutboxOptions { MinFreeDiskBytes = 0 }, TimeProvider.System, NullLogger.Instance);

    private static ResidencyGate Gate(string rules, params Destination[] destinations)
    {
        var policy = ResidencyPolicyParser.Parse(Encoding.UTF8.GetBytes("{ \"version\": \"t\", \"rules\": [" + rules + "] }"), "t.json");
        return new ResidencyGate(policy, destinations, "DE", _ => null, new Pseudonymiser(new byte[32]), new ResidencyAudit(policy));
    }

    private static readonly Destination A = new("a", "eu-de", "care");
    private static readonly Destination B = new("b", "eu-fr", "research");

    [Fact]
    public void AnItemForTwoDestinations_StaysUntilBothAcknowledge_AcrossAReopen()
    {
        var gate = Gate("""{ "id": "all", "effect": "allow" }""", A, B);
        var items = TestData.Readings("dev-1", 10).Select(i => gate.Route(i).Item).ToList();
        Assert.All(items, i => Assert.Equal(2, i.Stamp!.Routes.Count));
        using (var store = Open())
        {
            store.Append(items);
            var forA = Pick(store, "a");
            Assert.Equal(10, forA.Count);
            Assert.Equal(0, store.Acknowledge("a", forA));
            Assert.Equal(10, store.PendingCount);
            Assert.Empty(Pick(store, "a"));
        }

        using (var store = Open())
        {
            Assert.Empty(Pick(store, "a"));
            var forB = Pick(store, "b");
            Assert.Equal(10, forB.Count);
            Assert.Equal(10, store.Acknowledge("b", forB));
            Assert.Equal(0, store.PendingCount);
        }
    }

    [Fact]
    public void Acknowledge_IsIdempotent_AndConcurrentDestinationsNeverLoseAnUpdate()
    {
        var gate = Gate("""{ "id": "all", "effect": "allow" }""", A, B);
        using var store = Open();
        store.Append(TestData.Readings("dev-1", 2_000).Select(i => gate.Route(i).Item).ToList());
        var forA = Pick(store, "a");
        var forB = Pick(store, "b");
        Parallel.Invoke(
            () => { foreach (var chunk in forA.Chunk(50)) { store.Acknowledge("a", chunk); } },
            () => { foreach (var chunk in forB.Chunk(50)) { store.Acknowledge("b", chunk); } });
        Assert.Equal(0, store.PendingCount);
        Assert.Equal(0, store.Acknowledge("a", forA));
    }

    [Fact]
    public void Route_KeepLocalAndDenied_AreNeverQueued_AndReleaseFailsClosedForUnknownDestinations()
    {
        var gate = Gate("""{ "id": "care", "effect": "allow", "classes": ["vitals"], "destinations": { "ids": ["a"] } }, { "id": "diag", "effect": "keep-local", "classes": ["diagnostics"], "keepLocalDays": 5 }""", A, B);
        var vitals = gate.Route(TestData.Reading("dev-1", 1));
        Assert.Equal(RouteKind.Outbox, vitals.Kind);
        Assert.True(vitals.Item.Stamp!.TryGet("a", out _));
        Assert.False(vitals.Item.Stamp.TryGet("b", out _));

        var diagnostics = gate.Route(OutboxItem.ForReading(TestData.Reading("dev-1", 2).Reading!, DataClass.Diagnostics));
        Assert.Equal(RouteKind.KeepLocal, diagnostics.Kind);
        Assert.Equal(5, diagnostics.KeepLocalDays);

        Assert.Equal(RouteKind.Denied, gate.Route(TestData.AlertItem(1)).Kind);
        Assert.False(gate.TryRelease(vitals.Item, "b", out _));
        Assert.False(gate.TryRelease(vitals.Item, "nowhere", out _));
        Assert.True(gate.TryRelease(vitals.Item, "a", out var wire));
        Assert.Equal(vitals.Item.MessageId, wire.Item.MessageId);
        Assert.Equal(1, gate.Audit.Total(AuditStage.Send, "b", ResidencyEffect.Deny));
    }

    [Fact]
    public void ARelaxedPolicy_NeverLoosensAStampedTransform()
    {
        var strict = Gate("""{ "id": "r", "effect": "allow", "transforms": { "pseudonymise": true, "truncateTime": "day" } }""", A);
        var relaxed = Gate("""{ "id": "r", "effect": "allow" }""", A);
        var stamped = strict.Route(TestData.Reading("dev-1", 1)).Item;
        Assert.True(relaxed.TryRelease(stamped, "a", out var wire));
        Assert.StartsWith("pp-", wire.Item.Reading!.PatientId, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.Zero, wire.Item.Reading.GatewayTime.TimeOfDay);
    }

    [Fact]
    public void Pseudonyms_AreStable_PerDestination_AndKeyed()
    {
        var key = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        var p = new Pseudonymiser(key);
        var other = new Pseudonymiser(key.Select(b => (byte)(b ^ 1)).ToArray());
        Assert.Equal(p.Pseudonym("a", "patient", "pt-1"), p.Pseudonym("a", "patient", "pt-1"));
        Assert.NotEqual(p.Pseudonym("a", "patient", "pt-1"), p.Pseudonym("b", "patient", "pt-1"));
        Assert.NotEqual(p.Pseudonym("a", "patient", "pt-1"), p.Pseudonym("a", "patient", "pt-2"));
        Assert.NotEqual(p.Pseudonym("a", "patient", "pt-1"), other.Pseudonym("a", "patient", "pt-1"));
        Assert.NotEqual(p.Pseudonym("ab", "patient", "c"), p.Pseudonym("a", "patient", "bc"));
        Assert.Matches("^pp-[a-z2-7]{26}$", p.Pseudonym("a", "patient", "pt-1"));
        Assert.Matches("^pd-[a-z2-7]{26}$", p.Pseudonym("a", "device", "dev-1"));

        var id = Guid.CreateVersion7(TestData.T0);
        var rekeyed = p.Rekey("a", id);
        Assert.Equal(rekeyed, p.Rekey("a", id));
        Assert.NotEqual(rekeyed, p.Rekey("b", id));
        Assert.Equal(8, rekeyed.Version);
        Assert.Throws<ArgumentException>(() => new Pseudonymiser(new byte[16]));
    }

    [Fact]
    public void TheAuditLog_IsHashChained_SoAnEditedOrRemovedLineIsDetected()
    {
        var gate = Gate("""{ "id": "all", "effect": "allow", "classes": ["vitals"] }""", A);
        var path = Path.Combine(_dir.Path, "audit.jsonl");
        gate.Audit.RecordPolicyLoaded(path, TestData.T0, 1);
        foreach (var item in TestData.Readings("dev-1", 5))
        {
            gate.Route(item);
        }

        gate.Route(TestData.AlertItem(1));
        Assert.Equal(2, gate.Audit.Flush(path, TestData.T0));
        gate.Route(TestData.Reading("dev-1", 9));
        Assert.Equal(1, gate.Audit.Flush(path, TestData.T0.AddSeconds(10)));
        Assert.Equal(0, gate.Audit.Flush(path, TestData.T0.AddSeconds(20)));
        Assert.Null(ResidencyAudit.Verify(path));

        var lines = File.ReadAllLines(path);
        Assert.Equal(4, lines.Length);
        Assert.Contains("\"decision\":\"deny\",\"rule\":\"default-deny\"", string.Join('\n', lines), StringComparison.Ordinal);

        var edited = Array.FindIndex(lines, l => l.Contains("\"count\":5", StringComparison.Ordinal)) + 1;
        File.WriteAllLines(path, lines.Select(l => l.Replace("\"count\":5", "\"count\":4", StringComparison.Ordinal)));
        Assert.StartsWith($"line {edited}:", ResidencyAudit.Verify(path), StringComparison.Ordinal);
        File.WriteAllLines(path, lines.Where((_, i) => i != 1));
        Assert.StartsWith("line 2:", ResidencyAudit.Verify(path), StringComparison.Ordinal);

        // A new process continues the chain from the last line on disk.
        File.WriteAllLines(path, lines);
        var again = Gate("""{ "id": "all", "effect": "allow" }""", A);
        again.Route(TestData.Reading("dev-1", 1));
        again.Audit.Flush(path, TestData.T0);
        Assert.Null(ResidencyAudit.Verify(path));
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void TheSiteSecret_IsCreatedOwnerOnly_AndAReadableOneIsRefused()
    {
        var path = Path.Combine(_dir.Path, "secret", "site.key");
        var first = SiteSecret.LoadOrCreate(path);
        Assert.Equal(32, first.Length);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(first, SiteSecret.LoadOrCreate(path));
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        Assert.Contains("chmod 600", Assert.Throws<InvalidOperationException>(() => SiteSecret.LoadOrCreate(path)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KeepLocalItems_AreRetainedDurably_UntilTheirDaysRunOut()
    {
        var directory = Path.Combine(_dir.Path, "local");
        using (var retained = LocalRetentionStore.Open(directory))
        {
            retained.Add([(TestData.Reading("dev-1", 1), 1), (TestData.Reading("dev-1", 2), 30)]);
        }

        using (var retained = LocalRetentionStore.Open(directory))
        {
            Assert.Equal(2, retained.Count);
            Assert.Equal(0, retained.Sweep(TestData.T0.AddHours(12)));
            Assert.Equal(1, retained.Sweep(TestData.T0.AddDays(2)));
            Assert.Equal(1, retained.Count);
        }
    }

    private static List<StoredItem> Pick(OutboxStore store, string destination)
    {
        var lanes = new LaneScheduler(store, new LaneOptions(), TimeProvider.System, destination);
        lanes.Reset(store.LastPosition);
        var all = new List<StoredItem>();
        while (lanes.Next(500) is { Count: > 0 } batch)
        {
            all.AddRange(batch.Select(b => b.Stored));
        }

        return all;
    }
}
