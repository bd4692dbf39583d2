namespace Edge.Bench.Ingest;

/// <summary>One round: the pipeline and both baselines, measured back to back on the same documents.</summary>
internal sealed record RoundResult(int Round, PipelineResult Pipeline, BaselineResult Bulk, BaselineResult Naive)
{
    /// <summary>Pipeline items/s over InsertBulk docs/s.</summary>
    public double VersusBulk => Pipeline.ItemsPerSecond / Bulk.DocsPerSecond;

    /// <summary>Pipeline items/s over naive Insert docs/s.</summary>
    public double VersusNaive => Pipeline.ItemsPerSecond / Naive.DocsPerSecond;
}
