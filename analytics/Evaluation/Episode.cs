namespace Edge.Analytics.Evaluation;

/// <summary>One labelled episode of a synthetic patient: [<paramref name="Start"/>, <paramref name="End"/>).</summary>
public sealed record Episode(string PatientId, EpisodeKind Kind, DateTimeOffset Start, DateTimeOffset End)
{
    /// <summary>Whether the episode is a clinical deterioration (not an artefact or a dropout).</summary>
    public bool IsClinical => Kind < EpisodeKind.Artefact;
}
