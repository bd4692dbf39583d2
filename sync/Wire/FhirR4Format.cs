using System.Globalization;
using System.Text.Json;
using Edge.Core;

namespace Edge.Sync.Wire;

/// <summary>
/// FHIR R4 JSON (<c>application/fhir+json</c>): one <c>Bundle</c> of type <c>transaction</c> per batch, one entry per
/// item. A reading becomes a vital-signs <c>Observation</c> with its LOINC code and a UCUM <c>valueQuantity</c>; an
/// alert becomes an <c>Observation</c> coded in <see cref="AlertCodeSystem"/>. Every entry is a conditional create
/// (<c>ifNoneExist</c> on the item's <c>urn:uuid</c> identifier), so a FHIR server drops the duplicates that
/// at-least-once delivery brings. Written by hand with <see cref="Utf8JsonWriter"/>; the appliance carries no FHIR
/// library. Not thread-safe: one instance per uplink.
/// </summary>
public sealed class FhirR4Format : IPayloadFormat
{
    /// <summary>The format name in configuration.</summary>
    public const string FormatName = "fhir-r4";

    /// <summary>The payload schema id sent as the <c>schema</c> user property.</summary>
    public const string SchemaId = "fhir-r4.bundle/1";

    /// <summary>The MIME type of a payload.</summary>
    public const string MediaType = "application/fhir+json";

    /// <summary>Identifier system of the opaque (possibly pseudonymised) patient id in <c>Observation.subject</c>.</summary>
    public const string PatientSystem = "urn:edge:patient";

    /// <summary>Identifier system of the opaque (possibly pseudonymised) device id in <c>Observation.device</c>.</summary>
    public const string DeviceSystem = "urn:edge:device";

    /// <summary>Identifier system of item ids: RFC 3986 URIs, the value being <c>urn:uuid:{id}</c>.</summary>
    public const string UriSystem = "urn:ietf:rfc:3986";

    /// <summary>Code system of alert codes (<c>news2.high</c>, ...), used in an alert Observation's <c>code</c>.</summary>
    public const string AlertCodeSystem = "urn:edge:alert";

    /// <summary>Code system of alert severities (<c>info</c>, <c>low</c>, <c>medium</c>, <c>high</c>) in <c>Observation.interpretation</c>.</summary>
    public const string AlertSeveritySystem = "urn:edge:alert-severity";

    /// <summary>Extension: the per-device sequence number (<c>valueDecimal</c>, an integer; R4 has no 64-bit integer).</summary>
    public const string SeqExtension = "urn:edge:fhir:seq";

    /// <summary>Extension: the gateway clock-trust state (<c>valueCode</c>: trusted, untrusted, unknown).</summary>
    public const string ClockExtension = "urn:edge:fhir:clock";

    /// <summary>Extension: the device's own timestamp with its reported offset (<c>valueDateTime</c>).</summary>
    public const string DeviceTimeExtension = "urn:edge:fhir:device-time";

    /// <summary>Extension, repeated per flag: a quality flag (<c>valueCode</c>, the names of <c>edge.batch/1</c>).</summary>
    public const string QualityExtension = "urn:edge:fhir:quality";

    private const string Loinc = "http://loinc.org";
    private const string Ucum = "http://unitsofmeasure.org";
    private const string CategorySystem = "http://terminology.hl7.org/CodeSystem/observation-category";
    private const string UrnUuid = "urn:uuid:";
    private const string IfNoneExistPrefix = "identifier=" + UriSystem + "|" + UrnUuid;

    private readonly string _source;
    private readonly JsonBatchBuffer _buffer = new();
    private readonly Action<Utf8JsonWriter, WireItem> _writeItem = WriteEntry;

    public FhirR4Format(SiteOptions site)
    {
        ArgumentNullException.ThrowIfNull(site);

        // Bundle.meta.source: which gateway wrote the bundle (site levels are restricted to [a-z0-9_-], so this is a valid URI).
        _source = $"urn:edge:gateway:{site.Tenant}:{site.Site}:{site.Gateway}";
    }

    public string Name => FormatName;

    public string ContentType => MediaType;

    public string Schema => SchemaId;

    public int WriteBatch(IReadOnlyList<WireItem> items, int start, int maxItems, int maxBytes, DateTimeOffset sentAt, out byte[] payload)
    {
        JsonBatchBuffer.CheckArguments(items, start, maxItems);
        var json = _buffer.Begin();
        json.WriteStartObject();
        json.WriteString("resourceType", "Bundle");
        json.WriteStartObject("meta");
        json.WriteString("source", _source);
        json.WriteEndObject();
        json.WriteString("type", "transaction");
        json.WriteString("timestamp", sentAt.UtcDateTime);
        json.WriteStartArray("entry");
        return _buffer.Fill(items, start, maxItems, maxBytes, _writeItem, out payload);
    }

    /// <summary>One item's Bundle entry (<c>fullUrl</c>, <c>resource</c>, <c>request</c>), as it stands inside a batch.</summary>
    public byte[] WriteSingle(WireItem item) => _buffer.Single(item, _writeItem);

    private static void WriteEntry(Utf8JsonWriter json, WireItem wire)
    {
        var id = wire.Item.MessageId;
        Span<char> urn = stackalloc char[UrnUuid.Length + 36];
        FormatUrn(id, urn);

        json.WriteStartObject();
        json.WriteString("fullUrl", urn);
        json.WritePropertyName("resource");
        if (wire.Item.Reading is { } reading)
        {
            WriteReading(json, reading, wire.Omit, urn);
        }
        else
        {
            WriteAlert(json, wire.Item.Alert!, wire.Omit, urn);
        }

        // A conditional create: a server that already holds an Observation with this identifier creates nothing.
        Span<char> condition = stackalloc char[IfNoneExistPrefix.Length + 36];
        IfNoneExistPrefix.CopyTo(condition);
        id.TryFormat(condition[IfNoneExistPrefix.Length..], out _, "D");
        json.WriteStartObject("request");
        json.WriteString("method", "POST");
        json.WriteString("url", "Observation");
        json.WriteString("ifNoneExist", condition);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    // Element order follows the R4 Observation definition (extension, identifier, status, category, code, subject,
    // effective[x], value[x], interpretation, device, derivedFrom); JSON does not require it, but readers are grateful.
    private static void WriteReading(Utf8JsonWriter json, Reading r, WireFields omit, ReadOnlySpan<char> urn)
    {
        var info = VitalCatalog.Get(r.Kind);
        var coding = FhirVitalCodings.Get(r.Kind);
        json.WriteStartObject();
        json.WriteString("resourceType", "Observation");
        WriteReadingExtensions(json, r, omit);
        WriteIdentifier(json, urn);
        json.WriteString("status", "final");

        json.WriteStartArray("category");
        json.WriteStartObject();
        json.WriteStartArray("coding");
        WriteCoding(json, CategorySystem, coding.Category, coding.CategoryDisplay);
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndArray();

        json.WriteStartObject("code");
        json.WriteStartArray("coding");
        if (coding.ExtraLoinc is { } extra)
        {
            WriteCoding(json, Loinc, extra, coding.ExtraDisplay!);
        }

        WriteCoding(json, Loinc, info.Loinc, info.Display);
        json.WriteEndArray();
        json.WriteString("text", info.Display);
        json.WriteEndObject();

        if (Keep(omit, WireFields.Patient))
        {
            WriteLogicalReference(json, "subject", PatientSystem, r.PatientId);
        }

        json.WriteString("effectiveDateTime", r.MeasuredAt.UtcDateTime);

        json.WriteStartObject("valueQuantity");
        json.WriteNumber("value", r.Value);
        json.WriteString("unit", info.Ucum);
        json.WriteString("system", Ucum);
        json.WriteString("code", info.Ucum);
        json.WriteEndObject();

        if (Keep(omit, WireFields.Device))
        {
            WriteLogicalReference(json, "device", DeviceSystem, r.DeviceId);
        }

        json.WriteEndObject();
    }

    private static void WriteReadingExtensions(Utf8JsonWriter json, Reading r, WireFields omit)
    {
        var seq = Keep(omit, WireFields.Seq);
        var clock = Keep(omit, WireFields.Clock);
        var deviceTime = Keep(omit, WireFields.DeviceTime) && r.DeviceTime.HasValue;
        var quality = Keep(omit, WireFields.Quality) ? WireNames.QualityList(r.Flags) : null;
        if (!seq && !clock && !deviceTime && quality is null)
        {
            return;
        }

        json.WriteStartArray("extension");
        if (seq)
        {
            json.WriteStartObject();
            json.WriteString("url", SeqExtension);
            json.WriteNumber("valueDecimal", r.Seq);
            json.WriteEndObject();
        }

        if (clock)
        {
            WriteCodeExtension(json, ClockExtension, WireNames.Clock(r.Clock));
        }

        if (deviceTime)
        {
            // FHIR dateTime keeps the offset; the device clock is often local time.
            Span<char> text = stackalloc char[32];
            r.DeviceTime!.Value.TryFormat(text, out var written, "yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);
            json.WriteStartObject();
            json.WriteString("url", DeviceTimeExtension);
            json.WriteString("valueDateTime", text[..written]);
            json.WriteEndObject();
        }

        foreach (var flag in quality ?? [])
        {
            WriteCodeExtension(json, QualityExtension, flag);
        }

        json.WriteEndArray();
    }

    private static void WriteAlert(Utf8JsonWriter json, Alert a, WireFields omit, ReadOnlySpan<char> urn)
    {
        json.WriteStartObject();
        json.WriteString("resourceType", "Observation");
        WriteIdentifier(json, urn);
        json.WriteString("status", "final");

        json.WriteStartObject("code");
        json.WriteStartArray("coding");
        json.WriteStartObject();
        json.WriteString("system", AlertCodeSystem);
        json.WriteString("code", a.Code);
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteString("text", a.Code);
        json.WriteEndObject();

        if (Keep(omit, WireFields.Patient))
        {
            WriteLogicalReference(json, "subject", PatientSystem, a.PatientId);
        }

        json.WriteString("effectiveDateTime", a.RaisedAt.UtcDateTime);
        if (Keep(omit, WireFields.Score) && a.Score is { } score)
        {
            json.WriteNumber("valueInteger", score);
        }

        var severity = WireNames.Severity(a.Severity);
        json.WriteStartArray("interpretation");
        json.WriteStartObject();
        json.WriteStartArray("coding");
        json.WriteStartObject();
        json.WriteString("system", AlertSeveritySystem);
        json.WriteString("code", severity);
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteString("text", severity);
        json.WriteEndObject();
        json.WriteEndArray();

        if (Keep(omit, WireFields.Trigger))
        {
            // A logical reference to the reading's Observation, by the identifier its own entry carries.
            Span<char> trigger = stackalloc char[UrnUuid.Length + 36];
            FormatUrn(a.TriggerReadingId, trigger);
            json.WriteStartArray("derivedFrom");
            json.WriteStartObject();
            json.WriteString("type", "Observation");
            json.WriteStartObject("identifier");
            json.WriteString("system", UriSystem);
            json.WriteString("value", trigger);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    private static void WriteIdentifier(Utf8JsonWriter json, ReadOnlySpan<char> urn)
    {
        json.WriteStartArray("identifier");
        json.WriteStartObject();
        json.WriteString("system", UriSystem);
        json.WriteString("value", urn);
        json.WriteEndObject();
        json.WriteEndArray();
    }

    private static void WriteCoding(Utf8JsonWriter json, string system, string code, string display)
    {
        json.WriteStartObject();
        json.WriteString("system", system);
        json.WriteString("code", code);
        json.WriteString("display", display);
        json.WriteEndObject();
    }

    private static void WriteCodeExtension(Utf8JsonWriter json, string url, string code)
    {
        json.WriteStartObject();
        json.WriteString("url", url);
        json.WriteString("valueCode", code);
        json.WriteEndObject();
    }

    private static void WriteLogicalReference(Utf8JsonWriter json, string name, string system, string value)
    {
        json.WriteStartObject(name);
        json.WriteStartObject("identifier");
        json.WriteString("system", system);
        json.WriteString("value", value);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void FormatUrn(Guid id, Span<char> destination)
    {
        UrnUuid.CopyTo(destination);
        id.TryFormat(destination[UrnUuid.Length..], out _, "D");
    }

    private static bool Keep(WireFields omit, WireFields field) => (omit & field) == 0;
}
