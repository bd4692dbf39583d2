using LiteDB;

namespace Edge.Sync.Outbox;

/// <summary>An item on its way into a segment: its position, its BSON document and the bytes it is accounted as.</summary>
internal sealed record OutboxRow(long Position, OutboxItem Item, BsonDocument Document, int Bytes);
