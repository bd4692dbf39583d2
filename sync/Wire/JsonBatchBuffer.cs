using System.Buffers;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Edge.Sync.Wire;

/// <summary>
/// The byte-capped batch loop shared by the payload formats: the format writes its envelope head up to an open array,
/// then each item is rendered on its own into a scratch buffer and copied in only if the whole payload, closed, still
/// fits. Reuses its buffers and writers between batches; not thread-safe.
/// </summary>
[SuppressMessage("Design", "CA1001", Justification = "Utf8JsonWriter over an ArrayBufferWriter holds no unmanaged resource; Dispose would only flush, and every batch is flushed.")]
internal sealed class JsonBatchBuffer
{
    // What the loop appends after the last item: the array's "]" and the envelope's "}".
    private const int ClosingBytes = 2;

    private readonly ArrayBufferWriter<byte> _batch = new(16 * 1024);
    private readonly ArrayBufferWriter<byte> _item = new(1024);
    private readonly Utf8JsonWriter _batchJson;
    private readonly Utf8JsonWriter _itemJson;

    public JsonBatchBuffer()
    {
        _batchJson = new Utf8JsonWriter(_batch);
        _itemJson = new Utf8JsonWriter(_item);
    }

    /// <summary>Starts a batch; the caller writes the envelope head and opens the item array.</summary>
    public Utf8JsonWriter Begin()
    {
        _batch.ResetWrittenCount();
        _batchJson.Reset(_batch);
        return _batchJson;
    }

    /// <summary>
    /// Appends items from <paramref name="start"/> while they fit, closes the array and the envelope, and returns how
    /// many were taken. <paramref name="payload"/> is empty when none was.
    /// </summary>
    public int Fill(IReadOnlyList<WireItem> items, int start, int maxItems, int maxBytes, Action<Utf8JsonWriter, WireItem> writeItem, out byte[] payload)
    {
        var json = _batchJson;
        json.Flush();
        var size = _batch.WrittenCount + ClosingBytes;
        var taken = 0;
        for (var i = start; i < items.Count && taken < maxItems; i++)
        {
            var item = Render(items[i], writeItem);

            // +1 for the separating comma; counted for the first item too, which keeps the cap conservative by a byte.
            if (size + item.Length + 1 > maxBytes)
            {
                break;
            }

            json.WriteRawValue(item, skipInputValidation: true);
            size += item.Length + 1;
            taken++;
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.Flush();
        Debug.Assert(taken == 0 || _batch.WrittenCount <= maxBytes, "a taken batch fits its cap");
        payload = taken == 0 ? [] : _batch.WrittenSpan.ToArray();
        return taken;
    }

    /// <summary>One item on its own, as it would stand inside a batch.</summary>
    public byte[] Single(WireItem item, Action<Utf8JsonWriter, WireItem> writeItem) => Render(item, writeItem).ToArray();

    private ReadOnlySpan<byte> Render(WireItem item, Action<Utf8JsonWriter, WireItem> writeItem)
    {
        _item.ResetWrittenCount();
        _itemJson.Reset(_item);
        writeItem(_itemJson, item);
        _itemJson.Flush();
        return _item.WrittenSpan;
    }

    /// <summary>Checks the arguments every format's <c>WriteBatch</c> shares.</summary>
    public static void CheckArguments(IReadOnlyList<WireItem> items, int start, int maxItems)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxItems, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start, items.Count);
    }
}
