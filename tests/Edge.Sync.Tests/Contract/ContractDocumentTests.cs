using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Edge.Core;
using Edge.Sync.Wire;
using Newtonsoft.Json.Linq;

namespace Edge.Sync.Tests.Contract;

/// <summary>
/// The documents in docs/wire cannot drift from the code: the AsyncAPI document names the topics, schema ids, content
/// types and headers the code uses; the examples are what the writers produce; the iomt-fhir template maps them.
/// Set EDGE_UPDATE_WIRE_EXAMPLES=1 to rewrite the examples after an intended change.
/// </summary>
public sealed partial class ContractDocumentTests
{
    // The IoT Hub dialect's one telemetry topic (sync/Dialects/IotHubDialect.cs).
    private const string IotHubTelemetry = "devices/{deviceId}/messages/events/{propertyBag}";

    private static readonly JsonSerializerOptions Pretty = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static TheoryData<string> Examples => ["edge-json.vitals.json", "edge-json.alerts.json", "fhir-r4.vitals.json", "fhir-r4.alerts.json"];

    [Fact]
    public void AsyncApi_NamesExactlyTheTopicsTheCodePublishesOn()
    {
        var topics = new Topics(new SiteOptions { Tenant = "{tenant}", Site = "{site}", Gateway = "{gateway}" });
        var addresses = AddressLine().Matches(File.ReadAllText(ContractFiles.AsyncApiPath)).Select(m => m.Groups[1].Value).Order().ToList();
        Assert.Equal(new[] { topics.Alerts, topics.Vitals, IotHubTelemetry }.Order(), addresses);
        Assert.Equal(topics.Vitals, topics.For(DataClass.Vitals));
        Assert.Equal(topics.Alerts, topics.For(DataClass.Alarm));
    }

    [Fact]
    public void AsyncApi_ReferencesTheSchemaFile_AndNamesBothFormatsAndTheHeaders()
    {
        var yaml = File.ReadAllText(ContractFiles.AsyncApiPath);
        Assert.StartsWith("asyncapi: 3.0.0", yaml, StringComparison.Ordinal);
        var refs = SchemaRef().Matches(yaml).Select(m => m.Groups[1].Value).ToList();
        Assert.Contains("./edge.batch.v1.schema.json", refs);
        Assert.All(refs.Where(r => !r.StartsWith('#')), r => Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(ContractFiles.AsyncApiPath)!, r)), r));
        foreach (IPayloadFormat format in new IPayloadFormat[] { new EdgeJsonFormat(new SiteOptions()), new FhirR4Format(new SiteOptions()) })
        {
            Assert.Contains(format.ContentType, yaml, StringComparison.Ordinal);
            Assert.Contains(format.Schema, yaml, StringComparison.Ordinal);
            Assert.Contains(format.Name, yaml, StringComparison.Ordinal);
        }

        foreach (var header in new[] { "schema:", "class:", "content-encoding:", "$.mid", "$.ct", "$.ce", "qos: 1", "retain: false", "$share/" })
        {
            Assert.Contains(header, yaml, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Guide_NamesTheTopicsTheSharedSubscriptionAndTheTemplate()
    {
        var guide = File.ReadAllText(ContractFiles.GuidePath);
        foreach (var text in new[] { "edge/v1/{tenant}/{site}/{gateway}/vitals", "edge/v1/{tenant}/{site}/{gateway}/alerts", "$share/", "wire/asyncapi.yaml", "wire/edge.batch.v1.schema.json", "wire/iomt-devicecontent.json", EdgeJsonFormat.SchemaId })
        {
            Assert.Contains(text, guide, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_IsWhatTheWriterProducesNow(string name)
    {
        var path = Path.Combine(ContractFiles.RepoRoot, "docs", "wire", "examples", name);
        var payload = Produce(name);
        var produced = JsonNode.Parse(payload)!;
        if (Environment.GetEnvironmentVariable("EDGE_UPDATE_WIRE_EXAMPLES") == "1")
        {
            File.WriteAllText(path, produced.ToJsonString(Pretty) + "\n");
        }

        Assert.True(JsonNode.DeepEquals(produced, JsonNode.Parse(File.ReadAllBytes(path))), $"{name} is stale; rerun with EDGE_UPDATE_WIRE_EXAMPLES=1");
        if (name.StartsWith("edge-json", StringComparison.Ordinal))
        {
            EdgeJsonSchemaContractTests.AssertValid(payload);
        }
        else
        {
            Assert.Equal(produced["entry"]!.AsArray().Count, FhirR4ContractTests.Parse(payload).Entry.Count);
        }
    }

    [Fact]
    public void IomtTemplate_MapsEveryReadingToOneMeasurement_AndNoAlert()
    {
        var template = JObject.Parse(File.ReadAllText(ContractFiles.IomtTemplatePath));
        Assert.Equal("CollectionContent", template["templateType"]!.Value<string>());
        var templates = template["template"]!.Children<JObject>().Select(t => (Type: t["templateType"]!.Value<string>(), Body: (JObject)t["template"]!)).ToList();
        Assert.All(templates, t => Assert.Equal("JsonPathContent", t.Type));
        Assert.Equal(VitalCatalog.All.Select(v => v.Key).Order(), templates.Select(t => t.Body["typeName"]!.Value<string>()!).Order());

        var corpus = new WireCorpus(99);
        var items = Enumerable.Range(0, 3 * VitalCatalog.Count).Select(_ => corpus.Reading() with { Omit = WireFields.None }).Concat([corpus.Alert()]).ToList();
        new EdgeJsonFormat(new SiteOptions()).WriteBatch(items, 0, items.Count, int.MaxValue, ContractExamples.SentAt, out var payload);
        var message = JObject.Parse(System.Text.Encoding.UTF8.GetString(payload));

        // As iomt-fhir's JsonPathContent does it (JSON.NET JSONPath): the type match selects tokens, and every other
        // expression is evaluated on the matched token.
        var measurements = new List<(string Type, string Device, string? Patient, DateTime Time, string Value)>();
        foreach (var (_, body) in templates)
        {
            foreach (var match in message.SelectTokens(body["typeMatchExpression"]!.Value<string>()!))
            {
                var value = Assert.Single(body["values"]!.Children<JObject>());
                measurements.Add((
                    body["typeName"]!.Value<string>()!,
                    match.SelectToken(body["deviceIdExpression"]!.Value<string>()!)!.Value<string>()!,
                    match.SelectToken(body["patientIdExpression"]!.Value<string>()!)?.Value<string>(),
                    match.SelectToken(body["timestampExpression"]!.Value<string>()!)!.Value<DateTime>(),
                    match.SelectToken(value["valueExpression"]!.Value<string>()!)!.Value<string>()!));
            }
        }

        var readings = items.Where(i => i.Item.Reading is not null).Select(i => i.Item.Reading!).ToList();
        Assert.Equal(readings.Count, measurements.Count);
        foreach (var r in readings)
        {
            var m = Assert.Single(measurements, m => m.Device == r.DeviceId && m.Time == r.MeasuredAt.UtcDateTime && m.Type == VitalCatalog.Get(r.Kind).Key);
            Assert.Equal(r.PatientId, m.Patient);
            Assert.Equal(r.Value, double.Parse(m.Value, System.Globalization.CultureInfo.InvariantCulture), 1e-9 * Math.Max(1, Math.Abs(r.Value)));
        }
    }

    [Fact]
    public void IomtFhirMapping_CodesEveryVitalWithItsLoincCodeAndUcumUnit()
    {
        var mapping = JObject.Parse(File.ReadAllText(Path.Combine(ContractFiles.RepoRoot, "docs", "wire", "iomt-fhirmapping.json")));
        var templates = mapping["template"]!.Children<JObject>().Select(t => (JObject)t["template"]!).ToDictionary(t => t["typeName"]!.Value<string>()!);
        Assert.Equal(VitalCatalog.Count, templates.Count);
        foreach (var info in VitalCatalog.All)
        {
            var template = templates[info.Key];
            var codes = template["codes"]!.Children<JObject>().ToList();
            Assert.Equal(info.Loinc, codes[^1]["code"]!.Value<string>());
            Assert.All(codes, c => Assert.Equal("http://loinc.org", c["system"]!.Value<string>()));
            Assert.Equal(info.Ucum, template["value"]!["code"]!.Value<string>());
            Assert.Equal(info.Key, template["value"]!["valueName"]!.Value<string>());
        }
    }

    private static byte[] Produce(string name)
    {
        IPayloadFormat format = name.StartsWith("fhir", StringComparison.Ordinal) ? new FhirR4Format(ContractExamples.Site) : new EdgeJsonFormat(ContractExamples.Site);
        var items = name.Contains("alerts", StringComparison.Ordinal) ? ContractExamples.Alerts() : ContractExamples.Vitals();
        Assert.Equal(items.Count, format.WriteBatch(items, 0, items.Count, int.MaxValue, ContractExamples.SentAt, out var payload));
        return payload;
    }

    [GeneratedRegex(@"^\s+address:\s*'?([^'\s]+)'?\s*$", RegexOptions.Multiline)]
    private static partial Regex AddressLine();

    [GeneratedRegex(@"\$ref:\s*'?([^'\s]+)'?")]
    private static partial Regex SchemaRef();
}
