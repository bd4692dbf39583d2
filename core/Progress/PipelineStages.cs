namespace Edge.Core.Progress;

/// <summary>The names under which pipeline stages register with <see cref="PipelineHeartbeats"/>.</summary>
public static class PipelineStages
{
    /// <summary>The ingest loop (drivers → analytics → outbox group commit), in the host.</summary>
    public const string Ingest = "ingest";

    /// <summary>The uplink connection loop (outbox → residency → broker), in Edge.Sync.</summary>
    public const string Uplink = "uplink";
}
