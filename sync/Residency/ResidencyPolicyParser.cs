using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Edge.Core;
using Edge.Sync.Outbox;
using Edge.Sync.Wire;

namespace Edge.Sync.Residency;

/// <summary>
/// Parses and validates a residency policy file (JSON; <c>//</c> comments allowed). Every error names the file, the
/// line, the rule id where there is one, and what is accepted, e.g.
/// <c>policy.json:14: rule 'research-us': unknown class 'vital' (expected vitals, alarm, waveform, device-event, diagnostics)</c>.
/// Unknown keys are errors, so a typo can never silently widen or narrow a rule.
/// </summary>
public static partial class ResidencyPolicyParser
{
    private static readonly string[] TopKeys = ["version", "groups", "rules", "description"];
    private static readonly string[] RuleKeys = ["id", "effect", "classes", "patientJurisdictions", "siteJurisdictions", "destinations", "transforms", "keepLocalDays", "description"];
    private static readonly string[] DestinationKeys = ["ids", "regions", "purposes"];
    private static readonly string[] TransformKeys = ["pseudonymise", "truncateTime", "dropFields"];

    /// <summary>Parses policy bytes; <paramref name="source"/> names the file in messages.</summary>
    /// <exception cref="ResidencyPolicyException">The policy is invalid.</exception>
    public static ResidencyPolicy Parse(ReadOnlySpan<byte> utf8, string source)
    {
        var chars = new char[utf8.Length];
        if (System.Text.Unicode.Utf8.ToUtf16(utf8, chars, out var valid, out _, replaceInvalidSequences: false) != System.Buffers.OperationStatus.Done)
        {
            var line = 1 + utf8[..valid].Count((byte)'\n');
            throw new ResidencyPolicyException($"{source}:{line}: not valid UTF-8 text (byte {valid}); save the policy as UTF-8");
        }

        var lines = LineMap.Scan(utf8, source);
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(utf8, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            throw new ResidencyPolicyException($"{source}:{(ex.LineNumber ?? 0) + 1}: not valid JSON ({ex.Message})", ex);
        }

        var context = new Context(source, lines);
        if (root is not JsonObject top)
        {
            throw context.Error("", null, "the policy must be a JSON object with \"version\" and \"rules\"");
        }

        context.CheckKeys(top, "", null, TopKeys);
        var version = context.RequiredString(top, "", null, "version");
        if (!VersionPattern().IsMatch(version))
        {
            throw context.Error("/version", null, $"version '{Clip(version)}' must be 1-64 characters of letters, digits, '.', '-' or '_'");
        }

        var groups = ParseGroups(top, context);
        if (top["rules"] is not JsonArray rules)
        {
            throw context.Error(top.ContainsKey("rules") ? "/rules" : "", null, "\"rules\" must be an array of rules (an empty array denies everything)");
        }

        var parsed = new List<ResidencyRule>(rules.Count);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = ParseRule(rules[i], $"/rules/{i}", groups, context);
            if (!ids.Add(rule.Id))
            {
                throw context.Error($"/rules/{i}/id", rule.Id, "the rule id is used twice; ids must be unique");
            }

            parsed.Add(rule);
        }

        return new ResidencyPolicy
        {
            Version = version,
            Digest = Convert.ToHexStringLower(SHA256.HashData(utf8))[..12],
            Rules = parsed,
        };
    }

    private static Dictionary<string, string[]> ParseGroups(JsonObject top, Context context)
    {
        var groups = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (top["groups"] is null)
        {
            return groups;
        }

        if (top["groups"] is not JsonObject obj)
        {
            throw context.Error("/groups", null, "\"groups\" must be an object of group name -> list of jurisdiction codes");
        }

        foreach (var (name, value) in obj)
        {
            var path = "/groups/" + name;
            if (!GroupNamePattern().IsMatch(name))
            {
                throw context.Error(path, null, $"group name '{Clip(name)}' must be lower-case letters, digits or '-'");
            }

            var codes = context.StringList(value, path, null, "a group");
            foreach (var code in codes)
            {
                if (!JurisdictionPattern().IsMatch(code))
                {
                    throw context.Error(path, null, $"group '{name}': '{Clip(code)}' is not a jurisdiction code (ISO 3166 alpha-2, optionally '-' and a subdivision, e.g. DE, AU-NSW)");
                }
            }

            groups[name] = [.. codes];
        }

        return groups;
    }

    private static ResidencyRule ParseRule(JsonNode? node, string path, Dictionary<string, string[]> groups, Context context)
    {
        if (node is not JsonObject rule)
        {
            throw context.Error(path, null, "each rule must be an object");
        }

        var id = context.RequiredString(rule, path, null, "id");
        if (!RuleIdPattern().IsMatch(id))
        {
            throw context.Error(path + "/id", null, $"rule id '{Clip(id)}' must be 1-64 characters of letters, digits, '.', '-' or '_'");
        }

        context.CheckKeys(rule, path, id, RuleKeys);
        var effectText = context.RequiredString(rule, path, id, "effect");
        var effect = effectText switch
        {
            "allow" => ResidencyEffect.Allow,
            "deny" => ResidencyEffect.Deny,
            "keep-local" => ResidencyEffect.KeepLocal,
            _ => throw context.Error(path + "/effect", id, $"unknown effect '{Clip(effectText)}' (expected allow, deny or keep-local)"),
        };

        var classes = ParseClasses(rule, path, id, context);
        var patient = ParseJurisdictions(rule, "patientJurisdictions", path, id, groups, context);
        var site = ParseJurisdictions(rule, "siteJurisdictions", path, id, groups, context);
        var (ids, regions, purposes) = ParseDestinations(rule, path, id, context);
        var transforms = ParseTransforms(rule, path, id, context);
        var days = 0;
        if (rule["keepLocalDays"] is { } daysNode)
        {
            if (effect != ResidencyEffect.KeepLocal)
            {
                throw context.Error(path + "/keepLocalDays", id, "\"keepLocalDays\" only applies to keep-local rules");
            }

            if (daysNode.GetValueKind() != JsonValueKind.Number || !daysNode.AsValue().TryGetValue(out days) || days is < 1 or > 3650)
            {
                throw context.Error(path + "/keepLocalDays", id, "\"keepLocalDays\" must be a whole number of days from 1 to 3650");
            }
        }
        else if (effect == ResidencyEffect.KeepLocal)
        {
            throw context.Error(path, id, "a keep-local rule needs \"keepLocalDays\" (1 to 3650): how long the appliance keeps the data");
        }

        if (effect == ResidencyEffect.KeepLocal && (ids ?? regions ?? purposes) is not null)
        {
            throw context.Error(path + "/destinations", id, "a keep-local rule applies to every destination; remove \"destinations\" (use deny to block one destination)");
        }

        if (effect != ResidencyEffect.Allow && rule["transforms"] is not null)
        {
            throw context.Error(path + "/transforms", id, "only allow rules take \"transforms\": a " + effectText + " rule sends nothing to transform");
        }

        return new ResidencyRule
        {
            Id = id,
            Line = context.Lines.LineOf(path),
            Effect = effect,
            Classes = classes,
            PatientJurisdictions = patient,
            SiteJurisdictions = site,
            DestinationIds = ids,
            Regions = regions,
            Purposes = purposes,
            Transforms = transforms,
            KeepLocalDays = days,
        };
    }

    private static HashSet<DataClass>? ParseClasses(JsonObject rule, string path, string id, Context context)
    {
        if (rule["classes"] is not { } node)
        {
            return null;
        }

        var names = context.StringList(node, path + "/classes", id, "\"classes\"");
        if (names.Contains("*"))
        {
            return null;
        }

        var classes = new HashSet<DataClass>();
        foreach (var name in names)
        {
            var match = OutboxClasses.All.Where(c => OutboxClasses.Name(c) == name).ToList();
            if (match.Count == 0)
            {
                throw context.Error(path + "/classes", id, $"unknown class '{Clip(name)}' (expected {string.Join(", ", OutboxClasses.All.Select(OutboxClasses.Name))} or *)");
            }

            classes.Add(match[0]);
        }

        return classes;
    }

    private static List<string>? ParseJurisdictions(JsonObject rule, string key, string path, string id, Dictionary<string, string[]> groups, Context context)
    {
        if (rule[key] is not { } node)
        {
            return null;
        }

        var result = new List<string>();
        foreach (var code in context.StringList(node, path + "/" + key, id, "\"" + key + "\""))
        {
            if (code == "*")
            {
                return null;
            }

            if (code.StartsWith('@'))
            {
                if (!groups.TryGetValue(code[1..], out var members))
                {
                    throw context.Error(path + "/" + key, id, $"unknown group '{Clip(code)}' (define it under \"groups\")");
                }

                result.AddRange(members);
            }
            else if (JurisdictionPattern().IsMatch(code))
            {
                result.Add(code);
            }
            else
            {
                throw context.Error(path + "/" + key, id, $"'{Clip(code)}' is not a jurisdiction code (ISO 3166 alpha-2, optionally '-' and a subdivision, e.g. DE, AU-NSW; or * or @group)");
            }
        }

        return result;
    }

    private static (List<string>? Ids, List<string>? Regions, List<string>? Purposes) ParseDestinations(JsonObject rule, string path, string id, Context context)
    {
        if (rule["destinations"] is null)
        {
            return (null, null, null);
        }

        var dpath = path + "/destinations";
        if (rule["destinations"] is not JsonObject destinations)
        {
            throw context.Error(dpath, id, "\"destinations\" must be an object with any of \"ids\", \"regions\", \"purposes\"");
        }

        context.CheckKeys(destinations, dpath, id, DestinationKeys);
        return (
            Names(destinations, "ids", NamePattern()),
            Names(destinations, "regions", RegionPattern()),
            Names(destinations, "purposes", NamePattern()));

        List<string>? Names(JsonObject obj, string key, Regex pattern)
        {
            if (obj[key] is not { } node)
            {
                return null;
            }

            var values = context.StringList(node, dpath + "/" + key, id, "\"" + key + "\"");
            if (values.Contains("*"))
            {
                return null;
            }

            foreach (var v in values)
            {
                if (!pattern.IsMatch(v))
                {
                    throw context.Error(dpath + "/" + key, id, $"'{Clip(v)}' is not a valid {key[..^1]} (lower-case letters, digits, '-' and '_'" + (key == "regions" ? ", optionally ending in *)" : ")"));
                }
            }

            return values;
        }
    }

    private static TransformSet ParseTransforms(JsonObject rule, string path, string id, Context context)
    {
        if (rule["transforms"] is null)
        {
            return TransformSet.None;
        }

        var tpath = path + "/transforms";
        if (rule["transforms"] is not JsonObject transforms)
        {
            throw context.Error(tpath, id, "\"transforms\" must be an object with any of \"pseudonymise\", \"truncateTime\", \"dropFields\"");
        }

        context.CheckKeys(transforms, tpath, id, TransformKeys);
        var pseudonymise = false;
        if (transforms["pseudonymise"] is { } p)
        {
            if (p.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
            {
                throw context.Error(tpath + "/pseudonymise", id, "\"pseudonymise\" must be true or false");
            }

            pseudonymise = p.GetValue<bool>();
        }

        var granularity = TimeGranularity.None;
        if (transforms["truncateTime"] is { } t)
        {
            var text = t.GetValueKind() == JsonValueKind.String ? t.GetValue<string>() : null;
            if (!TimeGranularities.TryParse(text, out granularity))
            {
                throw context.Error(tpath + "/truncateTime", id, $"\"truncateTime\" must be one of {TimeGranularities.Accepted}");
            }
        }

        var drop = WireFields.None;
        if (transforms["dropFields"] is { } d)
        {
            foreach (var name in context.StringList(d, tpath + "/dropFields", id, "\"dropFields\""))
            {
                if (!DroppableFields.TryParse(name, out var field))
                {
                    throw context.Error(tpath + "/dropFields", id, $"'{Clip(name)}' cannot be dropped (droppable: {DroppableFields.Accepted}; ids, codes, values, units and times are always sent — use pseudonymise and truncateTime for those)");
                }

                drop |= field;
            }
        }

        return new TransformSet(pseudonymise, granularity, drop);
    }

    /// <summary>Quotes at most 40 characters of untrusted text in a message.</summary>
    private static string Clip(string text) => text.Length <= 40 ? text : text[..40] + "…";

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex VersionPattern();

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex RuleIdPattern();

    [GeneratedRegex("^[a-z0-9-]{1,32}$")]
    private static partial Regex GroupNamePattern();

    [GeneratedRegex("^[A-Z]{2}(-[A-Z0-9]{1,3})?$")]
    private static partial Regex JurisdictionPattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,62}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,62}\\*?$")]
    private static partial Regex RegionPattern();

    private sealed class Context(string source, LineMap lines)
    {
        public LineMap Lines { get; } = lines;

        public ResidencyPolicyException Error(string path, string? ruleId, string message) =>
            new($"{source}:{Lines.LineOf(path)}: " + (ruleId is null ? string.Empty : $"rule '{ruleId}': ") + message);

        public void CheckKeys(JsonObject obj, string path, string? ruleId, string[] allowed)
        {
            foreach (var (key, _) in obj)
            {
                if (!allowed.Contains(key, StringComparer.Ordinal))
                {
                    throw Error(path + "/" + key, ruleId, $"unknown key \"{Clip(key)}\" (expected {string.Join(", ", allowed)})");
                }
            }
        }

        public string RequiredString(JsonObject obj, string path, string? ruleId, string key)
        {
            if (obj[key] is { } node && node.GetValueKind() == JsonValueKind.String && node.GetValue<string>() is { Length: > 0 } text)
            {
                return text;
            }

            throw Error(obj.ContainsKey(key) ? path + "/" + key : path, ruleId, $"\"{key}\" is required and must be a non-empty string");
        }

        public List<string> StringList(JsonNode? node, string path, string? ruleId, string what)
        {
            if (node is not JsonArray array || array.Count == 0)
            {
                throw Error(path, ruleId, what + " must be a non-empty array of strings (leave the key out to match everything)");
            }

            var result = new List<string>(array.Count);
            foreach (var item in array)
            {
                if (item is null || item.GetValueKind() != JsonValueKind.String)
                {
                    throw Error(path, ruleId, what + " must contain strings only");
                }

                result.Add(item.GetValue<string>());
            }

            return result;
        }
    }
}
