using Edge.Sync.Outbox;
using LiteDB;

namespace Edge.Bench.Ingest;

/// <summary>
/// Builds, for the raw LiteDB baselines, BSON documents with the same fields, names and value types as the outbox
/// stores (its mapping is internal to Edge.Sync, so this is an independent equivalent): the baselines write the same
/// bytes-worth of data as the pipeline, only without the pipeline's work around it.
/// </summary>
internal static class BaselineDocuments
{
    public static List<BsonDocument> From(IReadOnlyList<StoredItem> items, int count)
    {
        var docs = new List<BsonDocument>(count);
        for (var i = 0; i < count; i++)
        {
            docs.Add(ToDocument(items[i]));
        }

        return docs;
    }

    private static BsonDocument ToDocument(StoredItem stored)
    {
        var item = stored.Item;
        var doc = new BsonDocument
        {
            ["_id"] = stored.Position,
            ["c"] = (int)item.Class,
            ["m"] = item.MessageId,
            ["z"] = stored.Bytes,
        };
        if (item.Reading is { } reading)
        {
            doc["t"] = "r";
            doc["d"] = reading.DeviceId;
            doc["s"] = reading.Seq;
            doc["p"] = reading.PatientId;
            doc["k"] = (int)reading.Kind;
            doc["v"] = reading.Value;
            doc["dt"] = reading.DeviceTime.HasValue ? new BsonValue(reading.DeviceTime.Value.UtcTicks) : BsonValue.Null;
            doc["dz"] = reading.DeviceTime.HasValue ? (int)reading.DeviceTime.Value.Offset.TotalMinutes : 0;
            doc["gt"] = reading.GatewayTime.UtcTicks;
            doc["ck"] = (int)reading.Clock;
            doc["q"] = (int)reading.Flags;
            return doc;
        }

        var alert = item.Alert ?? throw new InvalidOperationException("An outbox item is neither a reading nor an alert.");
        doc["t"] = "a";
        doc["p"] = alert.PatientId;
        doc["code"] = alert.Code;
        doc["sev"] = (int)alert.Severity;
        doc["sc"] = alert.Score.HasValue ? new BsonValue(alert.Score.Value) : BsonValue.Null;
        doc["gt"] = alert.RaisedAt.UtcTicks;
        doc["tr"] = alert.TriggerReadingId;
        return doc;
    }
}
