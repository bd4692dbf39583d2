using System.ComponentModel.DataAnnotations;

namespace Edge.Drivers.Serial;

/// <summary>
/// Options of the serial driver, section <c>Edge:Serial</c>. The defaults are safe: disabled, no ports. Validated at
/// start-up (data annotations plus <see cref="SerialOptionsValidator"/>, which checks each port and names its key).
/// </summary>
public sealed class SerialOptions
{
    /// <summary>The configuration section, <c>Edge:Serial</c>.</summary>
    public const string SectionName = "Edge:Serial";

    /// <summary>Whether the serial source is registered at all. Default false.</summary>
    public bool Enabled { get; set; }

    /// <summary>The devices. Each path may appear once.</summary>
    public List<SerialPortOptions> Ports { get; set; } = [];

    /// <summary>
    /// Capacity of the queue between the port readers and ingest, in observations. When ingest falls behind, the
    /// oldest queued observation is dropped and counted, so a slow downstream never stalls a reader (a stalled reader
    /// loses bytes in the kernel with no error). 16 to 1,000,000; default 4096.
    /// </summary>
    [Range(16, 1_000_000)]
    public int QueueCapacity { get; set; } = 4096;

    /// <summary>
    /// How often a missing device path is checked for (hot-plug), in milliseconds. 10 to 60,000; default 250.
    /// </summary>
    [Range(10, 60_000)]
    public int PathPollMs { get; set; } = 250;

    /// <summary>
    /// First wait after an open failure or a link that died without data, in milliseconds; doubled per failure up to
    /// <see cref="ReconnectBackoffMaxMs"/>. A link that delivered data reconnects at once. 10 to 60,000; default 500.
    /// </summary>
    [Range(10, 60_000)]
    public int ReconnectBackoffMinMs { get; set; } = 500;

    /// <summary>Longest wait between reconnect attempts, in milliseconds. 10 to 600,000; default 30,000.</summary>
    [Range(10, 600_000)]
    public int ReconnectBackoffMaxMs { get; set; } = 30_000;

    /// <summary>
    /// How long opening, closing, and each write may take, in milliseconds. A close that overruns is abandoned on its
    /// worker (a dead Linux port can hang in <c>Close()</c>) and counted. 100 to 60,000; default 2000.
    /// </summary>
    [Range(100, 60_000)]
    public int IoTimeoutMs { get; set; } = 2000;

    /// <summary>
    /// Streams faster than 1 Hz (Nonin DF2/DF7 packets, Contec 60 Hz) are coalesced to at most one reading per vital
    /// per this many milliseconds: the latest values, with every quality flag seen since the last one. 0 passes every
    /// packet on. 0 to 60,000; default 1000.
    /// </summary>
    [Range(0, 60_000)]
    public int NumericIntervalMs { get; set; } = 1000;
}
