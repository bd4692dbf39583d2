using System.Text;
using BenchmarkDotNet.Attributes;
using Edge.Bench.Ingest;
using Edge.Core;
using Edge.Host.Ingest;
using Edge.Sync.Outbox;
using Edge.Sync.Residency;
using Edge.Sync.Wire;
using Microsoft.Extensions.Options;

namespace Edge.Bench.Micro;

/// <summary>
/// What residency adds per uplink message of 100 readings (the simulator's mix), against what the uplink pays anyway
/// for the same message: writing the <c>edge.batch/1</c> payload (the baseline). Stamping runs once per item at
/// enqueue for two destinations; the send-time re-check runs per item per destination, either identified (no
/// transforms) or pseudonymised, truncated to the hour and with device details dropped.
/// </summary>
[MemoryDiagnoser]
public class ResidencyBenchmarks
{
    private static readonly DateTimeOffset SentAt = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    private readonly EdgeJsonFormat _format = new(new SiteOptions());
    private ResidencyGate _gate = null!;
    private List<OutboxItem> _items = null!;
    private List<OutboxItem> _stamped = null!;
    private List<WireItem> _wire = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        var corpus = await ObservationCorpus.GenerateAsync(100, 4);
        var registry = new PairingRegistry(Options.Create(corpus.Patients));
        _items = [.. corpus.Observations.Select((o, i) =>
        {
            registry.TryResolve(o.Source, out var binding);
            return OutboxItem.ForReading(new Reading(
                Guid.CreateVersion7(o.ReceivedAt), binding.DeviceId, i + 1, binding.PatientId, o.Kind, o.Value, o.DeviceTime, o.ReceivedAt, ClockTrust.Trusted, o.Flags));
        })];
        var policy = ResidencyPolicyParser.Parse(Encoding.UTF8.GetBytes("""
            { "version": "bench", "rules": [
              { "id": "care", "effect": "allow", "destinations": { "purposes": ["care"] } },
              { "id": "research", "effect": "allow", "classes": ["vitals"], "destinations": { "purposes": ["research"] },
                "transforms": { "pseudonymise": true, "truncateTime": "hour", "dropFields": ["device", "deviceTime"] } } ] }
            """), "bench.json");
        _gate = new ResidencyGate(
            policy,
            [new Destination("care", "eu-de", "care"), new Destination("research", "eu-fr", "research")],
            "DE",
            _ => null,
            new Pseudonymiser(new byte[32]),
            new ResidencyAudit(policy));
        _stamped = [.. _items.Select(i => _gate.Route(i).Item)];
        _wire = [.. _items.Select(i => new WireItem(i, WireFields.None))];
    }

    [Benchmark(Baseline = true)]
    public int PayloadWrite_100() => _format.WriteBatch(_wire, 0, 100, 1 << 20, SentAt, out _);

    [Benchmark]
    public int Stamp_100_TwoDestinations()
    {
        var n = 0;
        foreach (var item in _items)
        {
            n += (int)_gate.Route(item).Kind;
        }

        return n;
    }

    [Benchmark]
    public int Release_100_Identified() => Release("care");

    [Benchmark]
    public int Release_100_Pseudonymised() => Release("research");

    private int Release(string destination)
    {
        var n = 0;
        foreach (var item in _stamped)
        {
            n += _gate.TryRelease(item, destination, out _) ? 1 : 0;
        }

        return n;
    }
}
