namespace Edge.Sync.Outbox;

/// <summary>An <see cref="OutboxItem"/> as committed, with its position in the append-only outbox sequence.</summary>
/// <param name="Position">Monotonic outbox position; the order of commit.</param>
/// <param name="Item">The item.</param>
/// <param name="Bytes">The bytes it is accounted as against its class quota.</param>
public sealed record StoredItem(long Position, OutboxItem Item, int Bytes);
