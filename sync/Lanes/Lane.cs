namespace Edge.Sync.Lanes;

/// <summary>The uplink lanes, in priority order.</summary>
public enum Lane
{
    /// <summary>Alerts: always first, never capped.</summary>
    Alarm = 0,
    /// <summary>Everything committed since the uplink (re)connected: the newest readings of every device.</summary>
    Live = 1,
    /// <summary>What was queued before the uplink (re)connected, oldest first, with a guaranteed share of the budget.</summary>
    Backfill = 2,
}
