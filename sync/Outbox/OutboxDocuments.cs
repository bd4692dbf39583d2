using Edge.Core;
using LiteDB;

namespace Edge.Sync.Outbox;

/// <summary>
/// Hand-written BSON mapping of outbox items. Explicit short field names keep documents small (the SD card is the
/// budget) and avoid reflection on the commit path. Times are stored as UTC ticks so no time-zone conversion can
/// creep in.
/// </summary>
internal static class OutboxDocuments
{
    private const string KindField = "t";

    /// <summary>The document and the bytes it is accounted as (its BSON size).</summary>
    public static (BsonDocument Document, int Bytes) ToDocumentWithSize(long position, OutboxItem item)
    {
        var doc = ToDocument(position, item);
        var bytes = BsonSerializer.Serialize(doc).Length + 8;
        doc["z"] = bytes;
        return (doc, bytes);
    }

    public static BsonDocument ToDocument(long position, OutboxItem item)
    {
        var doc = new BsonDocument
        {
            ["_id"] = position,
            ["c"] = (int)item.Class,
            ["m"] = item.MessageId,
        };

        if (item.Stamp is { } stamp)
        {
            var routes = new BsonDocument();
            foreach (var (destination, transforms) in stamp.Routes)
            {
                routes[destination] = transforms;
            }

            doc["j"] = stamp.Jurisdiction;
            doc["rs"] = routes;
        }

        if (item.Reading is { } r)
        {
            doc[KindField] = "r";
            doc["d"] = r.DeviceId;
            doc["s"] = r.Seq;
            doc["p"] = r.PatientId;
            doc["k"] = (int)r.Kind;
            doc["v"] = r.Value;
            doc["dt"] = r.DeviceTime is { } dt ? new BsonValue(dt.UtcTicks) : BsonValue.Null;
            doc["dz"] = r.DeviceTime is { } dz ? (int)dz.Offset.TotalMinutes : 0;
            doc["gt"] = r.GatewayTime.UtcTicks;
            doc["ck"] = (int)r.Clock;
            doc["q"] = (int)r.Flags;
        }
        else
        {
            var a = item.Alert!;
            doc[KindField] = "a";
            doc["p"] = a.PatientId;
            doc["code"] = a.Code;
            doc["sev"] = (int)a.Severity;
            doc["sc"] = a.Score is { } sc ? new BsonValue(sc) : BsonValue.Null;
            doc["gt"] = a.RaisedAt.UtcTicks;
            doc["tr"] = a.TriggerReadingId;
        }

        return doc;
    }

    public static StoredItem FromDocument(BsonDocument doc)
    {
        var position = doc["_id"].AsInt64;
        var bytes = doc["z"].IsInt32 ? doc["z"].AsInt32 : 0;
        var id = doc["m"].AsGuid;
        if (doc[KindField].AsString == "r")
        {
            DateTimeOffset? deviceTime = doc["dt"].IsNull
                ? null
                : new DateTimeOffset(doc["dt"].AsInt64, TimeSpan.Zero).ToOffset(TimeSpan.FromMinutes(doc["dz"].AsInt32));
            var reading = new Reading(
                id,
                doc["d"].AsString,
                doc["s"].AsInt64,
                doc["p"].AsString,
                (VitalKind)doc["k"].AsInt32,
                doc["v"].AsDouble,
                deviceTime,
                new DateTimeOffset(doc["gt"].AsInt64, TimeSpan.Zero),
                (ClockTrust)doc["ck"].AsInt32,
                (QualityIssues)doc["q"].AsInt32);
            return new StoredItem(position, OutboxItem.ForReading(reading, (DataClass)doc["c"].AsInt32) with { Stamp = StampOf(doc) }, bytes);
        }

        var alert = new Alert(
            id,
            doc["p"].AsString,
            doc["code"].AsString,
            (AlertSeverity)doc["sev"].AsInt32,
            doc["sc"].IsNull ? null : doc["sc"].AsInt32,
            new DateTimeOffset(doc["gt"].AsInt64, TimeSpan.Zero),
            doc["tr"].AsGuid);
        return new StoredItem(position, OutboxItem.ForAlert(alert, (DataClass)doc["c"].AsInt32) with { Stamp = StampOf(doc) }, bytes);
    }

    private static RouteStamp? StampOf(BsonDocument doc)
    {
        if (!doc.TryGetValue("rs", out var rs) || !rs.IsDocument)
        {
            return null;
        }

        var routes = new List<(string, long)>(rs.AsDocument.Count);
        foreach (var (destination, transforms) in rs.AsDocument)
        {
            routes.Add((destination, transforms.AsInt64));
        }

        return new RouteStamp(doc["j"].AsString, routes);
    }
}
