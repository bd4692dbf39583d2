using Edge.Core;

namespace Edge.Sync.Residency;

/// <summary>What a rule does with the data it matches.</summary>
public enum ResidencyEffect : byte
{
    /// <summary>Not sent to the destination. Also the answer when no rule matches (default deny).</summary>
    Deny = 0,
    /// <summary>Sent, after the rule's transforms.</summary>
    Allow = 1,
    /// <summary>Never sent anywhere; retained on the appliance for the rule's days.</summary>
    KeepLocal = 2,
}

/// <summary>A destination as the policy sees it: an id, the region it processes data in, and what it is for.</summary>
/// <param name="Id">The configured destination id (a topic-safe name).</param>
/// <param name="Region">Where the destination processes the data, e.g. <c>eu-de</c>, <c>au-east</c>, <c>us-east-1</c>.</param>
/// <param name="Purpose">What it uses the data for, e.g. <c>care</c>, <c>research</c>, <c>billing</c>.</param>
public sealed record Destination(string Id, string Region, string Purpose);

/// <summary>The facts one decision is made on. No PHI: a class, two jurisdiction codes and a destination.</summary>
/// <param name="Class">The item's data class.</param>
/// <param name="PatientJurisdiction">The patient's jurisdiction (ISO 3166 code, optional subdivision), e.g. <c>DE</c>, <c>AU-NSW</c>.</param>
/// <param name="SiteJurisdiction">The site's jurisdiction.</param>
/// <param name="Destination">Where the item would go.</param>
public readonly record struct ResidencyFacts(DataClass Class, string PatientJurisdiction, string SiteJurisdiction, Destination Destination);

/// <summary>One decision: the effect, the transforms to apply before sending, and the rule that decided.</summary>
/// <param name="Effect">Allow, deny or keep-local.</param>
/// <param name="Transforms">What to apply before sending (only for <see cref="ResidencyEffect.Allow"/>).</param>
/// <param name="KeepLocalDays">Days to retain locally (only for <see cref="ResidencyEffect.KeepLocal"/>).</param>
/// <param name="RuleId">The deciding rule, or null when no rule matched (default deny).</param>
public readonly record struct ResidencyDecision(ResidencyEffect Effect, TransformSet Transforms, int KeepLocalDays, string? RuleId)
{
    /// <summary>The default: no rule matched, so nothing is sent.</summary>
    public static ResidencyDecision DefaultDeny => new(ResidencyEffect.Deny, TransformSet.None, 0, null);

    /// <summary>The decision name used in the audit log and <c>edgectl policy explain</c>.</summary>
    public string EffectName => ResidencyEffects.Name(Effect);
}

/// <summary>Names of <see cref="ResidencyEffect"/> as written in policy files.</summary>
public static class ResidencyEffects
{
    /// <summary>The policy-file name of an effect.</summary>
    public static string Name(ResidencyEffect effect) => effect switch
    {
        ResidencyEffect.Allow => "allow",
        ResidencyEffect.KeepLocal => "keep-local",
        _ => "deny",
    };
}

/// <summary>
/// One rule of a policy. Every matcher list is "any of"; an absent matcher matches everything. Jurisdiction
/// matchers are codes (<c>DE</c> also matches <c>DE-BY</c>), <c>*</c>, or <c>@group</c>; region matchers are exact
/// or end in <c>*</c> (<c>eu-*</c>).
/// </summary>
public sealed record ResidencyRule
{
    /// <summary>The rule's id, unique in the file; named in errors, the audit log and explanations.</summary>
    public required string Id { get; init; }

    /// <summary>The line of the rule in its file (1-based), for messages.</summary>
    public int Line { get; init; }

    /// <summary>What the rule does.</summary>
    public ResidencyEffect Effect { get; init; }

    /// <summary>Classes matched; null = all.</summary>
    public IReadOnlySet<DataClass>? Classes { get; init; }

    /// <summary>Patient jurisdictions matched (already expanded from groups); null = all.</summary>
    public IReadOnlyList<string>? PatientJurisdictions { get; init; }

    /// <summary>Site jurisdictions matched (already expanded from groups); null = all.</summary>
    public IReadOnlyList<string>? SiteJurisdictions { get; init; }

    /// <summary>Destination ids matched; null = all.</summary>
    public IReadOnlyList<string>? DestinationIds { get; init; }

    /// <summary>Destination regions matched (exact or trailing <c>*</c>); null = all.</summary>
    public IReadOnlyList<string>? Regions { get; init; }

    /// <summary>Destination purposes matched; null = all.</summary>
    public IReadOnlyList<string>? Purposes { get; init; }

    /// <summary>Transforms of an allow rule.</summary>
    public TransformSet Transforms { get; init; }

    /// <summary>Retention of a keep-local rule.</summary>
    public int KeepLocalDays { get; init; }
}

/// <summary>A parsed, validated residency policy. Immutable; evaluate it with <see cref="ResidencyEvaluator"/>.</summary>
public sealed record ResidencyPolicy
{
    /// <summary>The version the file declares, written to every audit record.</summary>
    public required string Version { get; init; }

    /// <summary>First 12 hex digits of the SHA-256 of the file's bytes: which exact file decided.</summary>
    public required string Digest { get; init; }

    /// <summary>The rules, in file order (order does not change decisions).</summary>
    public required IReadOnlyList<ResidencyRule> Rules { get; init; }

    /// <summary>A policy with no rules: everything is denied.</summary>
    public static ResidencyPolicy DenyAll { get; } = new() { Version = "none", Digest = "000000000000", Rules = [] };

    /// <summary>Reads and validates a policy file.</summary>
    /// <exception cref="ResidencyPolicyException">The file is missing, unreadable or invalid; the message names the line and rule.</exception>
    public static ResidencyPolicy Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ResidencyPolicyException($"{path}: cannot read the residency policy ({ex.GetType().Name}: {ex.Message})", ex);
        }

        return ResidencyPolicyParser.Parse(bytes, path);
    }
}

/// <summary>A residency policy file is invalid. The message names the file, the line and the rule.</summary>
public sealed class ResidencyPolicyException : Exception
{
    public ResidencyPolicyException()
    {
    }

    public ResidencyPolicyException(string message)
        : base(message)
    {
    }

    public ResidencyPolicyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
