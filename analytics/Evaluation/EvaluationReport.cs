using System.Globalization;
using System.Text;

namespace Edge.Analytics.Evaluation;

/// <summary>Per-kind detection results.</summary>
/// <param name="Kind">Episode kind.</param>
/// <param name="Episodes">Episodes of this kind.</param>
/// <param name="Detected">Episodes with a clinical alert (rule or advisory) from start to end + 5 min.</param>
/// <param name="DetectedByRules">Episodes with a rule alert in the same window.</param>
/// <param name="MedianMinutesToDetect">Median minutes from episode start to its first alert, over detected episodes.</param>
public sealed record KindResult(EpisodeKind Kind, int Episodes, int Detected, int DetectedByRules, double? MedianMinutesToDetect)
{
    /// <summary>Detected / episodes.</summary>
    public double Sensitivity => Episodes == 0 ? double.NaN : (double)Detected / Episodes;
}

/// <summary>The outcome of <see cref="CohortEvaluator.Run"/>. Synthetic results are not clinical evidence.</summary>
public sealed record EvaluationReport(
    int Seed,
    int Patients,
    int Days,
    double Missingness,
    double EvaluatedPatientDays,
    IReadOnlyList<KindResult> Clinical,
    int NonActionableAlerts,
    int NonActionableRuleAlerts,
    int NonActionableAdvisoryAlerts,
    int ArtefactEpisodes,
    int ArtefactsWithDataQualityEvent,
    int ArtefactsWithClinicalAlert,
    int DropoutEpisodes,
    int DropoutsWithMissingDataAlert,
    int MissingDataAlertsOutsideDropouts,
    int Readings,
    int DataQualityEvents,
    double Seconds,
    string Model)
{
    /// <summary>Detected / episodes over all clinical kinds.</summary>
    public double Sensitivity => (double)Clinical.Sum(k => k.Detected) / Math.Max(1, Clinical.Sum(k => k.Episodes));

    /// <summary>Non-actionable clinical alerts per evaluated patient-day.</summary>
    public double NonActionablePerPatientDay => NonActionableAlerts / EvaluatedPatientDays;

    /// <summary>Share of artefact episodes with a data-quality event and no clinical alert.</summary>
    public double ArtefactsClassedAsDataQuality =>
        ArtefactEpisodes == 0 ? double.NaN : (double)ArtefactsClassedCount / ArtefactEpisodes;

    /// <summary>Artefact episodes with a data-quality event and no clinical alert.</summary>
    public int ArtefactsClassedCount { get; init; }

    /// <summary>Non-actionable alerts by code, and (prefixed <c>artefact:</c>) clinical alerts during artefact episodes.</summary>
    public IReadOnlyDictionary<string, int> AlertsByCode { get; init; } = new Dictionary<string, int>();

    /// <summary>A Markdown summary (tables) for <c>docs/clinical-evaluation.md</c>.</summary>
    public string ToMarkdown()
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine(c, $"Seed {Seed}, {Patients} patients × {Days} days (day 0 = baseline, not scored), missingness {Missingness:P0}, model {Model}: {EvaluatedPatientDays:0} evaluated patient-days, {Readings:N0} readings, {Seconds:0.0} s.");
        sb.AppendLine();
        sb.AppendLine("| Episode | n | Detected (any alert) | Sensitivity | By rules alone | Median time to detect |");
        sb.AppendLine("|---|---|---|---|---|---|");
        foreach (var k in Clinical)
        {
            sb.AppendLine(c, $"| {k.Kind} | {k.Episodes} | {k.Detected} | {k.Sensitivity:P1} | {k.DetectedByRules} | {(k.MedianMinutesToDetect is { } m ? m.ToString("0.0", c) + " min" : "–")} |");
        }

        sb.AppendLine(c, $"| **All clinical** | {Clinical.Sum(k => k.Episodes)} | {Clinical.Sum(k => k.Detected)} | **{Sensitivity:P1}** | {Clinical.Sum(k => k.DetectedByRules)} | |");
        sb.AppendLine();
        sb.AppendLine("| Measure | Value |");
        sb.AppendLine("|---|---|");
        sb.AppendLine(c, $"| Non-actionable clinical alerts (outside any clinical episode + 30 min) | {NonActionableAlerts} (rules {NonActionableRuleAlerts}, advisory {NonActionableAdvisoryAlerts}) |");
        sb.AppendLine(c, $"| … per evaluated patient-day | **{NonActionablePerPatientDay:0.000}** |");
        sb.AppendLine(c, $"| Artefact episodes classed as data quality (≥ 1 data-quality event, no clinical alert) | **{ArtefactsClassedCount}/{ArtefactEpisodes} = {ArtefactsClassedAsDataQuality:P1}** |");
        sb.AppendLine(c, $"| … with a data-quality event / with a clinical alert | {ArtefactsWithDataQualityEvent} / {ArtefactsWithClinicalAlert} |");
        sb.AppendLine(c, $"| Oximeter dropouts with a `data.missing` alert | {DropoutsWithMissingDataAlert}/{DropoutEpisodes} |");
        sb.AppendLine(c, $"| `data.missing` alerts outside dropouts | {MissingDataAlertsOutsideDropouts} |");
        sb.AppendLine(c, $"| Data-quality events | {DataQualityEvents} |");
        sb.AppendLine();
        sb.AppendLine("Non-actionable alerts by code (`artefact:` = during an artefact episode): " + string.Join(", ", AlertsByCode.Select(p => $"`{p.Key}` {p.Value}")) + ".");
        return sb.ToString();
    }
}
