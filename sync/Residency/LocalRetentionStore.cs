using Edge.Sync.Outbox;
using LiteDB;

namespace Edge.Sync.Residency;

/// <summary>
/// Where keep-local items live: a LiteDB file on the appliance that no uplink ever reads. Each item carries its
/// expiry (measurement time plus the rule's days), and <see cref="Sweep"/> deletes expired ones. Appends are durable
/// (checkpoint and fsync) before they return, like the outbox.
/// </summary>
public sealed class LocalRetentionStore : IDisposable
{
    private readonly DurableFileStream _data;
    private readonly DurableFileStream _log;
    private readonly LiteDatabase _db;
    private readonly ILiteCollection<BsonDocument> _items;
    private readonly object _lock = new();

    private LocalRetentionStore(string directory)
    {
        Directory.CreateDirectory(directory);
        _data = new DurableFileStream(Path.Combine(directory, "retained.db"));
        _log = new DurableFileStream(Path.Combine(directory, "retained-log.db"));
        _db = new LiteDatabase(_data, mapper: null, logStream: _log);
        _items = _db.GetCollection("items");
        _items.EnsureIndex("u");
    }

    /// <summary>Opens or creates the store in <paramref name="directory"/>.</summary>
    public static LocalRetentionStore Open(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        return new LocalRetentionStore(directory);
    }

    /// <summary>Items retained now.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _items.Count();
            }
        }
    }

    /// <summary>Stores items with their retention in days, durably. Re-adding an id replaces it.</summary>
    public void Add(IReadOnlyList<(OutboxItem Item, int Days)> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count == 0)
        {
            return;
        }

        lock (_lock)
        {
            _db.BeginTrans();
            try
            {
                foreach (var (item, days) in items)
                {
                    var doc = OutboxDocuments.ToDocument(0, item);
                    var measured = item.Reading?.MeasuredAt ?? item.Alert!.RaisedAt;
                    doc["_id"] = item.MessageId;
                    doc["u"] = (measured + TimeSpan.FromDays(days)).UtcTicks;
                    _items.Upsert(doc);
                }

                _db.Commit();
            }
            catch
            {
                _db.Rollback();
                throw;
            }

            _db.Checkpoint();
            _log.Flush();
        }
    }

    /// <summary>Deletes items whose retention ended before <paramref name="now"/>. Returns how many.</summary>
    public int Sweep(DateTimeOffset now)
    {
        lock (_lock)
        {
            var n = _items.DeleteMany(Query.LT("u", now.UtcTicks));
            if (n > 0)
            {
                _db.Checkpoint();
                _log.Flush();
            }

            return n;
        }
    }

    public void Dispose()
    {
        _db.Dispose();
        _log.Dispose();
        _data.Dispose();
    }
}
