namespace Edge.Bench.Ingest;

/// <summary>One timed raw LiteDB baseline.</summary>
/// <param name="Documents">Documents inserted.</param>
/// <param name="Elapsed">The insert call(s) alone.</param>
/// <param name="ElapsedWithClose">The insert call(s) plus disposing the database (LiteDB's closing checkpoint).</param>
internal sealed record BaselineResult(int Documents, TimeSpan Elapsed, TimeSpan ElapsedWithClose)
{
    public double DocsPerSecond => Documents / Elapsed.TotalSeconds;

    public double DocsPerSecondWithClose => Documents / ElapsedWithClose.TotalSeconds;
}
