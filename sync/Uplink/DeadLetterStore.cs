using System.Globalization;
using System.Text;
using System.Text.Json;
using Edge.Sync.Outbox;

namespace Edge.Sync.Uplink;

/// <summary>
/// Where items the destination rejects for good (too large, malformed, refused topic) go, so the queue never blocks
/// on them: an append-only JSON-lines file per day under <c>{data}/deadletter/</c>, fsync'd before the item leaves
/// the outbox. Each line holds the reason, the class, the item id and the item as it would have been sent; the files
/// stay on the appliance with the same protection as the outbox. Thread-safe.
/// </summary>
public sealed class DeadLetterStore
{
    private readonly string _directory;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private long _count;

    public DeadLetterStore(string directory, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        _directory = directory;
        _time = time;
    }

    /// <summary>Items dead-lettered since start.</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>Appends the items with their reason and fsyncs the file.</summary>
    public void Add(IReadOnlyList<StoredItem> items, string reason, Func<StoredItem, byte[]> render)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(render);
        lock (_lock)
        {
            Directory.CreateDirectory(_directory);
            var now = _time.GetUtcNow();
            var path = Path.Combine(_directory, now.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + ".jsonl");
            using var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
            foreach (var item in items)
            {
                using var buffer = new MemoryStream();
                using (var json = new Utf8JsonWriter(buffer))
                {
                    json.WriteStartObject();
                    json.WriteString("at", now.UtcDateTime);
                    json.WriteString("reason", reason);
                    json.WriteString("class", OutboxClasses.Name(item.Item.Class));
                    json.WriteString("id", item.Item.MessageId);
                    json.WritePropertyName("item");
                    json.WriteRawValue(render(item), skipInputValidation: true);
                    json.WriteEndObject();
                }

                buffer.WriteByte((byte)'\n');
                file.Write(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
            }

            file.Flush(flushToDisk: true);
            Interlocked.Add(ref _count, items.Count);
        }
    }

    /// <summary>Every dead-lettered line, for diagnostics and tests.</summary>
    public IEnumerable<string> ReadAll() =>
        Directory.Exists(_directory)
            ? Directory.GetFiles(_directory, "*.jsonl").Order(StringComparer.Ordinal).SelectMany(f => File.ReadLines(f, Encoding.UTF8))
            : [];
}
