using System.Text.Json.Serialization;

namespace Edge.Sync.Wire;

/// <summary>
/// A reading as the compact Edge JSON writes it (schema <c>edge.batch/1</c>). Declaration order is wire order. Null
/// members are left out: that is how omitted optional fields disappear. One instance is reused per writer.
/// </summary>
internal sealed class EdgeJsonReading
{
    public Guid Id { get; set; }

    public string Type { get; } = "reading";

    public string? Device { get; set; }

    public long? Seq { get; set; }

    public string? Patient { get; set; }

    public string Vital { get; set; } = string.Empty;

    public string Loinc { get; set; } = string.Empty;

    public double Value { get; set; }

    public string Unit { get; set; } = string.Empty;

    /// <summary>UTC (kind <see cref="DateTimeKind.Utc"/>), so it is written with a <c>Z</c>.</summary>
    public DateTime Measured { get; set; }

    /// <summary>The device's own clock, with the offset it reported.</summary>
    [JsonConverter(typeof(DeviceTimeJsonConverter))]
    public DateTimeOffset? DeviceTime { get; set; }

    public string? Clock { get; set; }

    public string[]? Quality { get; set; }
}
