namespace Edge.Analytics;

/// <summary>
/// Whether analytics is running in full or degraded. Degraded means the anomaly model is not in use (missing,
/// refused, failed to load, or failed at run time): NEWS2, hard limits, baselines, trends and missing-data alerts keep
/// running. Immutable snapshot.
/// </summary>
/// <param name="Degraded">Whether the model is not in use.</param>
/// <param name="Reason">A short PHI-free reason when degraded, for <c>--health</c> and the nurse page.</param>
/// <param name="ModelVersion">The loaded model's version, when one is in use.</param>
public sealed record AnalyticsStatus(bool Degraded, string? Reason, string? ModelVersion)
{
    /// <summary>The text shown for a degraded stage.</summary>
    public const string DegradedLabel = "degraded analytics";
}
