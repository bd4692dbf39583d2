using Edge.Sync.Wire;

namespace Edge.Sync.Uplink;

/// <summary>The payload format a destination asked for (<see cref="UplinkOptions.Format"/>).</summary>
public static class PayloadFormats
{
    /// <summary>A writer of the named format: <c>edge-json</c> or <c>fhir-r4</c>. Not thread-safe: one per uplink.</summary>
    public static IPayloadFormat Create(string name, SiteOptions site) => name switch
    {
        "fhir-r4" => new FhirR4Format(site),
        "edge-json" => new EdgeJsonFormat(site),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown payload format (expected edge-json or fhir-r4)."),
    };
}
