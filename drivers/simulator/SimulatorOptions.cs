using System.ComponentModel.DataAnnotations;

namespace Edge.Drivers.Simulator;

/// <summary>
/// Options of <see cref="SimulatorSource"/>. The defaults give the demo: three patients, one message per device per
/// second, forever, the same every run. Validated by data annotations (for <c>ValidateDataAnnotations</c> at start-up)
/// and again by the <see cref="SimulatorSource"/> constructor.
/// </summary>
public sealed class SimulatorOptions
{
    /// <summary>The configuration section the host binds, <c>Simulator</c>.</summary>
    public const string SectionName = "Simulator";

    /// <summary>Number of simulated patients, each with a heart-rate strap and a pulse oximeter. 1 to 64; default 3.</summary>
    [Range(1, 64)]
    public int Patients { get; set; } = 3;

    /// <summary>
    /// Milliseconds between ticks; each device sends one message per tick. 0 runs as fast as possible, yielding to the
    /// scheduler between ticks. 0 to 3,600,000; default 1000. Waits use the injected <see cref="TimeProvider"/>.
    /// </summary>
    [Range(0, 3_600_000)]
    public int IntervalMs { get; set; } = 1000;

    /// <summary>Seed of every random choice; the same seed gives the same observations. Default 42.</summary>
    public int Seed { get; set; } = 42;

    /// <summary>
    /// Messages each device sends before the stream ends (all devices finish on the same tick). 0, the default, means
    /// unlimited: the stream runs until cancelled.
    /// </summary>
    [Range(0, int.MaxValue)]
    public int ReadingsPerDevice { get; set; }
}
