using System.Reflection;
using Microsoft.Extensions.Options;

namespace Edge.Sync.Residency;

/// <summary>
/// Loads the policy at start-up validation, so a missing or malformed policy stops the gateway with a message that
/// names the file, line and rule, before anything is ingested.
/// </summary>
public sealed class ResidencyOptionsValidator : IValidateOptions<ResidencyOptions>
{
    /// <summary>The prefix of a policy shipped inside the gateway (the demo's).</summary>
    public const string EmbeddedPrefix = "embedded:";

    public ValidateOptionsResult Validate(string? name, ResidencyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            LoadPolicy(options);
            return ValidateOptionsResult.Success;
        }
        catch (ResidencyPolicyException ex)
        {
            return ValidateOptionsResult.Fail("PolicyFile: " + ex.Message);
        }
    }

    /// <summary>Loads the configured policy.</summary>
    /// <exception cref="ResidencyPolicyException">None is configured, or it is invalid.</exception>
    public static ResidencyPolicy LoadPolicy(ResidencyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.PolicyFile))
        {
            throw new ResidencyPolicyException("no residency policy is configured. Residency is default-deny, so without one nothing could be sent; set Edge:Residency:PolicyFile (edgectl provision --policy FILE writes it). See docs/residency.md.");
        }

        if (options.PolicyFile.StartsWith(EmbeddedPrefix, StringComparison.Ordinal))
        {
            var resource = options.PolicyFile[EmbeddedPrefix.Length..];
            using var stream = Assembly.GetEntryAssembly()?.GetManifestResourceStream(resource)
                ?? throw new ResidencyPolicyException($"{options.PolicyFile}: no such policy is built into the gateway");
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            return ResidencyPolicyParser.Parse(buffer.ToArray(), options.PolicyFile);
        }

        return ResidencyPolicy.Load(options.PolicyFile);
    }
}
