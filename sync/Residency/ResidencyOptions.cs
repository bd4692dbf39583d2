namespace Edge.Sync.Residency;

/// <summary>
/// Section <c>Edge:Residency</c>. Residency is default-deny: with destinations configured and no policy file the
/// gateway refuses to start, because it could send nothing and would silently drop every reading.
/// </summary>
public sealed class ResidencyOptions
{
    /// <summary>The residency policy file (JSON). Required when any destination is configured.</summary>
    public string? PolicyFile { get; set; }

    /// <summary>The site secret for pseudonyms; default <c>{data}/site-secret.key</c>, created at first start.</summary>
    public string? SecretFile { get; set; }

    /// <summary>The append-only audit log; default <c>{data}/residency-audit.jsonl</c>.</summary>
    public string? AuditFile { get; set; }

    /// <summary>How often counted decisions are appended to the audit log.</summary>
    public TimeSpan AuditInterval { get; set; } = TimeSpan.FromSeconds(10);
}
