namespace Edge.Sync.Outbox;

/// <summary>
/// The residency decision stamped on an item at enqueue: the patient's jurisdiction it was decided on, and for each
/// destination the item may go to, the transforms it must get. A destination that is not listed receives nothing,
/// whatever a later policy says; the send-time re-check can only narrow this.
/// </summary>
/// <param name="Jurisdiction">The patient jurisdiction the decision used (kept so the re-check uses the same facts).</param>
/// <param name="Routes">Destination id and packed <c>TransformSet</c>, one per allowed destination.</param>
public sealed record RouteStamp(string Jurisdiction, IReadOnlyList<(string Destination, long Transforms)> Routes)
{
    /// <summary>Whether the item was stamped for <paramref name="destination"/>, and with which packed transforms.</summary>
    public bool TryGet(string destination, out long transforms)
    {
        foreach (var (d, t) in Routes)
        {
            if (string.Equals(d, destination, StringComparison.Ordinal))
            {
                transforms = t;
                return true;
            }
        }

        transforms = 0;
        return false;
    }

    /// <summary>The same stamp without <paramref name="destination"/> (after that destination acknowledged it).</summary>
    public RouteStamp Without(string destination) =>
        this with { Routes = Routes.Where(r => !string.Equals(r.Destination, destination, StringComparison.Ordinal)).ToArray() };
}
