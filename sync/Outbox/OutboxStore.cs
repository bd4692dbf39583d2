using System.Globalization;
using Edge.Core;
using Microsoft.Extensions.Logging;

namespace Edge.Sync.Outbox;

/// <summary>
/// The durable outbox: an append-only sequence of readings and alerts across segment files, read in batches by
/// class and position, deleted only after the broker acknowledged the message that carried them.
/// </summary>
/// <remarks>
/// <para>
/// Durability: <see cref="Append"/> returns only after its transaction is checkpointed and fsync'd (see
/// <see cref="OutboxSegment"/>). Only what it returns as stored may be acknowledged outward.
/// </para>
/// <para>
/// Growth: items live in segments of <see cref="OutboxOptions.SegmentItems"/> positions. A segment other than the
/// newest is deleted whole once empty, which is how disk space is returned. Per-class byte quotas apply each class's
/// <see cref="FullPolicy"/>; under the free-disk watermark, each append first sheds what it adds, alarms last.
/// </para>
/// <para>
/// Thread safety: appends, removals and sweeps are serialised; reads run concurrently with them. Only this process
/// may open the files: each is locked exclusively.
/// </para>
/// </remarks>
public sealed class OutboxStore : IDisposable
{
    private readonly string _directory;
    private readonly OutboxOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _writeLock = new();
    private readonly ReaderWriterLockSlim _segmentsLock = new(LockRecursionPolicy.SupportsRecursion);
    private readonly List<OutboxSegment> _segments = [];
    private readonly List<string> _quarantined = [];
    private readonly SemaphoreSlim _appended = new(0, 1);
    private readonly List<SemaphoreSlim> _listeners = [];
    private long _nextPosition;
    private int _disposed;
    private long _committedTotal;
    private long _fsyncsOfDeletedSegments;
    private long _freeDiskCheckedAt = long.MinValue;
    private long _freeDisk = long.MaxValue;
    private long _writtenSinceFreeDiskCheck;

    private OutboxStore(string directory, OutboxOptions options, TimeProvider time, ILogger logger)
    {
        _directory = directory;
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>Items committed and not yet removed.</summary>
    public long PendingCount => Segments(s => s.TotalCount);

    /// <summary>Items of a class committed and not yet removed.</summary>
    public long PendingCountOf(DataClass c) => Segments(s => s.Count(c));

    /// <summary>Accounted bytes of a class committed and not yet removed.</summary>
    public long PendingBytesOf(DataClass c) => Segments(s => s.Bytes(c));

    /// <summary>Items committed since this process opened the store.</summary>
    public long CommittedTotal => Interlocked.Read(ref _committedTotal);

    /// <summary>The newest position handed out so far (0 when none).</summary>
    public long LastPosition => Interlocked.Read(ref _nextPosition) - 1;

    /// <summary>fsyncs issued on segment files since open.</summary>
    public long FsyncCount => Segments(s => s.FsyncCount) + Interlocked.Read(ref _fsyncsOfDeletedSegments);

    /// <summary>Number of segment files open.</summary>
    public int SegmentCount
    {
        get
        {
            _segmentsLock.EnterReadLock();
            try
            {
                return _segments.Count;
            }
            finally
            {
                _segmentsLock.ExitReadLock();
            }
        }
    }

    /// <summary>Drops and expiries by class and reason.</summary>
    public OutboxCounters Counters { get; } = new();

    /// <summary>Where unreadable segments were moved at open; empty when none.</summary>
    public IReadOnlyList<string> Quarantined => _quarantined;

    /// <summary>
    /// Opens the outbox in <paramref name="directory"/>. A segment that exists but cannot be read is moved into
    /// <c>quarantine/</c> and the rest opens normally: the service never crash-loops on a bad file. A store held by
    /// another process is an error, never quarantined.
    /// </summary>
    /// <exception cref="IOException">Another process holds the store.</exception>
    public static OutboxStore Open(string directory, OutboxOptions options, TimeProvider time, ILogger logger)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        Directory.CreateDirectory(directory);
        var store = new OutboxStore(directory, options, time, logger);
        try
        {
            store.OpenSegments();
            store.EnsureBallast();
        }
        catch
        {
            store.Dispose();
            throw;
        }

        return store;
    }

    /// <summary>Last committed sequence number per opaque device id (the highest any segment records).</summary>
    public IReadOnlyDictionary<string, long> LoadSequences()
    {
        _segmentsLock.EnterReadLock();
        try
        {
            return MergedSequences();
        }
        finally
        {
            _segmentsLock.ExitReadLock();
        }
    }

    /// <summary>
    /// Applies the class limits, then commits the items that fit in one transaction together with each device's
    /// highest sequence number, and returns once that commit is on disk (fsync'd).
    /// </summary>
    /// <exception cref="IOException">The disk failed the write (for example ENOSPC). Nothing of this call is stored,
    /// the store stays usable, and the caller may retry the same items.</exception>
    public AppendResult Append(IReadOnlyList<OutboxItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count == 0)
        {
            return new AppendResult([], []);
        }

        List<OutboxItem> stored;
        List<OutboxItem> rejected;
        lock (_writeLock)
        {
            var rows = new List<OutboxRow>(items.Count);
            foreach (var item in items)
            {
                var (doc, bytes) = OutboxDocuments.ToDocumentWithSize(_nextPosition, item);
                rows.Add(new OutboxRow(_nextPosition++, item, doc, bytes));
            }

            rejected = [];
            rows = ApplyLimits(rows, rejected);
            stored = rows.Select(r => r.Item).ToList();
            var sequences = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var row in rows)
            {
                if (row.Item.Reading is { } r && (!sequences.TryGetValue(r.DeviceId, out var s) || r.Seq > s))
                {
                    sequences[r.DeviceId] = r.Seq;
                }
            }

            if (rows.Count > 0)
            {
                // Never let LiteDB meet ENOSPC mid-transaction: 5.0.21 then leaves a transaction whose finalizer
                // throws on the GC thread and kills the process. Refuse up front while the disk is at its hard floor.
                var needed = HardFloorBytes + (3L * rows.Sum(r => (long)r.Bytes)) + (64 * 1024);
                if (FreeDiskBytes(fresh: true) < needed)
                {
                    throw new IOException("The disk is full: the outbox refused the batch before writing; nothing of it is stored.");
                }

                try
                {
                    Active.Append(rows, sequences);
                    _writtenSinceFreeDiskCheck += 2 * rows.Sum(r => (long)r.Bytes);
                }
                catch (Exception ex) when (ex is IOException or LiteDB.LiteException)
                {
                    // Positions are not rewound: the commit may have reached the log before the failure, and a
                    // gap in positions is harmless while a reused one would collide.
                    Active.MarkFaulted();
                    throw new IOException("The outbox could not commit (the disk may be full); nothing of this batch is stored.", ex);
                }

                RotateIfFull();
            }
        }

        Interlocked.Add(ref _committedTotal, stored.Count);
        Signal();
        return new AppendResult(stored, rejected);
    }

    /// <summary>
    /// Up to <paramref name="max"/> committed items of one class with <paramref name="after"/> &lt; position &lt;=
    /// <paramref name="upTo"/>, in position order. Uses the position index of each segment; never a scan.
    /// </summary>
    public IReadOnlyList<StoredItem> Read(DataClass dataClass, long after, long upTo, int max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        HealFaultedSegments();
        var result = new List<StoredItem>(Math.Min(max, 4096));
        _segmentsLock.EnterReadLock();
        try
        {
            foreach (var segment in _segments)
            {
                if (segment.LastPosition <= after || segment.FirstPosition > upTo)
                {
                    continue;
                }

                segment.Read(dataClass, after, upTo, max - result.Count, result);
                if (result.Count >= max)
                {
                    break;
                }
            }
        }
        finally
        {
            _segmentsLock.ExitReadLock();
        }

        return result;
    }

    /// <summary>Deletes items for every destination (dead letters, limits, tests). Idempotent: items already gone are ignored.</summary>
    /// <returns>How many were deleted.</returns>
    public int Remove(IReadOnlyCollection<StoredItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return items.Count == 0 ? 0 : Mutate(() => RemoveLocked(items));
    }

    /// <summary>
    /// Records that <paramref name="destination"/> is done with these items (acknowledged, or withheld by the
    /// residency re-check). An item is deleted once every destination it was stamped for is done with it; until then
    /// only its stamp shrinks. Idempotent.
    /// </summary>
    /// <returns>How many items were deleted (not how many were released).</returns>
    public int Acknowledge(string destination, IReadOnlyCollection<StoredItem> items)
    {
        ArgumentException.ThrowIfNullOrEmpty(destination);
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count == 0)
        {
            return 0;
        }

        // Items stamped for this destination alone (the usual case) are deleted outright; only items shared with other
        // destinations need their current stamp read back, under the write lock, so two uplinks never lose an update.
        var alone = new List<StoredItem>(items.Count);
        var shared = new List<StoredItem>();
        foreach (var item in items)
        {
            (item.Item.Stamp is { Routes.Count: > 1 } ? shared : alone).Add(item);
        }

        return Mutate(() => RemoveLocked(alone) + ReleaseLocked(destination, shared));
    }

    private int Mutate(Func<int> change)
    {
        lock (_writeLock)
        {
            int removed;
            if (FreeDiskBytes(fresh: true) < HardFloorBytes)
            {
                // Deletes write LiteDB's log too: make room first rather than fail inside the engine.
                ReleaseBallast();
            }

            try
            {
                removed = change();
            }
            catch (IOException) when (ReleaseBallast())
            {
                removed = change();
            }

            DeleteEmptySegments();
            return removed;
        }
    }

    /// <summary>
    /// Removes items whose measurement time is older than their class TTL. Measurement times come from the gateway
    /// clock, so the caller must only sweep while that clock is trusted.
    /// </summary>
    /// <returns>How many expired.</returns>
    public int SweepExpired(DateTimeOffset now)
    {
        var expired = 0;
        lock (_writeLock)
        {
            foreach (var c in OutboxClasses.All)
            {
                if (_options.For(c).Ttl is not { } ttl)
                {
                    continue;
                }

                var cutoff = now - ttl;
                while (true)
                {
                    // Positions follow commit order, which follows gateway time closely: stop at the first fresh item.
                    var oldest = Read(c, 0, long.MaxValue, 512);
                    var stale = oldest.TakeWhile(i => MeasuredAt(i) < cutoff).ToList();
                    if (stale.Count == 0)
                    {
                        break;
                    }

                    var n = RemoveLocked(stale);
                    Counters.Add(c, "ttl_expired", n);
                    expired += n;
                    if (stale.Count < oldest.Count)
                    {
                        break;
                    }
                }
            }

            DeleteEmptySegments();
        }

        return expired;
    }

    /// <summary>Measurement time of the oldest pending item of a class, or null when none is pending.</summary>
    public DateTimeOffset? OldestMeasuredAt(DataClass dataClass) =>
        Read(dataClass, 0, long.MaxValue, 1) is [var oldest] ? MeasuredAt(oldest) : null;

    /// <summary>Waits until something is appended, or <paramref name="timeout"/> passes. For one consumer only.</summary>
    public Task<bool> WaitForAppendAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        _appended.WaitAsync(timeout, cancellationToken);

    /// <summary>
    /// A wake-up of its own for one more consumer (one uplink per destination): every append releases every
    /// signal, and a signal remembers one release, so an append between a read and the wait is never missed.
    /// </summary>
    public SemaphoreSlim CreateAppendSignal()
    {
        var signal = new SemaphoreSlim(0, 1);
        lock (_listeners)
        {
            _listeners.Add(signal);
        }

        return signal;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        lock (_writeLock)
        {
            _segmentsLock.EnterWriteLock();
            try
            {
                foreach (var segment in _segments)
                {
                    segment.Dispose();
                }

                _segments.Clear();
            }
            finally
            {
                _segmentsLock.ExitWriteLock();
            }
        }

        _appended.Dispose();
        _segmentsLock.Dispose();
    }

    private OutboxSegment Active => _segments[^1];

    private string BallastPath => Path.Combine(_directory, "ballast.bin");

    private void HealFaultedSegments()
    {
        _segmentsLock.EnterReadLock();
        List<OutboxSegment> faulted;
        try
        {
            faulted = _segments.Where(s => s.IsFaulted).ToList();
        }
        finally
        {
            _segmentsLock.ExitReadLock();
        }

        if (faulted.Count == 0)
        {
            return;
        }

        lock (_writeLock)
        {
            foreach (var segment in faulted)
            {
                try
                {
                    segment.Heal();
                }
                catch (IOException)
                {
                    // Still no space; the next read tries again.
                }
            }
        }
    }

    /// <summary>
    /// Keeps a small ballast file beside the segments. On a full disk LiteDB cannot even delete (a delete writes
    /// its log), so acknowledged items could never leave and no segment could ever be freed: releasing the ballast
    /// gives deletions the room they need. It is put back once there is space again.
    /// </summary>
    private void EnsureBallast()
    {
        if (_options.BallastBytes <= 0 || File.Exists(BallastPath))
        {
            return;
        }

        try
        {
            using var ballast = new FileStream(BallastPath, FileMode.CreateNew, FileAccess.Write, FileShare.None);
            ballast.Write(new byte[_options.BallastBytes]);
            ballast.Flush(flushToDisk: true);
        }
        catch (IOException)
        {
            TryDelete(BallastPath);
        }
    }

    private bool ReleaseBallast()
    {
        if (!File.Exists(BallastPath))
        {
            return false;
        }

        TryDelete(BallastPath);
        SyncLog.BallastReleased(_logger);
        return true;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Nothing more to do.
        }
    }

    private static DateTimeOffset MeasuredAt(StoredItem item) => item.Item.Reading?.MeasuredAt ?? item.Item.Alert!.RaisedAt;

    private static string SegmentFileName(long firstPosition) =>
        string.Create(CultureInfo.InvariantCulture, $"seg-{firstPosition:D15}.db");

    private void OpenSegments()
    {
        var files = Directory.GetFiles(_directory, "seg-*.db")
            .Where(f => !f.EndsWith("-log.db", StringComparison.Ordinal))
            .Select(f => (Path: f, First: long.TryParse(Path.GetFileNameWithoutExtension(f).AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : -1))
            .OrderBy(f => f.First)
            .ToList();
        foreach (var (path, first) in files)
        {
            if (first < 1)
            {
                Quarantine(path, "unrecognised segment name");
                continue;
            }

            try
            {
                _segments.Add(OutboxSegment.Open(path, first));
            }
            catch (CorruptSegmentException ex)
            {
                Quarantine(path, ex.InnerException?.GetType().Name ?? "unreadable");
            }
        }

        var last = _segments.Count == 0 ? 0 : _segments.Max(s => s.LastPosition);
        _nextPosition = last + 1;
        if (_segments.Count == 0 || Active.LastPosition - Active.FirstPosition + 1 >= _options.SegmentItems)
        {
            var sequences = MergedSequences();
            var segment = OutboxSegment.Open(Path.Combine(_directory, SegmentFileName(_nextPosition)), _nextPosition);
            if (sequences.Count > 0)
            {
                segment.Append([], sequences);
            }

            _segments.Add(segment);
        }
    }

    private Dictionary<string, long> MergedSequences()
    {
        var merged = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var segment in _segments)
        {
            foreach (var (device, seq) in segment.LoadSequences())
            {
                if (!merged.TryGetValue(device, out var s) || seq > s)
                {
                    merged[device] = seq;
                }
            }
        }

        return merged;
    }

    private void Quarantine(string dataPath, string reason)
    {
        var folder = Path.Combine(_directory, "quarantine", _time.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture));
        Directory.CreateDirectory(folder);
        foreach (var path in new[] { dataPath, OutboxSegment.LogPathOf(dataPath) })
        {
            if (File.Exists(path))
            {
                File.Move(path, Path.Combine(folder, Path.GetFileName(path)), overwrite: true);
            }
        }

        _quarantined.Add(folder);
        SyncLog.OutboxQuarantined(_logger, reason, folder);
    }

    private List<OutboxRow> ApplyLimits(List<OutboxRow> rows, List<OutboxItem> rejected)
    {
        var incoming = new long[OutboxClasses.Count];
        foreach (var row in rows)
        {
            incoming[(int)row.Item.Class] += row.Bytes;
        }

        var refused = new HashSet<DataClass>();
        foreach (var c in OutboxClasses.All)
        {
            if (incoming[(int)c] == 0)
            {
                continue;
            }

            var limits = _options.For(c);
            var over = PendingBytesOf(c) + incoming[(int)c] - limits.QuotaBytes;
            if (over <= 0)
            {
                continue;
            }

            switch (limits.Policy)
            {
                case FullPolicy.Reject:
                    refused.Add(c);
                    break;
                case FullPolicy.DropOldest:
                    Counters.Add(c, "quota_drop_oldest", DropOldest(c, over));
                    break;
                case FullPolicy.Downsample:
                    Counters.Add(c, "quota_downsample", Downsample(c, over));
                    break;
            }
        }

        var total = rows.Where(r => !refused.Contains(r.Item.Class)).Sum(r => (long)r.Bytes);
        if (_options.MinFreeDiskBytes > 0 && FreeDiskBytes() - total < _options.MinFreeDiskBytes)
        {
            // Below the watermark: shed as much as this append adds, lowest class first, alarms last.
            var need = total;
            foreach (var c in OutboxClasses.SheddingOrder)
            {
                if (need <= 0)
                {
                    break;
                }

                var before = PendingBytesOf(c);
                Counters.Add(c, "disk_watermark", DropOldest(c, need));
                need -= before - PendingBytesOf(c);
            }

            if (need > 0)
            {
                // Nothing left to shed: refuse everything but alarms rather than run the disk full.
                foreach (var c in OutboxClasses.All.Where(c => c != DataClass.Alarm))
                {
                    refused.Add(c);
                }
            }
        }

        if (refused.Count == 0)
        {
            return rows;
        }

        var kept = new List<OutboxRow>(rows.Count);
        foreach (var row in rows)
        {
            if (refused.Contains(row.Item.Class))
            {
                rejected.Add(row.Item);
                Counters.Add(row.Item.Class, _options.For(row.Item.Class).Policy == FullPolicy.Reject && !DiskLow() ? "quota_reject" : "disk_full", 1);
            }
            else
            {
                kept.Add(row);
            }
        }

        return kept;
    }

    private bool DiskLow() => _options.MinFreeDiskBytes > 0 && FreeDiskBytes() < _options.MinFreeDiskBytes;

    /// <summary>Space the outbox never eats into for appends: what deletions and a checkpoint need to make progress.</summary>
    private const long HardFloorBytes = 512 * 1024;

    private long FreeDiskBytes(bool fresh = false)
    {
        var now = _time.GetTimestamp();
        if (fresh || _freeDiskCheckedAt == long.MinValue || _time.GetElapsedTime(_freeDiskCheckedAt, now) > TimeSpan.FromSeconds(1))
        {
            try
            {
                _freeDisk = new DriveInfo(Path.GetFullPath(_directory)).AvailableFreeSpace;
            }
            catch (IOException)
            {
                _freeDisk = long.MaxValue;
            }

            _freeDiskCheckedAt = now;
            _writtenSinceFreeDiskCheck = 0;
        }

        // Between checks, assume every committed byte took twice its size (data file and log) so a burst of commits
        // within one second cannot run past the watermark unseen.
        return _freeDisk == long.MaxValue ? _freeDisk : _freeDisk - _writtenSinceFreeDiskCheck;
    }

    private long DropOldest(DataClass c, long bytes)
    {
        long dropped = 0;
        long freed = 0;
        while (freed < bytes)
        {
            var oldest = Read(c, 0, long.MaxValue, 1024);
            if (oldest.Count == 0)
            {
                break;
            }

            var take = new List<StoredItem>();
            foreach (var item in oldest)
            {
                take.Add(item);
                freed += item.Bytes;
                if (freed >= bytes)
                {
                    break;
                }
            }

            dropped += RemoveLocked(take);
        }

        DeleteEmptySegments();
        return dropped;
    }

    private long Downsample(DataClass c, long bytes)
    {
        // Thin the oldest part of the backlog: every other item of the oldest window that frees enough. Coverage of
        // the whole span is kept at half the resolution, which is better for a clinician than losing the start.
        long dropped = 0;
        long freed = 0;
        long after = 0;
        while (freed < bytes)
        {
            var window = Read(c, after, long.MaxValue, 2048);
            if (window.Count < 2)
            {
                dropped += DropOldest(c, bytes - freed);
                break;
            }

            var take = new List<StoredItem>();
            for (var i = 1; i < window.Count && freed < bytes; i += 2)
            {
                take.Add(window[i]);
                freed += window[i].Bytes;
            }

            dropped += RemoveLocked(take);
            after = window[^1].Position;
        }

        DeleteEmptySegments();
        return dropped;
    }

    private int RemoveLocked(IEnumerable<StoredItem> items) =>
        ChangeLocked(items, (segment, c, group) => segment.Remove(c, group));

    private int ReleaseLocked(string destination, List<StoredItem> items) =>
        items.Count == 0 ? 0 : ChangeLocked(items, (segment, c, group) => segment.Release(c, destination, group));

    private int ChangeLocked(IEnumerable<StoredItem> items, Func<OutboxSegment, DataClass, IEnumerable<(long Position, int Bytes)>, int> change)
    {
        var removed = 0;
        _segmentsLock.EnterReadLock();
        try
        {
            foreach (var group in items.GroupBy(i => (Segment: SegmentFor(i.Position), i.Item.Class)))
            {
                if (group.Key.Segment is { } segment)
                {
                    try
                    {
                        removed += change(segment, group.Key.Class, group.Select(i => (i.Position, i.Bytes)));
                    }
                    catch (Exception ex) when (ex is IOException or LiteDB.LiteException)
                    {
                        segment.MarkFaulted();
                        throw new IOException("The outbox could not delete acknowledged items; they will be sent again.", ex);
                    }
                }
            }
        }
        finally
        {
            _segmentsLock.ExitReadLock();
        }

        return removed;
    }

    private OutboxSegment? SegmentFor(long position)
    {
        for (var i = _segments.Count - 1; i >= 0; i--)
        {
            if (_segments[i].FirstPosition <= position)
            {
                return _segments[i];
            }
        }

        return null;
    }

    private void DeleteEmptySegments()
    {
        var empty = new List<OutboxSegment>();
        _segmentsLock.EnterWriteLock();
        try
        {
            for (var i = 0; i < _segments.Count - 1; i++)
            {
                if (_segments[i].TotalCount == 0)
                {
                    empty.Add(_segments[i]);
                }
            }

            foreach (var segment in empty)
            {
                _segments.Remove(segment);
            }
        }
        finally
        {
            _segmentsLock.ExitWriteLock();
        }

        foreach (var segment in empty)
        {
            Interlocked.Add(ref _fsyncsOfDeletedSegments, segment.FsyncCount);
            segment.Dispose();
            File.Delete(segment.DataPath);
            File.Delete(segment.LogPath);
            SyncLog.SegmentDeleted(_logger, Path.GetFileName(segment.DataPath));
        }

        if (empty.Count > 0)
        {
            EnsureBallast();
        }
    }

    private void RotateIfFull()
    {
        var active = Active;
        if (active.LastPosition - active.FirstPosition + 1 < _options.SegmentItems)
        {
            return;
        }

        // The new segment starts with the full sequence table, so deleting older segments never loses a device's
        // last sequence number.
        var segment = OutboxSegment.Open(Path.Combine(_directory, SegmentFileName(_nextPosition)), _nextPosition);
        segment.Append([], MergedSequences());
        _segmentsLock.EnterWriteLock();
        try
        {
            _segments.Add(segment);
        }
        finally
        {
            _segmentsLock.ExitWriteLock();
        }

        DeleteEmptySegments();
    }

    private long Segments(Func<OutboxSegment, long> select)
    {
        _segmentsLock.EnterReadLock();
        try
        {
            return _segments.Sum(select);
        }
        finally
        {
            _segmentsLock.ExitReadLock();
        }
    }

    private void Signal()
    {
        Release(_appended);
        lock (_listeners)
        {
            foreach (var listener in _listeners)
            {
                Release(listener);
            }
        }
    }

    private static void Release(SemaphoreSlim signal)
    {
        if (signal.CurrentCount == 0)
        {
            try
            {
                signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another append signalled first; one wake-up is enough.
            }
        }
    }
}
