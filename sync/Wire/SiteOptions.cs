using System.ComponentModel.DataAnnotations;

namespace Edge.Sync.Wire;

/// <summary>
/// Who this gateway is (section <c>Edge:Site</c>). Each value becomes one topic level, so each is restricted to
/// lower-case letters, digits, <c>-</c> and <c>_</c>: no <c>/</c>, <c>+</c>, <c>#</c> or NUL can reach a topic.
/// </summary>
public sealed class SiteOptions
{
    private const string TopicLevel = "^[a-z0-9][a-z0-9_-]{0,62}$";

    /// <summary>Tenant (customer) id.</summary>
    [Required]
    [RegularExpression(TopicLevel)]
    public string Tenant { get; set; } = "demo";

    /// <summary>Site id (a home or a care home).</summary>
    [Required]
    [RegularExpression(TopicLevel)]
    public string Site { get; set; } = "site-0001";

    /// <summary>
    /// The site's jurisdiction for residency: ISO 3166 alpha-2, optionally a subdivision (<c>DE</c>, <c>AU-NSW</c>,
    /// <c>US-CA</c>). Patients without their own jurisdiction take this one.
    /// </summary>
    [Required]
    [RegularExpression("^[A-Z]{2}(-[A-Z0-9]{1,3})?$")]
    public string Jurisdiction { get; set; } = "GB";

    /// <summary>This gateway's id.</summary>
    [Required]
    [RegularExpression(TopicLevel)]
    public string Gateway { get; set; } = "gw-0001";
}
