using System.Diagnostics;
using Edge.Analytics.Alerts;
using Edge.Analytics.Model;
using Edge.Core;

namespace Edge.Analytics.Evaluation;

/// <summary>
/// Runs the real <see cref="AnalyticsEngine"/> over a synthetic cohort and scores it against the labels: per-episode
/// sensitivity, median time to detect, non-actionable alerts per patient-day, artefacts classed as data quality.
/// One engine per patient (patients are independent), one shared scorer; <see cref="AnalyticsEngine.Sweep"/> every
/// simulated minute, as the host does.
/// </summary>
public static class CohortEvaluator
{
    /// <summary>An alert up to this long after a clinical episode ends still detects it.</summary>
    public static readonly TimeSpan DetectionGrace = TimeSpan.FromMinutes(5);

    /// <summary>Alerts up to this long after a clinical episode ends are not counted as non-actionable (reminders, recovery).</summary>
    public static readonly TimeSpan ActionableTail = TimeSpan.FromMinutes(30);

    /// <summary>Evaluates the cohort.</summary>
    /// <param name="cohort">The cohort to generate.</param>
    /// <param name="options">Engine settings (the defaults unless a sweep says otherwise).</param>
    /// <param name="scorer">The model, or <see langword="null"/> to evaluate the degraded (rules and baselines only) engine.</param>
    public static EvaluationReport Run(CohortOptions cohort, AnalyticsOptions options, IAnomalyScorer? scorer)
    {
        ArgumentNullException.ThrowIfNull(cohort);
        ArgumentNullException.ThrowIfNull(options);
        var clock = Stopwatch.StartNew();
        var perKind = Enumerable.Range(0, 5).Select(_ => (n: 0, detected: 0, rules: 0, ttd: new List<double>())).ToArray();
        int nonActionable = 0, nonActionableRules = 0, nonActionableAdvisory = 0;
        int artefacts = 0, artefactsDq = 0, artefactsAlert = 0, artefactsClassed = 0;
        int dropouts = 0, dropoutsFlagged = 0, missingOutside = 0, readingsCount = 0, dqCount = 0;
        var baselineEnd = cohort.Start.AddDays(1);
        var byCode = new SortedDictionary<string, int>(StringComparer.Ordinal);

        for (var i = 0; i < cohort.Patients; i++)
        {
            var patient = SyntheticCohort.Generate(cohort, i);
            var alerts = new List<Alert>();
            var events = new List<Quality.DataQualityEvent>();
            using (var engine = new AnalyticsEngine(options, scorer))
            {
                var nextSweep = cohort.Start.AddMinutes(1);
                foreach (var reading in patient.Readings)
                {
                    while (reading.GatewayTime >= nextSweep)
                    {
                        alerts.AddRange(engine.Sweep(nextSweep).Alerts);
                        nextSweep = nextSweep.AddMinutes(1);
                    }

                    var outcome = engine.Process(reading);
                    alerts.AddRange(outcome.Alerts);
                    events.AddRange(outcome.DataQualityEvents);
                }
            }

            readingsCount += patient.Readings.Count;
            dqCount += events.Count;
            var clinical = alerts.Where(a => AlertCodes.IsClinical(a.Code)).ToList();
            foreach (var e in patient.Episodes)
            {
                switch (e.Kind)
                {
                    case EpisodeKind.Artefact:
                        artefacts++;
                        var dq = events.Any(d => d.At >= e.Start && d.At < e.End);
                        var alerted = clinical.Any(a => a.RaisedAt >= e.Start && a.RaisedAt < e.End + TimeSpan.FromMinutes(10));
                        artefactsDq += dq ? 1 : 0;
                        artefactsAlert += alerted ? 1 : 0;
                        foreach (var a in clinical.Where(a => a.RaisedAt >= e.Start && a.RaisedAt < e.End + TimeSpan.FromMinutes(10)))
                        {
                            var key = "artefact:" + a.Code;
                            byCode[key] = byCode.GetValueOrDefault(key) + 1;
                        }

                        artefactsClassed += dq && !alerted ? 1 : 0;
                        break;
                    case EpisodeKind.Dropout:
                        dropouts++;
                        dropoutsFlagged += alerts.Any(a => a.Code == AlertCodes.DataMissing && a.RaisedAt >= e.Start && a.RaisedAt <= e.End) ? 1 : 0;
                        break;
                    default:
                        var k = (int)e.Kind;
                        perKind[k].n++;
                        var hits = clinical.Where(a => a.RaisedAt >= e.Start && a.RaisedAt <= e.End + DetectionGrace).ToList();
                        if (hits.Count > 0)
                        {
                            perKind[k].detected++;
                            perKind[k].ttd.Add((hits.Min(a => a.RaisedAt) - e.Start).TotalMinutes);
                        }

                        perKind[k].rules += hits.Any(a => AlertCodes.IsRule(a.Code)) ? 1 : 0;
                        break;
                }
            }

            foreach (var a in clinical.Where(a => a.RaisedAt >= baselineEnd))
            {
                var actionable = patient.Episodes.Any(e => e.IsClinical && a.RaisedAt >= e.Start && a.RaisedAt <= e.End + ActionableTail);
                if (!actionable)
                {
                    nonActionable++;
                    nonActionableRules += AlertCodes.IsRule(a.Code) ? 1 : 0;
                    nonActionableAdvisory += AlertCodes.IsRule(a.Code) ? 0 : 1;
                    byCode[a.Code] = byCode.GetValueOrDefault(a.Code) + 1;
                }
            }

            missingOutside += alerts.Count(a => a.Code == AlertCodes.DataMissing
                && !patient.Episodes.Any(e => e.Kind == EpisodeKind.Dropout && a.RaisedAt >= e.Start && a.RaisedAt <= e.End));
        }

        var kinds = perKind.Select((k, i) => new KindResult((EpisodeKind)i, k.n, k.detected, k.rules, Median(k.ttd))).ToList();
        return new EvaluationReport(
            cohort.Seed,
            cohort.Patients,
            cohort.Days,
            cohort.Missingness,
            cohort.Patients * (cohort.Days - 1),
            kinds,
            nonActionable,
            nonActionableRules,
            nonActionableAdvisory,
            artefacts,
            artefactsDq,
            artefactsAlert,
            dropouts,
            dropoutsFlagged,
            missingOutside,
            readingsCount,
            dqCount,
            clock.Elapsed.TotalSeconds,
            scorer is null ? "none (degraded)" : "vitals-ae " + scorer.Contract.Version)
        {
            ArtefactsClassedCount = artefactsClassed,
            AlertsByCode = byCode,
        };
    }

    private static double? Median(List<double> values)
    {
        if (values.Count == 0)
        {
            return null;
        }

        values.Sort();
        var n = values.Count;
        return n % 2 == 1 ? values[n / 2] : (values[(n / 2) - 1] + values[n / 2]) / 2;
    }
}
