using System.ComponentModel.DataAnnotations;

namespace Edge.Sync.Outbox;

/// <summary>Storage limits of one data class (an entry of <c>Edge:Outbox:Classes</c>, keyed by class name).</summary>
public sealed class ClassLimitOptions
{
    /// <summary>Most bytes the class may hold in the outbox, as accounted by the size of its stored documents.</summary>
    [Range(1024L, long.MaxValue)]
    public long QuotaBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>What to do at the quota: <c>reject</c>, <c>drop_oldest</c> or <c>downsample</c>.</summary>
    [RegularExpression("^(reject|drop_oldest|downsample)$")]
    public string FullPolicy { get; set; } = "drop_oldest";

    /// <summary>How long an item may wait, from its measurement time on a trusted clock. Null keeps items until sent.</summary>
    public TimeSpan? Ttl { get; set; }

    internal FullPolicy Policy => FullPolicy switch
    {
        "reject" => Outbox.FullPolicy.Reject,
        "downsample" => Outbox.FullPolicy.Downsample,
        _ => Outbox.FullPolicy.DropOldest,
    };
}
