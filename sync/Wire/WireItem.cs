using Edge.Sync.Outbox;

namespace Edge.Sync.Wire;

/// <summary>
/// An outbox item as it goes on the wire to one destination. The residency layer has already rewritten
/// <paramref name="Item"/> (pseudonymised ids, truncated times); the payload format only leaves out the fields in
/// <paramref name="Omit"/>.
/// </summary>
/// <param name="Item">The item, as the destination may see it.</param>
/// <param name="Omit">Optional fields to leave out of the payload.</param>
public readonly record struct WireItem(OutboxItem Item, WireFields Omit);
