using System.ComponentModel.DataAnnotations;

namespace Edge.Host.Systemd;

/// <summary>Options of the systemd watchdog (section <c>Edge:Watchdog</c>).</summary>
public sealed class WatchdogOptions
{
    /// <summary>The configuration section, <c>Edge:Watchdog</c>.</summary>
    public const string SectionName = "Edge:Watchdog";

    /// <summary>
    /// How long a pipeline stage (ingest, uplink) may go without progress before <c>WATCHDOG=1</c> stops being sent,
    /// after which systemd restarts the service once <c>WatchdogSec</c> has passed. Idle loops wake every third of
    /// it to show they are alive. 1 s to 1 h; default 30 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan StageDeadline { get; set; } = TimeSpan.FromSeconds(30);
}
