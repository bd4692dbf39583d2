using Edge.Core;

namespace Edge.Sync.Wire;

/// <summary>
/// The topic layout of the wire contract: <c>edge/v1/{tenant}/{site}/{gateway}/{stream}</c>. Topics carry no device
/// names and no patient data; the levels come from validated <see cref="SiteOptions"/> only.
/// </summary>
public sealed class Topics
{
    private readonly string _prefix;

    public Topics(SiteOptions site)
    {
        ArgumentNullException.ThrowIfNull(site);
        _prefix = $"edge/v1/{site.Tenant}/{site.Site}/{site.Gateway}/";
        Vitals = _prefix + "vitals";
        Alerts = _prefix + "alerts";
    }

    /// <summary>Topic of vitals batches.</summary>
    public string Vitals { get; }

    /// <summary>Topic of alert batches.</summary>
    public string Alerts { get; }

    /// <summary>The topic a data class is published on.</summary>
    public string For(DataClass dataClass) => dataClass == DataClass.Alarm ? Alerts : Vitals;
}
