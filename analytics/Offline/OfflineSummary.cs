namespace Edge.Analytics.Offline;

/// <summary>What an offline run did (also its last output line).</summary>
/// <param name="Readings">Observations read and processed.</param>
/// <param name="Errors">Lines that could not be read.</param>
/// <param name="Alerts">Alerts raised.</param>
/// <param name="DataQualityEvents">Data-quality events raised.</param>
/// <param name="Minutes">Patient-minutes closed and scored.</param>
/// <param name="Status">Whether the run had the model (degraded or not).</param>
public sealed record OfflineSummary(int Readings, int Errors, int Alerts, int DataQualityEvents, int Minutes, AnalyticsStatus Status);
