using System.Reflection;
using System.Text.Json;
using Edge.Sync.Uplink;

namespace Edge.Provisioning.Config;

/// <summary>
/// Validates a residency policy file with the gateway's own loader, <c>Edge.Sync.Residency.ResidencyPolicy.Load(path)</c>,
/// when the referenced Edge.Sync has it; otherwise it only checks that the file is a JSON document.
/// </summary>
internal static class PolicyValidation
{
    // TODO: call ResidencyPolicy.Load directly once sync/Residency has landed; found by name so edgectl builds either way.
    private static readonly MethodInfo? Loader = typeof(UplinkOptions).Assembly
        .GetType("Edge.Sync.Residency.ResidencyPolicy")
        ?.GetMethod("Load", BindingFlags.Public | BindingFlags.Static, [typeof(string)]);

    /// <summary>True when the real policy loader was found.</summary>
    public static bool UsesGatewayLoader => Loader is not null;

    /// <summary>Null when the policy is valid, else the problem naming the file and the fix.</summary>
    public static string? Validate(string path)
    {
        if (!File.Exists(path))
        {
            return $"the residency policy {path} does not exist: copy it into place with 'edgectl provision --policy FILE --force'";
        }

        if (Loader is not null)
        {
            try
            {
                var policy = Loader.Invoke(null, [path]);
                (policy as IDisposable)?.Dispose();
                return null;
            }
            catch (TargetInvocationException ex) when (ex.InnerException is not null)
            {
                return $"the residency policy {path} is invalid: {ex.InnerException.Message}";
            }
        }

        try
        {
            using var stream = File.OpenRead(path);
            using var document = JsonDocument.Parse(stream, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? null
                : $"the residency policy {path} must be a JSON object";
        }
        catch (JsonException ex)
        {
            return $"the residency policy {path} is not valid JSON (line {ex.LineNumber + 1}): fix the file and retry";
        }
        catch (UnauthorizedAccessException)
        {
            return $"the residency policy {path} cannot be read: permission denied";
        }
    }
}
