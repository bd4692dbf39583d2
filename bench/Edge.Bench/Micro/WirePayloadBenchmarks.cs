using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Edge.Bench.Ingest;
using Edge.Core;
using Edge.Host.Ingest;
using Edge.Sync.Outbox;
using Edge.Sync.Wire;
using Microsoft.Extensions.Options;

namespace Edge.Bench.Micro;

/// <summary>
/// One uplink message: 100 stored readings (the simulator's mix) written as an <c>edge.batch/1</c> payload, against
/// the simplest honest alternative, <see cref="JsonSerializer.SerializeToUtf8Bytes{TValue}(TValue, JsonSerializerOptions?)"/>
/// of the same 100 items with default (reflection) options (the baseline). The baseline writes the records as they
/// are: no envelope, no LOINC code or UCUM unit, enum numbers instead of names, and it also emits each item's null
/// alert; the sizes printed by the setup show the difference. <see cref="EdgeJsonFormat"/> and
/// <see cref="FhirR4Format"/> write the same items as <see cref="WireItem"/>s, as the uplink hands them over.
/// </summary>
[MemoryDiagnoser]
public class WirePayloadBenchmarks
{
    private static readonly DateTimeOffset SentAt = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    private readonly WirePayloadWriter _writer = new(new SiteOptions());
    private readonly EdgeJsonFormat _edgeJson = new(new SiteOptions());
    private readonly FhirR4Format _fhir = new(new SiteOptions());
    private List<StoredItem> _items = null!;
    private List<WireItem> _wireItems = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        var corpus = await ObservationCorpus.GenerateAsync(100, 4);
        var registry = new PairingRegistry(Options.Create(corpus.Patients));
        var seqs = new Dictionary<string, long>(StringComparer.Ordinal);
        _items = [.. corpus.Observations.Select((o, i) =>
        {
            if (!registry.TryResolve(o.Source, out var binding))
            {
                throw new InvalidOperationException("The corpus has an unbound device.");
            }

            var seq = seqs[binding.DeviceId] = seqs.GetValueOrDefault(binding.DeviceId) + 1;
            var reading = new Reading(
                Guid.CreateVersion7(o.ReceivedAt), binding.DeviceId, seq, binding.PatientId, o.Kind, o.Value, o.DeviceTime, o.ReceivedAt, ClockTrust.Trusted, o.Flags);
            return new StoredItem(i + 1, OutboxItem.ForReading(reading), 0);
        })];

        _wireItems = [.. _items.Select(s => new WireItem(s.Item, WireFields.None))];
        Console.WriteLine($"// payload bytes: WirePayloadWriter {WirePayloadWriter_Write().Length}, System.Text.Json {SystemTextJson_Serialize().Length}, FHIR R4 {FhirR4Format_WriteBatch().Length}");
    }

    [Benchmark(Baseline = true)]
    public byte[] SystemTextJson_Serialize() => JsonSerializer.SerializeToUtf8Bytes(_items);

    [Benchmark]
    public byte[] WirePayloadWriter_Write() => _writer.Write(_items, SentAt);

    [Benchmark]
    public byte[] EdgeJsonFormat_WriteBatch()
    {
        _edgeJson.WriteBatch(_wireItems, 0, _wireItems.Count, int.MaxValue, SentAt, out var payload);
        return payload;
    }

    [Benchmark]
    public byte[] FhirR4Format_WriteBatch()
    {
        _fhir.WriteBatch(_wireItems, 0, _wireItems.Count, int.MaxValue, SentAt, out var payload);
        return payload;
    }
}
