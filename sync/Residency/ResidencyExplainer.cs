using Edge.Sync.Outbox;

namespace Edge.Sync.Residency;

/// <summary>One rule's part in an explanation: whether it matched, and if not, the first matcher that did not.</summary>
/// <param name="RuleId">The rule.</param>
/// <param name="Line">Its line in the policy file.</param>
/// <param name="Effect">What it would do.</param>
/// <param name="Matched">Whether every matcher matched.</param>
/// <param name="Reason">For a rule that did not match, why (e.g. <c>region 'us-east-1' is not in [eu-*]</c>).</param>
public sealed record RuleVerdict(string RuleId, int Line, string Effect, bool Matched, string? Reason);

/// <summary>
/// Explains a decision for people (<c>edgectl policy explain</c>): the decision from <see cref="ResidencyEvaluator"/>
/// itself, plus each rule's verdict. Pure, like the evaluator.
/// </summary>
public static class ResidencyExplainer
{
    /// <summary>The decision and every rule's verdict, in file order.</summary>
    public static (ResidencyDecision Decision, IReadOnlyList<RuleVerdict> Rules) Explain(ResidencyPolicy policy, in ResidencyFacts facts)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var verdicts = new List<RuleVerdict>(policy.Rules.Count);
        foreach (var rule in policy.Rules)
        {
            var reason = WhyNot(rule, facts);
            verdicts.Add(new RuleVerdict(rule.Id, rule.Line, ResidencyEffects.Name(rule.Effect), reason is null, reason));
        }

        return (ResidencyEvaluator.Evaluate(policy, facts), verdicts);
    }

    private static string? WhyNot(ResidencyRule rule, ResidencyFacts facts)
    {
        if (ResidencyEvaluator.Matches(rule, facts))
        {
            return null;
        }

        // Test each matcher alone, in the order the file names them, and report the first that fails.
        var all = new ResidencyRule { Id = rule.Id };
        if (!ResidencyEvaluator.Matches(all with { Classes = rule.Classes }, facts))
        {
            return $"class '{OutboxClasses.Name(facts.Class)}' is not in [{string.Join(", ", rule.Classes!.Select(OutboxClasses.Name))}]";
        }

        if (!ResidencyEvaluator.Matches(all with { PatientJurisdictions = rule.PatientJurisdictions }, facts))
        {
            return $"patient jurisdiction '{facts.PatientJurisdiction}' is not in [{string.Join(", ", rule.PatientJurisdictions!)}]";
        }

        if (!ResidencyEvaluator.Matches(all with { SiteJurisdictions = rule.SiteJurisdictions }, facts))
        {
            return $"site jurisdiction '{facts.SiteJurisdiction}' is not in [{string.Join(", ", rule.SiteJurisdictions!)}]";
        }

        if (!ResidencyEvaluator.Matches(all with { DestinationIds = rule.DestinationIds }, facts))
        {
            return $"destination '{facts.Destination.Id}' is not in [{string.Join(", ", rule.DestinationIds!)}]";
        }

        if (!ResidencyEvaluator.Matches(all with { Regions = rule.Regions }, facts))
        {
            return $"region '{facts.Destination.Region}' is not in [{string.Join(", ", rule.Regions!)}]";
        }

        return $"purpose '{facts.Destination.Purpose}' is not in [{string.Join(", ", rule.Purposes!)}]";
    }
}
