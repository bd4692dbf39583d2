using System.Collections.Concurrent;
using Edge.Core;

namespace Edge.Sync.Outbox;

/// <summary>
/// Every item the outbox gave up on, by class and reason: <c>quota_reject</c>, <c>quota_drop_oldest</c>,
/// <c>quota_downsample</c>, <c>disk_watermark</c>, <c>disk_full</c>, <c>ttl_expired</c>, <c>dead_letter</c>.
/// Thread-safe; feeds the metrics and the status API.
/// </summary>
public sealed class OutboxCounters
{
    private readonly ConcurrentDictionary<(DataClass Class, string Reason), long> _drops = new();

    /// <summary>A snapshot of every non-zero counter.</summary>
    public IReadOnlyDictionary<(DataClass Class, string Reason), long> Snapshot() => _drops.ToDictionary(kv => kv.Key, kv => kv.Value);

    /// <summary>The count for one class and reason.</summary>
    public long Get(DataClass c, string reason) => _drops.GetValueOrDefault((c, reason));

    /// <summary>Total over every reason of a class.</summary>
    public long Total(DataClass c) => _drops.Where(kv => kv.Key.Class == c).Sum(kv => kv.Value);

    internal void Add(DataClass c, string reason, long n)
    {
        if (n > 0)
        {
            _drops.AddOrUpdate((c, reason), n, (_, old) => old + n);
        }
    }
}
