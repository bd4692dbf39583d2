namespace Edge.Sync.Outbox;

/// <summary>What an append stored durably, and what the class limits refused.</summary>
/// <param name="Stored">The items now on disk, in commit order. Only these may be acknowledged outward.</param>
/// <param name="Rejected">Items refused by a <c>reject</c> policy or a full disk; counted, never stored.</param>
public sealed record AppendResult(IReadOnlyList<OutboxItem> Stored, IReadOnlyList<OutboxItem> Rejected);
