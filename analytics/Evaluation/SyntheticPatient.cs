namespace Edge.Analytics.Evaluation;

/// <summary>One synthetic patient: its readings in time order and its labelled episodes.</summary>
public sealed record SyntheticPatient(string PatientId, IReadOnlyList<Core.Reading> Readings, IReadOnlyList<Episode> Episodes);
