namespace Edge.Core.Progress;

/// <summary>One registered stage as <see cref="PipelineHeartbeats.Check"/> saw it.</summary>
/// <param name="Stage">The stage name (see <see cref="PipelineStages"/>).</param>
/// <param name="Deadline">How long the stage may go without a beat.</param>
/// <param name="SinceLastBeat">Monotonic time since its last beat (or its registration).</param>
public sealed record StageProgress(string Stage, TimeSpan Deadline, TimeSpan SinceLastBeat)
{
    /// <summary>True when the stage beat within its deadline.</summary>
    public bool OnTime => SinceLastBeat <= Deadline;
}
