using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Edge.Bench.Analytics;

/// <summary>
/// A per-iteration percentile in microseconds. With one invocation per iteration (see
/// <see cref="PerCallLatencyConfig"/>) an iteration is one call, so this is the per-call percentile.
/// </summary>
public sealed class PercentileColumn(double percentile) : IColumn
{
    public string Id => "P" + percentile;

    public string ColumnName => "P" + percentile + " [µs]";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Statistics;

    public int PriorityInCategory => (int)percentile;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => $"{percentile}th percentile of per-iteration time, microseconds";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var stats = summary[benchmarkCase]?.ResultStatistics;
        if (stats is null || stats.OriginalValues.Count == 0)
        {
            return "-";
        }

        // Nearest rank on the raw iteration times (ns), so 99.9 works too.
        var sorted = stats.OriginalValues.Order().ToArray();
        var rank = Math.Clamp((int)Math.Ceiling(percentile / 100.0 * sorted.Length) - 1, 0, sorted.Length - 1);
        return (sorted[rank] / 1000.0).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
