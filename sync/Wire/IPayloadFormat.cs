namespace Edge.Sync.Wire;

/// <summary>
/// The payload seam: how a batch of <see cref="WireItem"/>s of one data class becomes the bytes of one MQTT message.
/// Implementations keep scratch buffers between calls and are not thread-safe: one instance per uplink.
/// </summary>
public interface IPayloadFormat
{
    /// <summary>The format name in configuration: <c>edge-json</c> or <c>fhir-r4</c>.</summary>
    string Name { get; }

    /// <summary>The MIME type of a payload (the MQTT 5 content type and the IoT Hub <c>$.ct</c>).</summary>
    string ContentType { get; }

    /// <summary>The payload schema id sent as the <c>schema</c> user property, for example <c>edge.batch/1</c>.</summary>
    string Schema { get; }

    /// <summary>
    /// Serialises as many items as fit, from <paramref name="start"/>, up to <paramref name="maxItems"/> items and
    /// <paramref name="maxBytes"/> bytes of payload, in list order. Returns how many were taken; 0 means the first item
    /// alone does not fit in <paramref name="maxBytes"/> (the caller dead-letters it rather than let it block the
    /// queue), and <paramref name="payload"/> is then empty.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxItems"/> is below 1 or <paramref name="start"/> is outside the list.</exception>
    int WriteBatch(IReadOnlyList<WireItem> items, int start, int maxItems, int maxBytes, DateTimeOffset sentAt, out byte[] payload);

    /// <summary>One item's JSON, exactly as it stands inside a batch (used by the dead-letter store).</summary>
    byte[] WriteSingle(WireItem item);
}
