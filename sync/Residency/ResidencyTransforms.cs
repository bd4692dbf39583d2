using Edge.Sync.Outbox;
using Edge.Sync.Wire;

namespace Edge.Sync.Residency;

/// <summary>
/// Applies a <see cref="TransformSet"/> to an item for one destination. Pure given the pseudonymiser's key: the
/// same item, transforms and destination always give the same output.
/// </summary>
public static class ResidencyTransforms
{
    /// <summary>The item as it may travel to <paramref name="destination"/>.</summary>
    public static WireItem Apply(OutboxItem item, TransformSet transforms, string destination, Pseudonymiser pseudonymiser)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(pseudonymiser);
        if (transforms.IsNone)
        {
            return new WireItem(item, WireFields.None);
        }

        // Any transform re-keys ids: UUIDv7 ids carry the exact creation time and would link the record to its
        // untransformed twin elsewhere. Drop-fields alone keeps nothing identifying in the id, but re-keying it too
        // keeps the rule simple: a transformed stream never shares an id with another stream.
        var truncate = transforms.TruncateTime;
        if (item.Reading is { } r)
        {
            var reading = r with
            {
                Id = pseudonymiser.Rekey(destination, r.Id),
                PatientId = transforms.Pseudonymise ? pseudonymiser.Pseudonym(destination, "patient", r.PatientId) : r.PatientId,
                DeviceId = transforms.Pseudonymise ? pseudonymiser.Pseudonym(destination, "device", r.DeviceId) : r.DeviceId,
                GatewayTime = TimeGranularities.Floor(r.GatewayTime, truncate),
                DeviceTime = r.DeviceTime is { } dt && truncate != TimeGranularity.None
                    ? TimeGranularities.Floor(dt, truncate).ToOffset(dt.Offset)
                    : r.DeviceTime,
            };
            return new WireItem(OutboxItem.ForReading(reading, item.Class), transforms.DropFields);
        }

        var a = item.Alert!;
        var alert = a with
        {
            Id = pseudonymiser.Rekey(destination, a.Id),
            PatientId = transforms.Pseudonymise ? pseudonymiser.Pseudonym(destination, "patient", a.PatientId) : a.PatientId,
            RaisedAt = TimeGranularities.Floor(a.RaisedAt, truncate),
            TriggerReadingId = pseudonymiser.Rekey(destination, a.TriggerReadingId),
        };
        return new WireItem(OutboxItem.ForAlert(alert, item.Class), transforms.DropFields);
    }
}
