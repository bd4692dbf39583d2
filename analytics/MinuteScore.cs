namespace Edge.Analytics;

/// <summary>
/// The scores of one patient's closed minute. Channel order is <see cref="Model.ModelChannels.Keys"/>.
/// </summary>
/// <param name="PatientId">Opaque patient id.</param>
/// <param name="Minute">Start of the minute (gateway time).</param>
/// <param name="Z">Robust z-score per channel against the patient's baseline; <see langword="null"/> where missing or still learning.</param>
/// <param name="ModelScore">The model's overall window score, or <see langword="null"/> when the model did not run.</param>
/// <param name="ModelLast">The model's newest-minute error per channel divided by its threshold (1 = at threshold), or <see langword="null"/>.</param>
/// <param name="Flagged">Whether the minute counted towards advisory persistence.</param>
public sealed record MinuteScore(
    string PatientId,
    DateTimeOffset Minute,
    IReadOnlyList<float?> Z,
    float? ModelScore,
    IReadOnlyList<float>? ModelLast,
    bool Flagged);
