using System.Text.Json;
using Edge.Core;

namespace Edge.Sync.Wire;

/// <summary>
/// The compact Edge JSON (schema <c>edge.batch/1</c>, <c>docs/wire/edge.batch.v1.schema.json</c>): an envelope with
/// the gateway identity and an array of readings or alerts, each with its stable id (and for readings the opaque
/// device id and per-device sequence number) so consumers can drop duplicates and detect gaps. Fields in
/// <see cref="WireItem.Omit"/> are simply absent. Items are written by System.Text.Json source generation
/// (<see cref="EdgeJsonContext"/>) into reused buffers. Not thread-safe: one instance per uplink.
/// </summary>
public sealed class EdgeJsonFormat : IPayloadFormat
{
    /// <summary>The format name in configuration.</summary>
    public const string FormatName = "edge-json";

    /// <summary>The schema id in every envelope and in the <c>schema</c> user property.</summary>
    public const string SchemaId = "edge.batch/1";

    /// <summary>The MIME type of a payload.</summary>
    public const string MediaType = "application/json";

    private readonly SiteOptions _site;
    private readonly JsonBatchBuffer _buffer = new();
    private readonly EdgeJsonReading _reading = new();
    private readonly EdgeJsonAlert _alert = new();
    private readonly Action<Utf8JsonWriter, WireItem> _writeItem;

    public EdgeJsonFormat(SiteOptions site)
    {
        ArgumentNullException.ThrowIfNull(site);
        _site = site;
        _writeItem = WriteItem;
    }

    public string Name => FormatName;

    public string ContentType => MediaType;

    public string Schema => SchemaId;

    public int WriteBatch(IReadOnlyList<WireItem> items, int start, int maxItems, int maxBytes, DateTimeOffset sentAt, out byte[] payload)
    {
        JsonBatchBuffer.CheckArguments(items, start, maxItems);
        var json = _buffer.Begin();
        json.WriteStartObject();
        json.WriteString("schema", SchemaId);
        json.WriteString("tenant", _site.Tenant);
        json.WriteString("site", _site.Site);
        json.WriteString("gateway", _site.Gateway);
        json.WriteString("sent", sentAt.UtcDateTime);
        json.WriteStartArray("items");
        return _buffer.Fill(items, start, maxItems, maxBytes, _writeItem, out payload);
    }

    public byte[] WriteSingle(WireItem item) => _buffer.Single(item, _writeItem);

    private void WriteItem(Utf8JsonWriter json, WireItem wire)
    {
        var omit = wire.Omit;
        if (wire.Item.Reading is { } r)
        {
            var info = VitalCatalog.Get(r.Kind);
            var dto = _reading;
            dto.Id = r.Id;
            dto.Device = Keep(omit, WireFields.Device) ? r.DeviceId : null;
            dto.Seq = Keep(omit, WireFields.Seq) ? r.Seq : null;
            dto.Patient = Keep(omit, WireFields.Patient) ? r.PatientId : null;
            dto.Vital = info.Key;
            dto.Loinc = info.Loinc;
            dto.Value = r.Value;
            dto.Unit = info.Ucum;
            dto.Measured = r.MeasuredAt.UtcDateTime;
            dto.DeviceTime = Keep(omit, WireFields.DeviceTime) ? r.DeviceTime : null;
            dto.Clock = Keep(omit, WireFields.Clock) ? WireNames.Clock(r.Clock) : null;
            dto.Quality = Keep(omit, WireFields.Quality) ? WireNames.QualityList(r.Flags) : null;
            JsonSerializer.Serialize(json, dto, EdgeJsonContext.Default.EdgeJsonReading);
        }
        else
        {
            var a = wire.Item.Alert!;
            var dto = _alert;
            dto.Id = a.Id;
            dto.Patient = Keep(omit, WireFields.Patient) ? a.PatientId : null;
            dto.Code = a.Code;
            dto.Severity = WireNames.Severity(a.Severity);
            dto.Score = Keep(omit, WireFields.Score) ? a.Score : null;
            dto.Raised = a.RaisedAt.UtcDateTime;
            dto.Trigger = Keep(omit, WireFields.Trigger) ? a.TriggerReadingId : null;
            JsonSerializer.Serialize(json, dto, EdgeJsonContext.Default.EdgeJsonAlert);
        }
    }

    private static bool Keep(WireFields omit, WireFields field) => (omit & field) == 0;
}
