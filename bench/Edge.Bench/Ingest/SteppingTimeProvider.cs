namespace Edge.Bench.Ingest;

/// <summary>
/// A clock for pre-generating the corpus: every <see cref="GetUtcNow"/> returns the previous answer plus
/// <paramref name="step"/>. The simulator reads the clock once per tick, so with a 1 s step the corpus looks like
/// devices sending at 1 Hz (analytics sees realistic input ages and re-alert delays) even though it is generated as
/// fast as the CPU allows. Thread-safe.
/// </summary>
internal sealed class SteppingTimeProvider(DateTimeOffset start, TimeSpan step) : TimeProvider
{
    private long _calls = -1;

    public override DateTimeOffset GetUtcNow() => start + (step * Interlocked.Increment(ref _calls));
}
