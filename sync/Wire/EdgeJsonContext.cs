using System.Text.Json.Serialization;

namespace Edge.Sync.Wire;

/// <summary>Source-generated serialisation of the compact Edge JSON items: no reflection, and trimming-safe.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(EdgeJsonReading))]
[JsonSerializable(typeof(EdgeJsonAlert))]
internal sealed partial class EdgeJsonContext : JsonSerializerContext;
