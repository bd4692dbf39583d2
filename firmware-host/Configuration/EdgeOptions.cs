using System.ComponentModel.DataAnnotations;

namespace Edge.Host.Configuration;

/// <summary>Top-level options of the gateway (section <c>Edge</c>).</summary>
public sealed class EdgeOptions
{
    /// <summary>Folder for the outbox, logs and the status file. Relative paths are taken from the working directory.</summary>
    [Required]
    public string DataDirectory { get; set; } = "data";

    /// <summary>Show the live console view (a redrawn screen on a terminal, status lines otherwise).</summary>
    public bool ConsoleView { get; set; } = true;

    /// <summary>How to judge the wall clock: <c>auto</c> (ask the kernel whether NTP has synchronised it), <c>trusted</c> or <c>untrusted</c>.</summary>
    [RegularExpression("^(auto|trusted|untrusted)$")]
    public string ClockTrust { get; set; } = "auto";
}
