using Edge.Core;
using LiteDB;

namespace Edge.Sync.Outbox;

/// <summary>
/// One LiteDB file pair holding a contiguous range of outbox positions, one collection per data class. Segments let
/// the outbox shed disk space by deleting a fully acknowledged file whole: LiteDB 5.0.21 cannot shrink a file
/// (<c>Rebuild()</c> is broken, upstream #2827), and deleted pages are only reused, never returned.
/// </summary>
/// <remarks>
/// Each append or removal is one transaction that also updates the segment's per-class counters (and, on append, the
/// device sequence table and the position high-water mark), so the counters never disagree with the items after a
/// crash. Appends end with a checkpoint, which waits for LiteDB's log writer and flushes both files through
/// <see cref="DurableFileStream"/> (fsync). Callers serialise writes; reads may run concurrently.
/// </remarks>
internal sealed class OutboxSegment : IDisposable
{
    private const string SequencesCollection = "devseq";
    private const string StatsCollection = "stats";
    private const string HighWaterId = "hi";

    private readonly DurableFileStream _data;
    private readonly DurableFileStream _log;
    private readonly long[] _counts = new long[OutboxClasses.Count];
    private readonly long[] _bytes = new long[OutboxClasses.Count];
    private LiteDatabase _db = null!;
    private ILiteCollection<BsonDocument>[] _classes = null!;
    private ILiteCollection<BsonDocument> _sequences = null!;
    private ILiteCollection<BsonDocument> _stats = null!;
    private bool _faulted;

    private OutboxSegment(string dataPath, long firstPosition, DurableFileStream data, DurableFileStream log)
    {
        DataPath = dataPath;
        LogPath = LogPathOf(dataPath);
        FirstPosition = firstPosition;
        _data = data;
        _log = log;
        Load();
    }

    /// <summary>(Re)creates the engine over the open files and reads the per-class counters.</summary>
    private void Load()
    {
        _db = new LiteDatabase(_data, mapper: null, logStream: _log);
        try
        {
            _classes = new ILiteCollection<BsonDocument>[OutboxClasses.Count];
            foreach (var c in OutboxClasses.All)
            {
                _classes[(int)c] = _db.GetCollection("c" + ((int)c).ToString(System.Globalization.CultureInfo.InvariantCulture), BsonAutoId.Int64);
            }

            _sequences = _db.GetCollection(SequencesCollection);
            _stats = _db.GetCollection(StatsCollection);
            LastPosition = FirstPosition - 1;
            Array.Clear(_counts);
            Array.Clear(_bytes);
            foreach (var doc in _stats.FindAll())
            {
                if (doc["_id"].IsString && doc["_id"].AsString == HighWaterId)
                {
                    LastPosition = doc["p"].AsInt64;
                }
                else if (doc["_id"].IsInt32)
                {
                    _counts[doc["_id"].AsInt32] = doc["n"].AsInt64;
                    _bytes[doc["_id"].AsInt32] = doc["b"].AsInt64;
                }
            }
        }
        catch
        {
            _db.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Marks the engine unusable after a failed write (LiteDB may refuse further work after, say, ENOSPC). The next
    /// operation rebuilds it over the same locked files, which replays the log and drops the unfinished transaction.
    /// </summary>
    public void MarkFaulted() => _faulted = true;

    /// <summary>Whether the engine must be rebuilt before use.</summary>
    public bool IsFaulted => _faulted;

    /// <summary>Rebuilds a faulted engine now; the caller holds the store's write lock.</summary>
    public void Heal() => EnsureHealthy();

    private void EnsureHealthy()
    {
        if (!_faulted)
        {
            return;
        }

        try
        {
            _db.Dispose();
        }
#pragma warning disable CA1031 // A faulted engine may throw anything while closing; it is being replaced.
        catch (Exception)
#pragma warning restore CA1031
        {
            // Replaced below.
        }

        try
        {
            Load();
            _faulted = false;
        }
        catch (LiteException ex)
        {
            throw new IOException("The outbox segment could not be reopened yet.", ex);
        }
    }

    public string DataPath { get; }

    public string LogPath { get; }

    /// <summary>The first position this segment may hold (from its file name).</summary>
    public long FirstPosition { get; }

    /// <summary>The highest position ever appended here (survives removal), or <c>FirstPosition - 1</c>.</summary>
    public long LastPosition { get; private set; }

    public long TotalCount => _counts.Sum();

    public long Count(DataClass c) => Interlocked.Read(ref _counts[(int)c]);

    public long Bytes(DataClass c) => Interlocked.Read(ref _bytes[(int)c]);

    /// <summary>fsyncs issued on this segment's files.</summary>
    public long FsyncCount => _data.FsyncCount + _log.FsyncCount;

    public static string LogPathOf(string dataPath) => Path.ChangeExtension(dataPath, null) + "-log.db";

    /// <summary>Opens or creates a segment. Takes exclusive locks first; a held file throws <see cref="IOException"/>.</summary>
    /// <exception cref="IOException">Another process holds the files.</exception>
    /// <exception cref="CorruptSegmentException">The files exist but LiteDB cannot read them.</exception>
    public static OutboxSegment Open(string dataPath, long firstPosition)
    {
        var data = new DurableFileStream(dataPath);
        DurableFileStream log;
        try
        {
            log = new DurableFileStream(LogPathOf(dataPath));
        }
        catch
        {
            data.Dispose();
            throw;
        }

        try
        {
            return new OutboxSegment(dataPath, firstPosition, data, log);
        }
#pragma warning disable CA1031 // LiteDB throws anything from LiteException to ArgumentOutOfRangeException on a damaged file.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            data.Dispose();
            log.Dispose();
            throw new CorruptSegmentException(Path.GetFileName(dataPath), ex);
        }
    }

    /// <summary>Commits rows and sequence numbers in one transaction, then makes it durable.</summary>
    public void Append(IReadOnlyList<OutboxRow> rows, IReadOnlyDictionary<string, long> sequences)
    {
        EnsureHealthy();
        var counts = new long[OutboxClasses.Count];
        var bytes = new long[OutboxClasses.Count];
        var last = LastPosition;
        _db.BeginTrans();
        try
        {
            foreach (var group in rows.GroupBy(r => r.Item.Class))
            {
                var docs = group.Select(r => r.Document).ToList();
                _classes[(int)group.Key].InsertBulk(docs, docs.Count);
                counts[(int)group.Key] += docs.Count;
                bytes[(int)group.Key] += group.Sum(r => (long)r.Bytes);
                last = Math.Max(last, group.Max(r => r.Position));
            }

            foreach (var (device, seq) in sequences)
            {
                _sequences.Upsert(new BsonDocument { ["_id"] = device, ["s"] = seq });
            }

            WriteStats(counts, bytes, last);
            _db.Commit();
        }
        catch
        {
            TryRollback();
            throw;
        }

        Apply(counts, bytes);
        LastPosition = last;

        // The durability barrier: the checkpoint waits for the log writer, copies the log into the data file and
        // fsyncs the data file. The log is then truncated, and that truncation is fsync'd too: a stale log that came
        // back after a power cut would replay old page images over newer ones.
        _db.Checkpoint();
        _log.Flush();
    }

    /// <summary>Deletes items of one class by position, for every destination; positions already gone are ignored.</summary>
    /// <returns>How many were deleted.</returns>
    public int Remove(DataClass c, IEnumerable<(long Position, int Bytes)> items) => Delete(c, items, destination: null);

    /// <summary>
    /// Takes <paramref name="destination"/> off the stamps of items of one class, deleting those no destination still
    /// waits for, in one transaction. Positions already gone are ignored.
    /// </summary>
    /// <returns>How many were deleted.</returns>
    public int Release(DataClass c, string destination, IEnumerable<(long Position, int Bytes)> items) => Delete(c, items, destination);

    private int Delete(DataClass c, IEnumerable<(long Position, int Bytes)> items, string? destination)
    {
        EnsureHealthy();
        var removed = 0;
        long bytes = 0;
        var changed = false;
        var collection = _classes[(int)c];
        _db.BeginTrans();
        try
        {
            foreach (var (position, size) in items)
            {
                if (destination is not null)
                {
                    // Read the stamp back inside the transaction: another destination may have shrunk it since.
                    var doc = collection.FindById(position);
                    if (doc is null)
                    {
                        continue;
                    }

                    if (doc.TryGetValue("rs", out var rs) && rs.IsDocument && rs.AsDocument.Remove(destination) && rs.AsDocument.Count > 0)
                    {
                        collection.Update(doc);
                        changed = true;
                        continue;
                    }
                }

                if (collection.Delete(position))
                {
                    removed++;
                    bytes += size;
                }
            }

            if (removed == 0 && !changed)
            {
                _db.Rollback();
                return 0;
            }

            var counts = new long[OutboxClasses.Count];
            var sizes = new long[OutboxClasses.Count];
            counts[(int)c] = -removed;
            sizes[(int)c] = -bytes;
            if (removed > 0)
            {
                WriteStats(counts, sizes, LastPosition);
            }

            _db.Commit();
            Apply(counts, sizes);
        }
        catch
        {
            TryRollback();
            throw;
        }

        return removed;
    }

    /// <summary>Up to <paramref name="max"/> items of a class with <paramref name="after"/> &lt; position &lt;= <paramref name="upTo"/>, in position order.</summary>
    public void Read(DataClass c, long after, long upTo, int max, List<StoredItem> into)
    {
        if (max <= 0 || Count(c) == 0 || after >= LastPosition || _faulted)
        {
            return;
        }

        var query = upTo >= LastPosition ? Query.GT("_id", after) : Query.And(Query.GT("_id", after), Query.LTE("_id", upTo));
        foreach (var doc in _classes[(int)c].Find(query, 0, max))
        {
            into.Add(OutboxDocuments.FromDocument(doc));
        }
    }

    /// <summary>The device sequence table of this segment.</summary>
    public Dictionary<string, long> LoadSequences()
    {
        EnsureHealthy();
        var result = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var doc in _sequences.FindAll())
        {
            result[doc["_id"].AsString] = doc["s"].AsInt64;
        }

        return result;
    }

    public void Dispose()
    {
        _db.Dispose();
        _log.Dispose();
        _data.Dispose();
    }

    private void TryRollback()
    {
        try
        {
            _db.Rollback();
        }
        catch (Exception ex) when (ex is LiteException or IOException or ObjectDisposedException)
        {
            // The engine is faulted; it is rebuilt on the next operation.
            _faulted = true;
        }
    }

    private void WriteStats(long[] countDelta, long[] byteDelta, long lastPosition)
    {
        for (var i = 0; i < OutboxClasses.Count; i++)
        {
            if (countDelta[i] != 0 || byteDelta[i] != 0)
            {
                _stats.Upsert(new BsonDocument { ["_id"] = i, ["n"] = _counts[i] + countDelta[i], ["b"] = _bytes[i] + byteDelta[i] });
            }
        }

        if (lastPosition != LastPosition)
        {
            _stats.Upsert(new BsonDocument { ["_id"] = HighWaterId, ["p"] = lastPosition });
        }
    }

    private void Apply(long[] countDelta, long[] byteDelta)
    {
        for (var i = 0; i < OutboxClasses.Count; i++)
        {
            Interlocked.Add(ref _counts[i], countDelta[i]);
            Interlocked.Add(ref _bytes[i], byteDelta[i]);
        }
    }
}
