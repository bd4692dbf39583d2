using Edge.Sync.Residency;

namespace Edge.Provisioning.Config;

/// <summary>
/// Validates a residency policy file with the gateway's own loader (<see cref="ResidencyPolicy.Load"/>), so a
/// policy that provision accepts is one the gateway starts with. edgectl never defines the format itself.
/// </summary>
internal static class PolicyValidation
{
    /// <summary>The loaded policy's version, or the problem naming the file, line and rule.</summary>
    public static (string? Version, string? Problem) Validate(string path)
    {
        if (path.StartsWith(ResidencyOptionsValidator.EmbeddedPrefix, StringComparison.Ordinal))
        {
            return ("embedded", null);
        }

        if (!File.Exists(path))
        {
            return (null, $"the residency policy {path} does not exist: copy it into place with 'edgectl provision --policy FILE --force'");
        }

        try
        {
            return (ResidencyPolicy.Load(path).Version, null);
        }
        catch (ResidencyPolicyException ex)
        {
            return (null, "the residency policy is invalid: " + ex.Message);
        }
    }
}
