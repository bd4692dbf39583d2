using Edge.Sync.Outbox;

namespace Edge.Sync.Lanes;

/// <summary>An item picked for sending, with the lane it was picked from.</summary>
public sealed record LaneItem(StoredItem Stored, Lane Lane);
