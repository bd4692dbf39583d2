namespace Edge.Bench.Ingest;

/// <summary>Turns a pipeline run's fsync count into its number of group commits, from the calibration.</summary>
/// <param name="FsyncsPerAppend">fsyncs of one ordinary append.</param>
/// <param name="ExtraPerRotation">Extra fsyncs of an append that opens a new segment.</param>
internal sealed record CommitCounter(double FsyncsPerAppend, double ExtraPerRotation)
{
    public double Commits(PipelineResult run) =>
        (run.Fsyncs - (Math.Max(0, run.Segments - 1) * ExtraPerRotation)) / FsyncsPerAppend;
}
