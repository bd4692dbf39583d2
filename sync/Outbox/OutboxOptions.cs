using System.ComponentModel.DataAnnotations;

namespace Edge.Sync.Outbox;

/// <summary>Options of the LiteDB outbox (section <c>Edge:Outbox</c>).</summary>
public sealed class OutboxOptions
{
    /// <summary>Most readings in one group commit. Larger batches amortise the fsync; the default suits a Pi 4 SD card.</summary>
    [Range(1, 100_000)]
    public int MaxBatch { get; set; } = 2_000;

    /// <summary>
    /// Test hook: when set, the ids of every durably committed item are appended to this file after their commit
    /// returns, one per line. The crash tests compare it with what the broker received. Ids are opaque; no PHI.
    /// </summary>
    public string? CommitJournalPath { get; set; }
}
