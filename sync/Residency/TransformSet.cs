using Edge.Sync.Wire;

namespace Edge.Sync.Residency;

/// <summary>
/// What must happen to an item before it leaves for one destination: pseudonymise its identifiers, floor its times,
/// and drop optional fields. Packs into one <see cref="long"/> so a stamp costs a few bytes per destination.
/// </summary>
public readonly record struct TransformSet(bool Pseudonymise, TimeGranularity TruncateTime, WireFields DropFields)
{
    /// <summary>Nothing changes.</summary>
    public static TransformSet None => default;

    /// <summary>Whether anything changes at all.</summary>
    public bool IsNone => !Pseudonymise && TruncateTime == TimeGranularity.None && DropFields == WireFields.None;

    /// <summary>
    /// The stricter combination of two sets: pseudonymise if either does, the coarser time, the union of dropped
    /// fields. Used to re-check a stamp at send: a relaxed policy never loosens what was stamped.
    /// </summary>
    public TransformSet Stricter(TransformSet other) => new(
        Pseudonymise || other.Pseudonymise,
        (TimeGranularity)Math.Max((int)TruncateTime, (int)other.TruncateTime),
        DropFields | other.DropFields);

    /// <summary>The packed form stored in outbox stamps.</summary>
    public long Pack() => (Pseudonymise ? 1L : 0L) | ((long)TruncateTime << 8) | ((long)DropFields << 16);

    /// <summary>Reads a packed form.</summary>
    public static TransformSet Unpack(long packed) => new(
        (packed & 1) != 0,
        (TimeGranularity)((packed >> 8) & 0xFF),
        (WireFields)((packed >> 16) & 0xFFFF));

    /// <summary>A short, PHI-free description for the audit log: <c>pseudonymise+truncate-time:hour+drop:device,seq</c>.</summary>
    public override string ToString()
    {
        if (IsNone)
        {
            return "none";
        }

        var parts = new List<string>(3);
        if (Pseudonymise)
        {
            parts.Add("pseudonymise");
        }

        if (TruncateTime != TimeGranularity.None)
        {
            parts.Add("truncate-time:" + TimeGranularities.Name(TruncateTime));
        }

        if (DropFields != WireFields.None)
        {
            parts.Add("drop:" + string.Join(',', DroppableFields.Names(DropFields)));
        }

        return string.Join('+', parts);
    }
}
