namespace Edge.Sync.Residency;

/// <summary>
/// The one place that decides where data may go. Pure: no I/O, no clock, no state; the same policy and facts always
/// give the same decision.
/// </summary>
/// <remarks>
/// Order-independent precedence among the rules that match: keep-local beats deny, deny beats allow, and with no
/// matching rule the answer is deny. Several matching allow rules combine into the strictest transforms, so adding an
/// allow rule can never loosen what another allow rule demands.
/// </remarks>
public static class ResidencyEvaluator
{
    /// <summary>Decides what happens to an item with these facts.</summary>
    public static ResidencyDecision Evaluate(ResidencyPolicy policy, in ResidencyFacts facts)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ResidencyRule? keepLocal = null;
        ResidencyRule? deny = null;
        ResidencyRule? allow = null;
        var transforms = TransformSet.None;
        foreach (var rule in policy.Rules)
        {
            if (!Matches(rule, facts))
            {
                continue;
            }

            switch (rule.Effect)
            {
                case ResidencyEffect.KeepLocal:
                    if (keepLocal is null || rule.KeepLocalDays > keepLocal.KeepLocalDays)
                    {
                        keepLocal = rule;
                    }

                    break;
                case ResidencyEffect.Deny:
                    deny ??= rule;
                    break;
                default:
                    allow ??= rule;
                    transforms = transforms.Stricter(rule.Transforms);
                    break;
            }
        }

        if (keepLocal is not null)
        {
            return new ResidencyDecision(ResidencyEffect.KeepLocal, TransformSet.None, keepLocal.KeepLocalDays, keepLocal.Id);
        }

        if (deny is not null)
        {
            return new ResidencyDecision(ResidencyEffect.Deny, TransformSet.None, 0, deny.Id);
        }

        return allow is null
            ? ResidencyDecision.DefaultDeny
            : new ResidencyDecision(ResidencyEffect.Allow, transforms, 0, allow.Id);
    }

    /// <summary>Whether a rule applies to the facts (every present matcher must match).</summary>
    public static bool Matches(ResidencyRule rule, in ResidencyFacts facts)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return (rule.Classes is null || rule.Classes.Contains(facts.Class))
            && MatchesJurisdiction(rule.PatientJurisdictions, facts.PatientJurisdiction)
            && MatchesJurisdiction(rule.SiteJurisdictions, facts.SiteJurisdiction)
            && (rule.DestinationIds is null || rule.DestinationIds.Contains(facts.Destination.Id, StringComparer.Ordinal))
            && MatchesGlob(rule.Regions, facts.Destination.Region)
            && (rule.Purposes is null || rule.Purposes.Contains(facts.Destination.Purpose, StringComparer.Ordinal));
    }

    /// <summary><c>DE</c> matches <c>DE</c> and its subdivisions (<c>DE-BY</c>); <c>*</c> matches any.</summary>
    private static bool MatchesJurisdiction(IReadOnlyList<string>? patterns, string jurisdiction)
    {
        if (patterns is null)
        {
            return true;
        }

        foreach (var p in patterns)
        {
            if (p == "*"
                || string.Equals(p, jurisdiction, StringComparison.Ordinal)
                || (jurisdiction.Length > p.Length && jurisdiction[p.Length] == '-' && jurisdiction.StartsWith(p, StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }

    private static bool MatchesGlob(IReadOnlyList<string>? patterns, string value)
    {
        if (patterns is null)
        {
            return true;
        }

        foreach (var p in patterns)
        {
            if (p.EndsWith('*')
                ? value.StartsWith(p.AsSpan(0, p.Length - 1), StringComparison.Ordinal)
                : string.Equals(p, value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
