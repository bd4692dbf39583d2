using System.Collections.Concurrent;

namespace Edge.Core.Progress;

/// <summary>
/// Progress of the pipeline's long-running loops, for the systemd watchdog: a loop registers once, then calls
/// <see cref="Beat"/> on every iteration. The watchdog is fed only while <see cref="Check"/> says every registered
/// stage beat within its deadline, so a loop that hangs (a blocked write, a deadlock) gets the process restarted even
/// though the process itself is still alive.
/// </summary>
/// <remarks>
/// Thread-safe. <see cref="Beat"/> is one dictionary read and one interlocked write, cheap enough for every loop
/// iteration. Time is the monotonic <see cref="TimeProvider.GetTimestamp"/> of the injected clock, so wall-clock
/// steps (NTP at boot) never look like a stall. A loop that waits for work must wake at least every
/// <see cref="BeatInterval"/> so that it beats while idle.
/// </remarks>
public sealed class PipelineHeartbeats
{
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, Stage> _stages = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _registered = new(StringComparer.Ordinal);
    private long _order;

    /// <param name="time">The clock; only its monotonic timestamp is used.</param>
    /// <param name="defaultDeadline">The deadline of a stage registered without one. Positive.</param>
    public PipelineHeartbeats(TimeProvider time, TimeSpan defaultDeadline)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(defaultDeadline, TimeSpan.Zero);
        _time = time;
        DefaultDeadline = defaultDeadline;
    }

    /// <summary>The deadline of a stage registered without one.</summary>
    public TimeSpan DefaultDeadline { get; }

    /// <summary>
    /// Starts watching <paramref name="stage"/>; registering counts as its first beat. Registering again replaces the
    /// deadline and beats (a restarted loop).
    /// </summary>
    /// <param name="stage">A <see cref="PipelineStages"/> name.</param>
    /// <param name="deadline">How long the stage may go without a beat; null for <see cref="DefaultDeadline"/>.</param>
    public void Register(string stage, TimeSpan? deadline = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(stage);
        var limit = deadline ?? DefaultDeadline;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(limit, TimeSpan.Zero, nameof(deadline));
        _stages.AddOrUpdate(
            stage,
            _ => new Stage(limit, _time.GetTimestamp(), Interlocked.Increment(ref _order)),
            (_, existing) => new Stage(limit, _time.GetTimestamp(), existing.Order));
        _registered.GetOrAdd(stage, NewSignal).TrySetResult();
    }

    /// <summary>Records progress of <paramref name="stage"/> now.</summary>
    /// <exception cref="InvalidOperationException">The stage was never registered (a programming error).</exception>
    public void Beat(string stage)
    {
        if (!_stages.TryGetValue(stage, out var state))
        {
            throw new InvalidOperationException($"Pipeline stage '{stage}' beat before it registered; call Register first.");
        }

        Interlocked.Exchange(ref state.LastBeat, _time.GetTimestamp());
    }

    /// <summary>
    /// Stops watching <paramref name="stage"/>: its loop ended on purpose (every source finished, or the host is
    /// stopping). A stage that ends by an exception should not retire: the host stops and systemd restarts it.
    /// </summary>
    public void Retire(string stage)
    {
        ArgumentException.ThrowIfNullOrEmpty(stage);
        _stages.TryRemove(stage, out _);
    }

    /// <summary>
    /// How often a loop that waits for work should wake up to beat: a third of its deadline, so one slow iteration
    /// does not count as a stall.
    /// </summary>
    public TimeSpan BeatInterval(string stage) =>
        (_stages.TryGetValue(stage, out var state) ? state.Deadline : DefaultDeadline) / 3;

    /// <summary>Completes when <paramref name="stage"/> has registered (at once if it already has).</summary>
    public Task WhenRegisteredAsync(string stage, CancellationToken cancellationToken) =>
        _registered.GetOrAdd(stage, NewSignal).Task.WaitAsync(cancellationToken);

    /// <summary>Every registered stage and how long ago it beat, in registration order.</summary>
    public HeartbeatCheck Check()
    {
        var stages = _stages
            .OrderBy(s => s.Value.Order)
            .Select(s => new StageProgress(s.Key, s.Value.Deadline, _time.GetElapsedTime(Interlocked.Read(ref s.Value.LastBeat))))
            .ToList();
        return new HeartbeatCheck(stages);
    }

    private static TaskCompletionSource NewSignal(string stage) => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed class Stage(TimeSpan deadline, long lastBeat, long order)
    {
        public long LastBeat = lastBeat;

        public TimeSpan Deadline { get; } = deadline;

        public long Order { get; } = order;
    }
}
