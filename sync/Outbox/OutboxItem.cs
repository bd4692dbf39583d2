using Edge.Core;

namespace Edge.Sync.Outbox;

/// <summary>
/// One message-to-be: a reading or an alert, with its data class. Exactly one of <see cref="Reading"/> and
/// <see cref="Alert"/> is set.
/// </summary>
public sealed record OutboxItem
{
    private OutboxItem(DataClass dataClass, Reading? reading, Alert? alert)
    {
        Class = dataClass;
        Reading = reading;
        Alert = alert;
    }

    /// <summary>The data class: drives lanes, quotas and residency.</summary>
    public DataClass Class { get; }

    /// <summary>The reading, when this item is one.</summary>
    public Reading? Reading { get; }

    /// <summary>The alert, when this item is one.</summary>
    public Alert? Alert { get; }

    /// <summary>
    /// The residency stamp made at enqueue: the destinations this item may go to. Null only for items that never
    /// passed the gate (stores written before residency existed); the send-time check then decides alone.
    /// </summary>
    public RouteStamp? Stamp { get; init; }

    /// <summary>The stable message id of the reading or alert.</summary>
    public Guid MessageId => Reading?.Id ?? Alert!.Id;

    /// <summary>Wraps a reading, by default as <see cref="DataClass.Vitals"/>.</summary>
    /// <exception cref="ArgumentException">The class is <see cref="DataClass.Alarm"/>, which is for alerts.</exception>
    public static OutboxItem ForReading(Reading reading, DataClass dataClass = DataClass.Vitals)
    {
        ArgumentNullException.ThrowIfNull(reading);
        if (dataClass == DataClass.Alarm)
        {
            throw new ArgumentException("Readings cannot travel in the alarm class; raise an alert instead.", nameof(dataClass));
        }

        return new OutboxItem(dataClass, reading, null);
    }

    /// <summary>Wraps an alert, by default as <see cref="DataClass.Alarm"/>; advisories may travel as vitals.</summary>
    public static OutboxItem ForAlert(Alert alert, DataClass dataClass = DataClass.Alarm)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return new OutboxItem(dataClass, null, alert);
    }
}
