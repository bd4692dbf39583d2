using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Edge.Core;
using Edge.Sync.Outbox;
using Edge.Sync.Wire;
using Json.Schema;

namespace Edge.Sync.Tests.Contract;

/// <summary>Every compact payload the writer produces validates against docs/wire/edge.batch.v1.schema.json.</summary>
public sealed class EdgeJsonSchemaContractTests
{
    private static readonly DateTimeOffset SentAt = new(2026, 11, 25, 12, 0, 0, 123, TimeSpan.Zero);
    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromFile(ContractFiles.SchemaPath));
    private static readonly EvaluationOptions Strict = new() { RequireFormatValidation = true, OutputFormat = OutputFormat.Flag };
    private static readonly EvaluationOptions Explain = new() { RequireFormatValidation = true, OutputFormat = OutputFormat.List };

    [Fact]
    public void EveryCompactPayload_OfRandomItemsUnderRandomCaps_ValidatesAndCarriesItsItemsInOrder()
    {
        var corpus = new WireCorpus(4711);
        var format = new EdgeJsonFormat(new SiteOptions { Tenant = "acme", Site = "care-home_7", Gateway = "gw-42" });
        var payloads = 0;
        var oversize = 0;
        for (var round = 0; round < 400; round++)
        {
            var batch = corpus.Items(corpus.Random.Next(1, 120));
            var maxBytes = corpus.Random.Next(250, 30_000);
            var maxItems = corpus.Random.Next(1, 150);
            for (var start = 0; start < batch.Count;)
            {
                var taken = format.WriteBatch(batch, start, maxItems, maxBytes, SentAt, out var payload);
                if (taken == 0)
                {
                    Assert.Empty(payload);
                    oversize++;
                    start++;
                    continue;
                }

                Assert.InRange(payload.Length, 1, maxBytes);
                AssertValid(payload);
                AssertCarries(batch, start, taken, payload);
                AssertFilledToTheCap(format, batch, start, taken, maxItems, maxBytes);
                start += taken;
                payloads++;
            }
        }

        Assert.True(payloads > 1000, $"only {payloads} payloads");
        Assert.True(oversize > 0, "no item was ever too big alone: the cap edge was not exercised");
    }

    [Fact]
    public void CompactPayload_WithEveryOptionalFieldDropped_StillValidates()
    {
        var corpus = new WireCorpus(7);
        var items = corpus.Items(200).Select(i => i with { Omit = (WireFields)0xFF }).ToList();
        var payload = Write(items);
        AssertValid(payload);
        using var doc = JsonDocument.Parse(payload);
        foreach (var item in doc.RootElement.GetProperty("items").EnumerateArray())
        {
            foreach (var name in new[] { "device", "seq", "patient", "deviceTime", "quality", "clock", "score", "trigger" })
            {
                Assert.False(item.TryGetProperty(name, out _), name);
            }
        }
    }

    [Fact]
    public void Schema_VitalTable_IsTheCatalogue()
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(ContractFiles.SchemaPath));
        var reading = doc.RootElement.GetProperty("$defs").GetProperty("reading");
        var keys = reading.GetProperty("properties").GetProperty("vital").GetProperty("enum").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Equal(VitalCatalog.All.Select(v => v.Key), keys);
        var rules = reading.GetProperty("allOf").EnumerateArray().ToDictionary(
            r => r.GetProperty("if").GetProperty("properties").GetProperty("vital").GetProperty("const").GetString()!,
            r => r.GetProperty("then").GetProperty("properties"));
        foreach (var info in VitalCatalog.All)
        {
            Assert.Equal(info.Loinc, rules[info.Key].GetProperty("loinc").GetProperty("const").GetString());
            Assert.Equal(info.Ucum, rules[info.Key].GetProperty("unit").GetProperty("const").GetString());
        }
    }

    [Fact]
    public void Schema_QualityNames_AreTheOnesTheWriterUses()
    {
        var reading = new Reading(Guid.CreateVersion7(SentAt), "dev-1", 1, "pt-1", VitalKind.SpO2, 97, null, SentAt, ClockTrust.Trusted, (QualityIssues)0x1FF);
        using var payload = JsonDocument.Parse(Write([new WireItem(OutboxItem.ForReading(reading), WireFields.None)]));
        var written = payload.RootElement.GetProperty("items")[0].GetProperty("quality").EnumerateArray().Select(e => e.GetString()).ToList();
        using var schema = JsonDocument.Parse(File.ReadAllBytes(ContractFiles.SchemaPath));
        var allowed = schema.RootElement.GetProperty("$defs").GetProperty("reading").GetProperty("properties").GetProperty("quality")
            .GetProperty("items").GetProperty("enum").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Equal(9, written.Count);
        Assert.Equal(allowed, written);
    }

    public static TheoryData<string, string> Corruptions => new()
    {
        { "a MAC address smuggled in as an extra field", """{"path":"items/0","set":"mac","value":"00:11:22:33:44:55"}""" },
        { "seq as a string", """{"path":"items/0","set":"seq","value":"12"}""" },
        { "seq zero", """{"path":"items/0","set":"seq","value":0}""" },
        { "a LOINC code that is not the vital's", """{"path":"items/0","set":"loinc","value":"2708-6"}""" },
        { "a unit that is not the vital's", """{"path":"items/0","set":"unit","value":"[lb_av]"}""" },
        { "an unknown vital", """{"path":"items/0","set":"vital","value":"mood"}""" },
        { "a measured time that is not a date-time", """{"path":"items/0","set":"measured","value":"yesterday"}""" },
        { "a measured time with an offset instead of Z", """{"path":"items/0","set":"measured","value":"2026-11-25T13:00:00+01:00"}""" },
        { "an id that is not a UUID", """{"path":"items/0","set":"id","value":"42"}""" },
        { "an unknown quality flag", """{"path":"items/0","set":"quality","value":["fine"]}""" },
        { "an empty quality list", """{"path":"items/0","set":"quality","value":[]}""" },
        { "an unknown clock state", """{"path":"items/0","set":"clock","value":"ntp"}""" },
        { "an empty device id", """{"path":"items/0","set":"device","value":""}""" },
        { "a value that is a string", """{"path":"items/0","set":"value","value":"72"}""" },
        { "a missing value", """{"path":"items/0","remove":"value"}""" },
        { "a missing id", """{"path":"items/0","remove":"id"}""" },
        { "an alert severity the contract does not know", """{"path":"items/1","set":"severity","value":"critical"}""" },
        { "an alert without a raised time", """{"path":"items/1","remove":"raised"}""" },
        { "an alert with a reading's field", """{"path":"items/1","set":"value","value":3}""" },
        { "a tenant with topic syntax", """{"path":"","set":"tenant","value":"a/b"}""" },
        { "another schema id", """{"path":"","set":"schema","value":"edge.batch/2"}""" },
        { "an empty item list", """{"path":"","set":"items","value":[]}""" },
        { "an item of an unknown type", """{"path":"items/0","set":"type","value":"waveform"}""" },
    };

    [Theory]
    [MemberData(nameof(Corruptions))]
    public void CompactPayload_WithABadField_FailsValidation(string why, string corruption)
    {
        var reading = new Reading(Guid.CreateVersion7(SentAt), "dev-1", 7, "pt-1", VitalKind.HeartRate, 72, SentAt, SentAt, ClockTrust.Trusted, QualityIssues.Artefact);
        var alert = new Alert(Guid.CreateVersion7(SentAt), "pt-1", "news2.high", AlertSeverity.High, 7, SentAt, reading.Id);
        var payload = Write([new WireItem(OutboxItem.ForReading(reading), WireFields.None), new WireItem(OutboxItem.ForAlert(alert), WireFields.None)]);
        AssertValid(payload); // the untouched payload is valid, so the corruption alone makes the difference

        var node = JsonNode.Parse(payload)!;
        var change = JsonNode.Parse(corruption)!;
        var target = change["path"]!.GetValue<string>().Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Aggregate(node, (n, step) => int.TryParse(step, CultureInfo.InvariantCulture, out var i) ? n[i]! : n[step]!).AsObject();
        if (change["remove"] is { } remove)
        {
            target.Remove(remove.GetValue<string>());
        }
        else
        {
            target[change["set"]!.GetValue<string>()] = change["value"]!.DeepClone();
        }

        using var doc = JsonDocument.Parse(node.ToJsonString());
        Assert.False(Schema.Value.Evaluate(doc.RootElement, Strict).IsValid, $"the schema accepted {why}");
    }

    internal static void AssertValid(byte[] payload)
    {
        using var doc = JsonDocument.Parse(payload);
        if (!Schema.Value.Evaluate(doc.RootElement, Strict).IsValid)
        {
            var result = Schema.Value.Evaluate(doc.RootElement, Explain);
            var errors = string.Join("; ", (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
                .Select(d => $"{d.InstanceLocation}: {string.Join(", ", d.Errors!.Values)}"));
            Assert.Fail($"schema violation: {errors}\n{System.Text.Encoding.UTF8.GetString(payload)}");
        }
    }

    private static byte[] Write(List<WireItem> items)
    {
        var taken = new EdgeJsonFormat(new SiteOptions()).WriteBatch(items, 0, items.Count, int.MaxValue, SentAt, out var payload);
        Assert.Equal(items.Count, taken);
        return payload;
    }

    private static void AssertFilledToTheCap(EdgeJsonFormat format, List<WireItem> batch, int start, int taken, int maxItems, int maxBytes)
    {
        if (taken == maxItems || start + taken == batch.Count)
        {
            return;
        }

        // The batch stopped early, so one more item must not have fit (the cap counts a comma for every item).
        format.WriteBatch(batch, start, taken + 1, int.MaxValue, SentAt, out var longer);
        Assert.True(longer.Length + 1 > maxBytes, $"stopped at {taken} items with room left: {longer.Length} + 1 <= {maxBytes}");
    }

    private static void AssertCarries(List<WireItem> batch, int start, int taken, byte[] payload)
    {
        using var doc = JsonDocument.Parse(payload);
        var root = doc.RootElement;
        Assert.Equal(EdgeJsonFormat.SchemaId, root.GetProperty("schema").GetString());
        Assert.Equal(SentAt, root.GetProperty("sent").GetDateTimeOffset());
        var items = root.GetProperty("items");
        Assert.Equal(taken, items.GetArrayLength());
        for (var i = 0; i < taken; i++)
        {
            var wire = batch[start + i];
            var json = items[i];
            Assert.Equal(wire.Item.MessageId, json.GetProperty("id").GetGuid());
            if (wire.Item.Reading is { } r)
            {
                var info = VitalCatalog.Get(r.Kind);
                Assert.Equal("reading", json.GetProperty("type").GetString());
                Assert.Equal(info.Key, json.GetProperty("vital").GetString());
                Assert.Equal(r.Value, json.GetProperty("value").GetDouble());
                Assert.Equal(r.MeasuredAt, json.GetProperty("measured").GetDateTimeOffset());
                AssertField(json, "device", wire.Omit, WireFields.Device, r.DeviceId);
                AssertField(json, "patient", wire.Omit, WireFields.Patient, r.PatientId);
                AssertField(json, "seq", wire.Omit, WireFields.Seq, r.Seq);
                AssertField(json, "clock", wire.Omit, WireFields.Clock, r.Clock);
                AssertField(json, "deviceTime", wire.Omit, WireFields.DeviceTime, r.DeviceTime);
                var flags = BitOperations.PopCount((uint)(r.Flags & (QualityIssues)0x1FF));
                AssertField(json, "quality", wire.Omit, WireFields.Quality, flags == 0 ? null : flags);
                if (json.TryGetProperty("deviceTime", out var deviceTime))
                {
                    Assert.Equal(r.DeviceTime!.Value.Ticks / TimeSpan.TicksPerMillisecond, deviceTime.GetDateTimeOffset().Ticks / TimeSpan.TicksPerMillisecond);
                    Assert.Equal(r.DeviceTime.Value.Offset, deviceTime.GetDateTimeOffset().Offset);
                }

                if (json.TryGetProperty("quality", out var quality))
                {
                    Assert.Equal(flags, quality.GetArrayLength());
                }
            }
            else
            {
                var a = wire.Item.Alert!;
                Assert.Equal("alert", json.GetProperty("type").GetString());
                Assert.Equal(a.Code, json.GetProperty("code").GetString());
                Assert.Equal(a.RaisedAt, json.GetProperty("raised").GetDateTimeOffset());
                AssertField(json, "patient", wire.Omit, WireFields.Patient, a.PatientId);
                AssertField(json, "score", wire.Omit, WireFields.Score, a.Score);
                AssertField(json, "trigger", wire.Omit, WireFields.Trigger, a.TriggerReadingId);
                if (json.TryGetProperty("score", out var score))
                {
                    Assert.Equal(a.Score, score.GetInt32());
                }
            }
        }
    }

    // Present exactly when the source has a value and the field is not omitted; strings are compared.
    private static void AssertField(JsonElement item, string name, WireFields omit, WireFields field, object? source)
    {
        var present = item.TryGetProperty(name, out var value);
        Assert.True(present == ((omit & field) == 0 && source is not null), $"{name}: present {present}, omitted {(omit & field) != 0}");
        if (present && source is string text)
        {
            Assert.Equal(text, value.GetString());
        }
        else if (present && source is long number)
        {
            Assert.Equal(number, value.GetInt64());
        }
    }
}
