using System.Collections;
using System.Diagnostics;
using Edge.Sync.Outbox;

namespace Edge.Sync.Wire;

/// <summary>
/// The compact Edge JSON batch (schema <c>edge.batch/1</c>) over <see cref="StoredItem"/>s with every field kept: a
/// thin adapter over <see cref="EdgeJsonFormat"/> for callers that have not moved to <see cref="IPayloadFormat"/>.
/// Not thread-safe: one writer per uplink.
/// </summary>
public sealed class WirePayloadWriter
{
    /// <summary>The schema id in every envelope.</summary>
    public const string Schema = EdgeJsonFormat.SchemaId;

    private readonly EdgeJsonFormat _format;
    private readonly StoredItemsView _view = new();

    public WirePayloadWriter(SiteOptions site)
    {
        ArgumentNullException.ThrowIfNull(site);
        _format = new EdgeJsonFormat(site);
    }

    /// <summary>Serialises all of <paramref name="items"/> (one data class) into one batch.</summary>
    public byte[] Write(IReadOnlyList<StoredItem> items, DateTimeOffset sentAt)
    {
        ArgumentNullException.ThrowIfNull(items);
        var taken = WriteBatch(items, 0, items.Count, int.MaxValue, sentAt, out var payload);
        Debug.Assert(taken == items.Count, "an unbounded batch takes every item");
        return payload;
    }

    /// <summary>
    /// Serialises as many items as fit, from <paramref name="start"/>, up to <paramref name="maxItems"/> and
    /// <paramref name="maxBytes"/> of payload. Returns how many were taken; 0 means the first item alone is larger
    /// than <paramref name="maxBytes"/> (the caller dead-letters it rather than let it block the queue).
    /// </summary>
    public int WriteBatch(IReadOnlyList<StoredItem> items, int start, int maxItems, int maxBytes, DateTimeOffset sentAt, out byte[] payload)
    {
        ArgumentNullException.ThrowIfNull(items);
        _view.Items = items;
        try
        {
            return _format.WriteBatch(_view, start, maxItems, maxBytes, sentAt, out payload);
        }
        finally
        {
            _view.Items = [];
        }
    }

    /// <summary>One item's JSON, as it stands inside a batch.</summary>
    public byte[] WriteSingle(StoredItem stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        return _format.WriteSingle(new WireItem(stored.Item, WireFields.None));
    }

    /// <summary>Stored items seen as wire items with nothing omitted, without copying the list.</summary>
    private sealed class StoredItemsView : IReadOnlyList<WireItem>
    {
        public IReadOnlyList<StoredItem> Items { get; set; } = [];

        public int Count => Items.Count;

        public WireItem this[int index] => new(Items[index].Item, WireFields.None);

        public IEnumerator<WireItem> GetEnumerator()
        {
            for (var i = 0; i < Items.Count; i++)
            {
                yield return this[i];
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
