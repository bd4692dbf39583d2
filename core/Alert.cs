namespace Edge.Core;

/// <summary>A clinical or data-quality alert raised at the edge for one patient. Carries opaque ids only.</summary>
/// <param name="Id">Stable message id.</param>
/// <param name="PatientId">Opaque patient id.</param>
/// <param name="Code">Machine-readable alert code, for example <c>news2.high</c>.</param>
/// <param name="Severity">Severity.</param>
/// <param name="Score">The score behind the alert (for NEWS2, the total), if any.</param>
/// <param name="RaisedAt">Gateway time at which it was raised.</param>
/// <param name="TriggerReadingId">The reading whose arrival raised it.</param>
public sealed record Alert(
    Guid Id,
    string PatientId,
    string Code,
    AlertSeverity Severity,
    int? Score,
    DateTimeOffset RaisedAt,
    Guid TriggerReadingId);
