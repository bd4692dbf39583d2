using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Edge.Provisioning.Diag;

/// <summary>
/// Takes secrets and PHI out of what goes into a diagnostics bundle. Config: every value under a secret-looking key
/// (password, secret, key, token, pin, sas, credential) becomes <c>***</c>; file paths stay (their content never
/// travels); the patient roster, device sources and serial port paths (they carry MACs and adapter serial numbers)
/// become <c>***</c>. Log lines: fields named like patient, value, address, label, source or serial are dropped, and
/// anything shaped like a MAC address is masked. Stateless and thread-safe.
/// </summary>
internal static partial class Redactor
{
    public const string Mask = "***";

    /// <summary>A copy of a config JSON tree with secrets and PHI masked.</summary>
    public static JsonNode? Config(JsonNode? node, string? parentKey = null)
    {
        switch (node)
        {
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    if (IsFileKey(key))
                    {
                        copy[key] = value?.DeepClone(); // a path; the file's content is never included
                    }
                    else if (IsSecretKey(key) || IsIdentifyingKey(key, parentKey))
                    {
                        copy[key] = value is null ? null : Mask;
                    }
                    else
                    {
                        copy[key] = Config(value, key);
                    }
                }

                return copy;
            case JsonArray array when string.Equals(parentKey, "Patients", StringComparison.OrdinalIgnoreCase):
                return JsonValue.Create($"{Mask} ({array.Count} patients)");
            case JsonArray array:
                var items = new JsonArray();
                foreach (var item in array)
                {
                    items.Add(Config(item, parentKey));
                }

                return items;
            case JsonValue value when value.TryGetValue<string>(out var text):
                return JsonValue.Create(MaskMacs(text));
            default:
                return node?.DeepClone();
        }
    }

    /// <summary>A log line with PHI fields dropped, or null when the line must not be included at all.</summary>
    public static string? LogLine(string line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return null;
        }

        JsonNode? node;
        try
        {
            node = JsonNode.Parse(line);
        }
        catch (System.Text.Json.JsonException)
        {
            return MaskMacs(line);
        }

        if (node is not JsonObject obj)
        {
            return MaskMacs(line);
        }

        var cleaned = new JsonObject();
        foreach (var (key, value) in obj)
        {
            if (IsPhiLogField(key))
            {
                continue;
            }

            cleaned[key] = value is JsonValue v && v.TryGetValue<string>(out var s) ? JsonValue.Create(MaskMacs(s)) : value?.DeepClone();
        }

        return cleaned.ToJsonString();
    }

    public static bool IsSecretKey(string key) => SecretKey().IsMatch(key);

    private static bool IsFileKey(string key) => key.EndsWith("File", StringComparison.Ordinal) || key.EndsWith("Path", StringComparison.Ordinal) && !key.Equals("Path", StringComparison.Ordinal) || key is "DataDirectory";

    // Serial port paths (by-id names carry adapter serial numbers), device sources (MACs) and patient labels.
    private static bool IsIdentifyingKey(string key, string? parentKey) =>
        key is "Source" or "Address" or "Label" or "Mac" || (key == "Path" && string.Equals(parentKey, "Ports", StringComparison.OrdinalIgnoreCase));

    private static bool IsPhiLogField(string key) => PhiLogField().IsMatch(key);

    private static string MaskMacs(string text) => Mac().Replace(text, Mask);

    [GeneratedRegex("(password|secret|key|token|pin|sas|credential)", RegexOptions.IgnoreCase)]
    private static partial Regex SecretKey();

    [GeneratedRegex("(patient|^values?$|address|label|source|serial|^mac$|^name$)", RegexOptions.IgnoreCase)]
    private static partial Regex PhiLogField();

    [GeneratedRegex("(?<![0-9A-Fa-f:])([0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}(?![0-9A-Fa-f:])")]
    private static partial Regex Mac();
}
