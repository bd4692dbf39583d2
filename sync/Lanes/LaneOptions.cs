using System.ComponentModel.DataAnnotations;

namespace Edge.Sync.Lanes;

/// <summary>How the uplink shares its budget between lanes (section <c>Edge:Uplink:Lanes</c>).</summary>
public sealed class LaneOptions
{
    /// <summary>The share of each round that backfill always gets while it has items, so it is never starved.</summary>
    [Range(0.01, 1.0)]
    public double BackfillFloor { get; set; } = 0.2;

    /// <summary>Cap on backfill items per second (metered links, quiet hours); null means no cap. Alarms are exempt.</summary>
    [Range(0.1, 1_000_000)]
    public double? BackfillItemsPerSecond { get; set; }

    /// <summary>Burst size of the backfill cap, in items.</summary>
    [Range(1, 1_000_000)]
    public int BackfillBurst { get; set; } = 1_000;
}
