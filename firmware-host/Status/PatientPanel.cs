using Edge.Core;

namespace Edge.Host.Status;

/// <summary>
/// What the console view shows for one patient. Lives only in memory on the appliance; never logged or sent.
/// Immutable: ingest replaces the whole panel after each commit.
/// </summary>
public sealed record PatientPanel(
    string PatientId,
    string Label,
    IReadOnlyDictionary<VitalKind, double> Latest,
    int? News2Total,
    string News2Band,
    bool News2Partial,
    string? LastAlert,
    DateTimeOffset? LastAlertAt,
    DateTimeOffset? LastReadingAt);
