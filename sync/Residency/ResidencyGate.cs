using System.Collections.Concurrent;
using Edge.Core;
using Edge.Sync.Outbox;
using Edge.Sync.Wire;

namespace Edge.Sync.Residency;

/// <summary>What the gate decided for one item at enqueue.</summary>
public enum RouteKind : byte
{
    /// <summary>Queued in the outbox for at least one destination (stamped).</summary>
    Outbox,
    /// <summary>Retained on the appliance only, for <see cref="Routed.KeepLocalDays"/>.</summary>
    KeepLocal,
    /// <summary>No destination may have it and no rule keeps it: it is not stored.</summary>
    Denied,
}

/// <summary>The enqueue decision for one item.</summary>
/// <param name="Kind">Where it goes.</param>
/// <param name="Item">The item, stamped when <paramref name="Kind"/> is <see cref="RouteKind.Outbox"/>.</param>
/// <param name="KeepLocalDays">Retention for <see cref="RouteKind.KeepLocal"/>.</param>
public readonly record struct Routed(RouteKind Kind, OutboxItem Item, int KeepLocalDays);

/// <summary>
/// The residency choke point between the outbox and the uplinks. At enqueue, <see cref="Route"/> stamps each item
/// with the destinations the policy allows and the transforms each needs; at send, <see cref="TryRelease"/>
/// re-checks the stamp against the policy in force and applies the transforms, failing closed: an item leaves for a
/// destination only if both the stamp and the current policy allow it, with the stricter transforms of the two.
/// Both steps call the one pure <see cref="ResidencyEvaluator"/>; nothing else decides where data goes.
/// </summary>
/// <remarks>Thread-safe: the ingest stamps while each destination's uplink releases.</remarks>
public sealed class ResidencyGate
{
    private readonly Dictionary<string, Destination> _destinations;
    private readonly Func<string, string?> _patientJurisdiction;
    private readonly Pseudonymiser _pseudonymiser;
    private readonly ConcurrentDictionary<(DataClass, string, string), ResidencyDecision> _decisions = new();
    private readonly Destination _local = new(string.Empty, string.Empty, string.Empty);

    /// <param name="policy">The policy in force.</param>
    /// <param name="destinations">Every configured destination.</param>
    /// <param name="siteJurisdiction">The site's jurisdiction code.</param>
    /// <param name="patientJurisdiction">A patient's jurisdiction by patient id, or null to use the site's.</param>
    /// <param name="pseudonymiser">Keyed with the site secret.</param>
    /// <param name="audit">Counts every decision.</param>
    public ResidencyGate(
        ResidencyPolicy policy,
        IReadOnlyList<Destination> destinations,
        string siteJurisdiction,
        Func<string, string?> patientJurisdiction,
        Pseudonymiser pseudonymiser,
        ResidencyAudit audit)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(destinations);
        ArgumentException.ThrowIfNullOrEmpty(siteJurisdiction);
        Policy = policy;
        Destinations = destinations;
        _destinations = destinations.ToDictionary(d => d.Id, StringComparer.Ordinal);
        SiteJurisdiction = siteJurisdiction;
        _patientJurisdiction = patientJurisdiction;
        _pseudonymiser = pseudonymiser;
        Audit = audit;
    }

    /// <summary>
    /// A gate whose policy allows every class, identified, to the given destinations (ids with region <c>local</c>
    /// and purpose <c>care</c>). For delivery benchmarks and tests that are not about residency; the service always
    /// composes its gate from the configured policy file.
    /// </summary>
    public static ResidencyGate AllowingAll(params string[] destinationIds)
    {
        var policy = ResidencyPolicyParser.Parse("""{ "version": "allow-all", "rules": [ { "id": "all", "effect": "allow" } ] }"""u8, "allow-all");
        return new ResidencyGate(
            policy,
            destinationIds.Select(id => new Destination(id, "local", "care")).ToList(),
            "GB",
            _ => null,
            new Pseudonymiser(new byte[SiteSecret.Length]),
            new ResidencyAudit(policy));
    }

    /// <summary>The policy in force.</summary>
    public ResidencyPolicy Policy { get; }

    /// <summary>The configured destinations.</summary>
    public IReadOnlyList<Destination> Destinations { get; }

    /// <summary>The site's jurisdiction.</summary>
    public string SiteJurisdiction { get; }

    /// <summary>The decision counters.</summary>
    public ResidencyAudit Audit { get; }

    /// <summary>The destination with this id, if configured.</summary>
    public Destination? Find(string id) => _destinations.GetValueOrDefault(id);

    /// <summary>What the policy says for a class, patient jurisdiction and destination (for explanations and tests).</summary>
    public ResidencyDecision Decide(DataClass dataClass, string patientJurisdiction, Destination destination) =>
        _decisions.GetOrAdd((dataClass, patientJurisdiction, destination.Id), _ =>
            ResidencyEvaluator.Evaluate(Policy, new ResidencyFacts(dataClass, patientJurisdiction, SiteJurisdiction, destination)));

    /// <summary>Stamps one item at enqueue.</summary>
    public Routed Route(OutboxItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var jurisdiction = JurisdictionOf(item);

        // Keep-local rules never name destinations, so the decision without one is the keep-local answer for all.
        var local = Decide(item.Class, jurisdiction, _local);
        if (local.Effect == ResidencyEffect.KeepLocal)
        {
            Audit.Count(AuditStage.Enqueue, item.Class, "local", local);
            return new Routed(RouteKind.KeepLocal, item, local.KeepLocalDays);
        }

        List<(string, long)>? routes = null;
        foreach (var destination in Destinations)
        {
            var decision = Decide(item.Class, jurisdiction, destination);
            Audit.Count(AuditStage.Enqueue, item.Class, destination.Id, decision);
            if (decision.Effect == ResidencyEffect.Allow)
            {
                (routes ??= new List<(string, long)>(Destinations.Count)).Add((destination.Id, decision.Transforms.Pack()));
            }
        }

        return routes is null
            ? new Routed(RouteKind.Denied, item, 0)
            : new Routed(RouteKind.Outbox, item with { Stamp = new RouteStamp(jurisdiction, routes) }, 0);
    }

    /// <summary>
    /// The send-time re-check for one destination. True with the item as it may travel; false when it must not go
    /// there (the caller then releases it for this destination without sending).
    /// </summary>
    public bool TryRelease(OutboxItem item, string destinationId, out WireItem wire)
    {
        ArgumentNullException.ThrowIfNull(item);
        wire = default;
        if (!_destinations.TryGetValue(destinationId, out var destination))
        {
            return false;
        }

        TransformSet stamped;
        string jurisdiction;
        if (item.Stamp is { } stamp)
        {
            if (!stamp.TryGet(destinationId, out var packed))
            {
                Audit.Count(AuditStage.Send, item.Class, destinationId, ResidencyDecision.DefaultDeny with { RuleId = "not-stamped" });
                return false;
            }

            stamped = TransformSet.Unpack(packed);
            jurisdiction = stamp.Jurisdiction;
        }
        else
        {
            // Stored before residency existed: the current policy alone decides, on the patient's jurisdiction now.
            stamped = TransformSet.None;
            jurisdiction = JurisdictionOf(item);
        }

        var now = Decide(item.Class, jurisdiction, destination);
        Audit.Count(AuditStage.Send, item.Class, destinationId, now);
        if (now.Effect != ResidencyEffect.Allow)
        {
            return false;
        }

        wire = ResidencyTransforms.Apply(item, stamped.Stricter(now.Transforms), destinationId, _pseudonymiser);
        return true;
    }

    private string JurisdictionOf(OutboxItem item)
    {
        var patient = item.Reading?.PatientId ?? item.Alert!.PatientId;
        return _patientJurisdiction(patient) ?? SiteJurisdiction;
    }
}
