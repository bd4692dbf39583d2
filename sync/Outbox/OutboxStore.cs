using Edge.Core;
using LiteDB;
using Microsoft.Extensions.Logging;

namespace Edge.Sync.Outbox;

/// <summary>
/// The durable outbox: an append-only sequence of readings and alerts in LiteDB, read in batches by position and
/// deleted only after the broker acknowledged the message that carried them.
/// </summary>
/// <remarks>
/// <para>
/// Durability: <see cref="Append"/> commits one transaction, then checkpoints. A checkpoint waits for LiteDB's log
/// writer to drain, copies the log into the data file and flushes it; both files are <see cref="DurableFileStream"/>s,
/// so that flush is an fsync. Only then does <see cref="Append"/> return, so "returned" means "on disk".
/// </para>
/// <para>
/// Thread safety: one writer at a time (appends and removals are serialised by a lock); reads may run concurrently
/// with writes. Only this process may open the files: they are locked exclusively.
/// </para>
/// </remarks>
public sealed class OutboxStore : IDisposable
{
    private const string ItemsCollection = "outbox";
    private const string SequencesCollection = "devseq";

    private readonly Lock _writeLock = new();
    private readonly DurableFileStream _data;
    private readonly DurableFileStream _log;
    private readonly LiteDatabase _db;
    private readonly ILiteCollection<BsonDocument> _items;
    private readonly ILiteCollection<BsonDocument> _sequences;
    private readonly SemaphoreSlim _appended = new(0, 1);
    private long _nextPosition;
    private long _pending;
    private long _committedTotal;

    private OutboxStore(DurableFileStream data, DurableFileStream log)
    {
        _data = data;
        _log = log;
        _db = new LiteDatabase(_data, mapper: null, logStream: _log);
        try
        {
            _items = _db.GetCollection(ItemsCollection, BsonAutoId.Int64);
            _sequences = _db.GetCollection(SequencesCollection);
            var last = _items.Find(Query.All("_id", Query.Descending), 0, 1).FirstOrDefault();
            _nextPosition = last is null ? 1 : last["_id"].AsInt64 + 1;
            _pending = _items.LongCount();
        }
        catch
        {
            _db.Dispose();
            throw;
        }
    }

    /// <summary>Items committed and not yet removed.</summary>
    public long PendingCount => Interlocked.Read(ref _pending);

    /// <summary>Items committed since this process opened the store.</summary>
    public long CommittedTotal => Interlocked.Read(ref _committedTotal);

    /// <summary>fsyncs issued on the data and log files since open.</summary>
    public long FsyncCount => _data.FsyncCount + _log.FsyncCount;

    /// <summary>Where a store that could not be opened was moved, if that happened at open; otherwise null.</summary>
    public string? QuarantinedTo { get; private init; }

    /// <summary>
    /// Opens the outbox in <paramref name="directory"/>. A store that exists but cannot be read is moved into
    /// <c>quarantine/</c> beside it and a new, empty store is started: the service never crash-loops on a bad file.
    /// A store held by another process is an error, never quarantined.
    /// </summary>
    /// <exception cref="IOException">Another process holds the store.</exception>
    public static OutboxStore Open(string directory, TimeProvider time, ILogger logger)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        Directory.CreateDirectory(directory);
        var dataPath = Path.Combine(directory, "outbox.db");
        var logPath = Path.Combine(directory, "outbox-log.db");

        // Taking the exclusive locks can fail only because another process holds the store: that is an error to
        // report, never a reason to quarantine.
        var (data, log) = OpenFiles(dataPath, logPath);
        try
        {
            return new OutboxStore(data, log);
        }
#pragma warning disable CA1031 // LiteDB throws anything from LiteException to ArgumentOutOfRangeException on a damaged file.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            data.Dispose();
            log.Dispose();
            var quarantine = Path.Combine(directory, "quarantine", time.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture));
            Directory.CreateDirectory(quarantine);
            foreach (var path in new[] { dataPath, logPath })
            {
                if (File.Exists(path))
                {
                    File.Move(path, Path.Combine(quarantine, Path.GetFileName(path)));
                }
            }

            SyncLog.OutboxQuarantined(logger, ex.GetType().Name, quarantine);
            (data, log) = OpenFiles(dataPath, logPath);
            return new OutboxStore(data, log) { QuarantinedTo = quarantine };
        }
    }

    private static (DurableFileStream Data, DurableFileStream Log) OpenFiles(string dataPath, string logPath)
    {
        var data = new DurableFileStream(dataPath);
        try
        {
            return (data, new DurableFileStream(logPath));
        }
        catch
        {
            data.Dispose();
            throw;
        }
    }

    /// <summary>Last committed sequence number per opaque device id.</summary>
    public IReadOnlyDictionary<string, long> LoadSequences()
    {
        var result = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var doc in _sequences.FindAll())
        {
            result[doc["_id"].AsString] = doc["s"].AsInt64;
        }

        return result;
    }

    /// <summary>
    /// Commits <paramref name="items"/> in one transaction together with the highest sequence number of each device
    /// among them, and returns once the commit is on disk (fsync'd).
    /// </summary>
    /// <returns>The positions of the first and last item.</returns>
    public (long First, long Last) Append(IReadOnlyList<OutboxItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count == 0)
        {
            throw new ArgumentException("Nothing to append.", nameof(items));
        }

        var sequences = new Dictionary<string, long>(StringComparer.Ordinal);
        long first;
        lock (_writeLock)
        {
            first = _nextPosition;
            var docs = new List<BsonDocument>(items.Count);
            foreach (var item in items)
            {
                docs.Add(OutboxDocuments.ToDocument(_nextPosition++, item));
                if (item.Reading is { } r && (!sequences.TryGetValue(r.DeviceId, out var s) || r.Seq > s))
                {
                    sequences[r.DeviceId] = r.Seq;
                }
            }

            try
            {
                _db.BeginTrans();
                _items.InsertBulk(docs, docs.Count);
                foreach (var (device, seq) in sequences)
                {
                    _sequences.Upsert(new BsonDocument { ["_id"] = device, ["s"] = seq });
                }

                _db.Commit();
            }
            catch
            {
                _db.Rollback();
                _nextPosition = first;
                throw;
            }

            // The checkpoint is the durability barrier: it waits for the log writer and fsyncs the data file.
            _db.Checkpoint();
        }

        Interlocked.Add(ref _pending, items.Count);
        Interlocked.Add(ref _committedTotal, items.Count);
        if (_appended.CurrentCount == 0)
        {
            try
            {
                _appended.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another append signalled first; one wake-up is enough.
            }
        }

        return (first, _nextPosition - 1);
    }

    /// <summary>Up to <paramref name="max"/> committed items after <paramref name="afterPosition"/>, in position order.</summary>
    public IReadOnlyList<StoredItem> ReadAfter(long afterPosition, int max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        var result = new List<StoredItem>(Math.Min(max, 4096));
        foreach (var doc in _items.Find(Query.GT("_id", afterPosition), 0, max))
        {
            result.Add(OutboxDocuments.FromDocument(doc));
        }

        return result;
    }

    /// <summary>Deletes acknowledged items. Idempotent: positions already gone are ignored.</summary>
    /// <returns>How many were deleted.</returns>
    public int Remove(IReadOnlyCollection<long> positions)
    {
        ArgumentNullException.ThrowIfNull(positions);
        if (positions.Count == 0)
        {
            return 0;
        }

        var removed = 0;
        lock (_writeLock)
        {
            _db.BeginTrans();
            try
            {
                foreach (var position in positions)
                {
                    if (_items.Delete(position))
                    {
                        removed++;
                    }
                }

                _db.Commit();
            }
            catch
            {
                _db.Rollback();
                throw;
            }
        }

        Interlocked.Add(ref _pending, -removed);
        return removed;
    }

    /// <summary>Waits until something is appended, or <paramref name="timeout"/> passes.</summary>
    public Task<bool> WaitForAppendAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        _appended.WaitAsync(timeout, cancellationToken);

    /// <summary>Counts stored items per class; a full scan, for diagnostics only.</summary>
    public IReadOnlyDictionary<DataClass, long> CountByClass()
    {
        var result = new Dictionary<DataClass, long>();
        foreach (var doc in _items.Query().Select("{c: $.c}").ToEnumerable())
        {
            var c = (DataClass)doc["c"].AsInt32;
            result[c] = result.GetValueOrDefault(c) + 1;
        }

        return result;
    }

    public void Dispose()
    {
        lock (_writeLock)
        {
            _db.Dispose();
            _log.Dispose();
            _data.Dispose();
            _appended.Dispose();
        }
    }
}
