using Edge.Analytics.Alerts;
using Edge.Analytics.Evaluation;
using Edge.Analytics.Model;
using Edge.Core;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Analytics.Tests.Alerts;

public sealed class AdvisoryAndBaselineTests : IDisposable
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly OnnxAnomalyScorer _scorer = OnnxAnomalyScorer.Load(ModelFiles.ModelPath, maxBatch: 1);
    private readonly PatientFeed _feed;
    private readonly Random _rng = new(11);

    public AdvisoryAndBaselineTests()
    {
        _feed = new PatientFeed("patient-b", _clock);
    }

    public void Dispose() => _scorer.Dispose();

    /// <summary>One reading each of pulse, SpO2 and RR per minute around a patient's normal, with a small wobble.</summary>
    private List<AnalyticsOutcome> Minutes(AnalyticsEngine engine, int minutes, double hrShift = 0)
    {
        var outcomes = new List<AnalyticsOutcome>();
        for (var i = 0; i < minutes; i++)
        {
            _clock.Advance(TimeSpan.FromMinutes(1));
            outcomes.Add(engine.Process(_feed.Reading(VitalKind.PulseRate, Math.Round(70 + hrShift + ((_rng.NextDouble() - 0.5) * 8)))));
            outcomes.Add(engine.Process(_feed.Reading(VitalKind.SpO2, Math.Round(97 + ((_rng.NextDouble() - 0.5) * 2)))));
            outcomes.Add(engine.Process(_feed.Reading(VitalKind.RespiratoryRate, Math.Round(15 + ((_rng.NextDouble() - 0.5) * 3)))));
        }

        return outcomes;
    }

    [Fact]
    public void Process_DeviationDuringTheBaselinePeriod_RaisesNothingButTheSameAfterwardsIsAdvisory()
    {
        using var engine = new AnalyticsEngine(new AnalyticsOptions(), _scorer);
        Minutes(engine, 20 * 60);
        var learning = Minutes(engine, 30, hrShift: 30);       // HR ~100: NEWS2 1, no hard limit
        Minutes(engine, 6 * 60);
        var established = Minutes(engine, 30, hrShift: 30);

        Assert.Empty(learning.SelectMany(o => o.Alerts));
        var alert = established.SelectMany(o => o.Alerts).First();
        Assert.EndsWith(".heart_rate", alert.Code, StringComparison.Ordinal);
        Assert.False(AlertCodes.IsRule(alert.Code));
        Assert.Equal(AlertSeverity.Low, alert.Severity);
        Assert.False(AlertCodes.TravelsInAlarmLane(alert.Severity));
    }

    [Fact]
    public void Process_DuringAnActiveAlert_TheBaselineIsFrozen()
    {
        var options = new AnalyticsOptions { EmitMinuteScores = true, Baseline = { HalfLife = TimeSpan.FromHours(1) } };
        using var engine = new AnalyticsEngine(options, _scorer);
        Minutes(engine, 25 * 60);

        var deviation = Minutes(engine, 4 * 60, hrShift: 30);

        var z = deviation.SelectMany(o => o.Scores).Select(s => s.Z[0]).OfType<float>().ToList();
        Assert.Contains(deviation.SelectMany(o => o.Alerts), a => !AlertCodes.IsRule(a.Code));
        // With a one-hour half-life and no freeze, four hours would have pulled the median most of the way to 100.
        Assert.True(z[^1] > 0.8 * z[10], $"z fell from {z[10]} to {z[^1]}");
    }

    [Fact]
    public void Process_WithAndWithoutTheModel_RuleAlertsAreIdentical()
    {
        var cohort = new CohortOptions { Seed = 99, Patients = 1, Days = 3, ClinicalPerDay = 1 };
        var patient = SyntheticCohort.Generate(cohort, 0);

        static List<(string, DateTimeOffset, AlertSeverity)> Rules(AnalyticsEngine engine, SyntheticPatient p) =>
            [.. p.Readings.SelectMany(r => engine.Process(r).Alerts).Where(a => AlertCodes.IsRule(a.Code)).Select(a => (a.Code, a.RaisedAt, a.Severity))];

        using var withModel = new AnalyticsEngine(new AnalyticsOptions(), _scorer);
        using var without = new AnalyticsEngine(new AnalyticsOptions(), scorer: null);
        var a = Rules(withModel, patient);
        var b = Rules(without, patient);

        Assert.NotEmpty(a);
        Assert.Equal(b, a);
        Assert.False(withModel.Status.Degraded);
        Assert.True(without.Status.Degraded);
    }
}
