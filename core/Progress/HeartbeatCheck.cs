namespace Edge.Core.Progress;

/// <summary>The outcome of <see cref="PipelineHeartbeats.Check"/>: every registered stage, in registration order.</summary>
/// <param name="Stages">Each registered stage and how long ago it last beat.</param>
public sealed record HeartbeatCheck(IReadOnlyList<StageProgress> Stages)
{
    /// <summary>True when every registered stage beat within its deadline (also true when none is registered).</summary>
    public bool AllOnTime => Stages.All(s => s.OnTime);

    /// <summary>The stages past their deadline, in registration order.</summary>
    public IEnumerable<StageProgress> Stalled => Stages.Where(s => !s.OnTime);
}
