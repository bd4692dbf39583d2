using Edge.Analytics.News2;
using Edge.Core;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Analytics.Tests;

public sealed class AnalyticsEngineAlertingTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));
    private readonly AnalyticsEngine _engine = new(new AnalyticsOptions());
    private readonly PatientFeed _feed;

    public AnalyticsEngineAlertingTests()
    {
        _feed = new PatientFeed("patient-a", _clock);
    }

    private AnalyticsOutcome After(TimeSpan wait, VitalKind kind, double value)
    {
        _clock.Advance(wait);
        return _engine.Process(_feed.Reading(kind, value));
    }

    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Fact]
    public void Process_Deterioration_RaisesExactlyOneAlertPerBandRise()
    {
        _feed.FeedNormal(_engine);
        var alerts = new List<Alert>();
        var triggers = new List<Reading>();

        void Step(VitalKind kind, double value)
        {
            _clock.Advance(Minute);
            var reading = _feed.Reading(kind, value);
            var outcome = _engine.Process(reading);
            alerts.AddRange(outcome.Alerts);
            if (outcome.Alerts.Count > 0)
            {
                triggers.Add(reading);
            }
        }

        Step(VitalKind.RespiratoryRate, 25);   // RR 3: total 3, red score -> LowMedium
        Step(VitalKind.RespiratoryRate, 26);   // still LowMedium
        Step(VitalKind.SpO2, 93);              // + SpO2 2: total 5 -> Medium
        Step(VitalKind.SpO2, 92);              // still Medium
        Step(VitalKind.HeartRate, 131);        // + pulse 3: total 8 -> High
        Step(VitalKind.HeartRate, 140);        // still High

        Assert.Equal([News2AlertCodes.RedScore, News2AlertCodes.Medium, News2AlertCodes.High], alerts.Select(a => a.Code));
        Assert.Equal([AlertSeverity.Low, AlertSeverity.Medium, AlertSeverity.High], alerts.Select(a => a.Severity));
        Assert.Equal([3, 5, 8], alerts.Select(a => a.Score));
        Assert.Equal(triggers.Select(r => r.Id), alerts.Select(a => a.TriggerReadingId));
        Assert.Equal(triggers.Select(r => r.GatewayTime), alerts.Select(a => a.RaisedAt));
        Assert.All(alerts, a => Assert.Equal("patient-a", a.PatientId));
        Assert.All(alerts, a => Assert.Equal(7, a.Id.Version));
        Assert.Equal(3, alerts.Select(a => a.Id).Distinct().Count());
    }

    [Fact]
    public void Process_JumpFromLowStraightToHigh_RaisesOnlyTheHighAlert()
    {
        _feed.FeedNormal(_engine);
        After(Minute, VitalKind.RespiratoryRate, 30);
        After(TimeSpan.Zero, VitalKind.SpO2, 90);
        var outcome = After(TimeSpan.Zero, VitalKind.SystolicBloodPressure, 85);

        var alert = Assert.Single(outcome.Alerts);
        Assert.Equal(News2AlertCodes.High, alert.Code);
        Assert.Equal(9, alert.Score);
    }

    [Fact]
    public void Process_LowRiskThroughout_NeverAlerts()
    {
        var outcomes = new List<AnalyticsOutcome>();
        for (var i = 0; i < 40; i++)
        {
            // RR 22 and pulse 100: 2 + 1 = 3 with no red score, so Low.
            outcomes.Add(After(Minute, VitalKind.RespiratoryRate, 22));
            outcomes.Add(After(TimeSpan.Zero, VitalKind.PulseRate, 100));
        }

        Assert.Equal(News2RiskBand.Low, outcomes[^1].News2!.RiskBand);
        Assert.Equal(3, outcomes[^1].News2!.Total);
        Assert.All(outcomes, o => Assert.Empty(o.Alerts));
    }

    [Fact]
    public void Process_PersistingBand_DoesNotRealertBeforeRealertAfter()
    {
        var first = After(TimeSpan.Zero, VitalKind.RespiratoryRate, 25);

        var during = new List<AnalyticsOutcome>();
        for (var i = 1; i <= 14; i++)
        {
            during.Add(After(Minute, VitalKind.RespiratoryRate, 25));
        }

        _clock.Advance(TimeSpan.FromSeconds(59));
        during.Add(_engine.Process(_feed.Reading(VitalKind.RespiratoryRate, 25)));

        Assert.Single(first.Alerts);
        Assert.All(during, o => Assert.Equal(News2RiskBand.LowMedium, o.News2!.RiskBand));
        Assert.All(during, o => Assert.Empty(o.Alerts));
    }

    [Fact]
    public void Process_PersistingBand_RealertsOnceRealertAfterHasPassed()
    {
        After(TimeSpan.Zero, VitalKind.RespiratoryRate, 25);
        for (var i = 1; i <= 14; i++)
        {
            After(Minute, VitalKind.RespiratoryRate, 25);
        }

        var at15 = After(Minute, VitalKind.RespiratoryRate, 25);
        var at16 = After(Minute, VitalKind.RespiratoryRate, 25);

        var reminder = Assert.Single(at15.Alerts);
        Assert.Equal(News2AlertCodes.RedScore, reminder.Code);
        Assert.Empty(at16.Alerts);
    }

    [Fact]
    public void Process_ConfiguredRealertAfter_IsTheReminderInterval()
    {
        var engine = new AnalyticsEngine(new AnalyticsOptions { RealertAfter = TimeSpan.FromMinutes(5) });
        engine.Process(_feed.Reading(VitalKind.RespiratoryRate, 25));

        _clock.Advance(TimeSpan.FromMinutes(4));
        var before = engine.Process(_feed.Reading(VitalKind.RespiratoryRate, 25));
        _clock.Advance(Minute);
        var after = engine.Process(_feed.Reading(VitalKind.RespiratoryRate, 25));

        Assert.Empty(before.Alerts);
        Assert.Single(after.Alerts);
    }

    [Fact]
    public void Process_SingleLowerScoringBetweenHighs_DoesNotRearm()
    {
        _feed.FeedNormal(_engine);
        After(Minute, VitalKind.RespiratoryRate, 30);
        var medium = After(TimeSpan.Zero, VitalKind.SpO2, 90);            // RR 3 + SpO2 3 = 6 -> Medium
        var high = After(TimeSpan.Zero, VitalKind.HeartRate, 45);          // + pulse 1 = 7 -> High
        var dip = After(Minute, VitalKind.HeartRate, 70);                  // 6 -> Medium, once
        var back = After(Minute, VitalKind.HeartRate, 45);                 // 7 -> High again

        Assert.Equal(News2RiskBand.Medium, medium.News2!.RiskBand);
        Assert.Equal(News2AlertCodes.High, Assert.Single(high.Alerts).Code);
        Assert.Equal(News2RiskBand.Medium, dip.News2!.RiskBand);
        Assert.Empty(dip.Alerts);
        Assert.Equal(News2RiskBand.High, back.News2!.RiskBand);
        Assert.Empty(back.Alerts);
    }

    [Fact]
    public void Process_LowerBandHeldForTwoScorings_RearmsSoTheNextRiseAlertsAtOnce()
    {
        var first = After(TimeSpan.Zero, VitalKind.RespiratoryRate, 25);   // LowMedium
        var drop1 = After(Minute, VitalKind.RespiratoryRate, 16);          // Low, once
        var drop2 = After(Minute, VitalKind.RespiratoryRate, 16);          // Low, twice: the drop counts
        var rise = After(Minute, VitalKind.RespiratoryRate, 25);           // LowMedium again, 3 min after the alert

        Assert.Single(first.Alerts);
        Assert.Empty(drop1.Alerts);
        Assert.Empty(drop2.Alerts);
        Assert.Equal(News2AlertCodes.RedScore, Assert.Single(rise.Alerts).Code);
    }

    [Fact]
    public void Process_DropFromHighToMedium_DoesNotAlertButARiseBackToHighDoes()
    {
        _feed.FeedNormal(_engine);
        After(Minute, VitalKind.RespiratoryRate, 30);
        After(TimeSpan.Zero, VitalKind.SpO2, 90);
        var high = After(TimeSpan.Zero, VitalKind.HeartRate, 45);          // 7 -> High
        var medium1 = After(Minute, VitalKind.HeartRate, 70);              // 6 -> Medium
        var medium2 = After(Minute, VitalKind.HeartRate, 72);              // Medium held twice
        var highAgain = After(Minute, VitalKind.HeartRate, 45);            // High

        Assert.Single(high.Alerts);
        Assert.Empty(medium1.Alerts);
        Assert.Empty(medium2.Alerts);
        Assert.Equal(News2AlertCodes.High, Assert.Single(highAgain.Alerts).Code);
    }

    [Fact]
    public void Process_DropThroughTwoBands_SettlesOnTheHigherOfTheLowerScorings()
    {
        _feed.FeedNormal(_engine);
        After(Minute, VitalKind.RespiratoryRate, 30);
        After(TimeSpan.Zero, VitalKind.SpO2, 90);
        After(TimeSpan.Zero, VitalKind.HeartRate, 45);                     // 7 -> High
        var medium = After(Minute, VitalKind.HeartRate, 70);               // 6 -> Medium
        var low = After(Minute, VitalKind.SpO2, 97);                       // 3 -> LowMedium: held falls to Medium
        var mediumAgain = After(Minute, VitalKind.SpO2, 90);               // Medium is still held: no alert
        var lowMedium1 = After(Minute, VitalKind.SpO2, 97);
        var lowMedium2 = After(Minute, VitalKind.SpO2, 97);                // held falls to LowMedium
        var mediumOnceMore = After(Minute, VitalKind.SpO2, 90);

        Assert.Equal(News2RiskBand.Medium, medium.News2!.RiskBand);
        Assert.Equal(News2RiskBand.LowMedium, low.News2!.RiskBand);
        Assert.Empty(mediumAgain.Alerts);
        Assert.Empty(lowMedium1.Alerts);
        Assert.Empty(lowMedium2.Alerts);
        Assert.Equal(News2AlertCodes.Medium, Assert.Single(mediumOnceMore.Alerts).Code);
    }

    [Fact]
    public void Process_ArtefactReadingsDuringAnAlert_NeitherAlertNorCountAsAScoring()
    {
        After(TimeSpan.Zero, VitalKind.RespiratoryRate, 25);              // LowMedium, alert
        _clock.Advance(Minute);
        var artefact1 = _engine.Process(_feed.Reading(VitalKind.RespiratoryRate, 16, QualityIssues.Artefact));
        var lower = After(Minute, VitalKind.RespiratoryRate, 16);          // Low, once
        var artefact2 = _engine.Process(_feed.Reading(VitalKind.RespiratoryRate, 16, QualityIssues.SensorContactLost));
        var rise = After(Minute, VitalKind.RespiratoryRate, 25);           // the drop never counted

        Assert.Empty(artefact1.Alerts);
        Assert.Empty(artefact2.Alerts);
        Assert.Equal(News2RiskBand.Low, lower.News2!.RiskBand);
        Assert.Empty(rise.Alerts);
    }

    [Fact]
    public void Process_ArtefactValuesThatWouldBeCritical_RaiseNoAlert()
    {
        _feed.FeedNormal(_engine);
        _clock.Advance(Minute);

        var outcomes = new[]
        {
            _engine.Process(_feed.Reading(VitalKind.SpO2, 70, QualityIssues.SensorContactLost)),
            _engine.Process(_feed.Reading(VitalKind.HeartRate, 30, QualityIssues.Artefact)),
            _engine.Process(_feed.Reading(VitalKind.PulseRate, 0, QualityIssues.Searching)),
            _engine.Process(_feed.Reading(VitalKind.RespiratoryRate, 40, QualityIssues.SensorFault)),
        };
        var next = After(Minute, VitalKind.BodyTemperature, 37.0);

        Assert.All(outcomes, o => Assert.Empty(o.Alerts));
        Assert.Equal(0, next.News2!.Total);
        Assert.Empty(next.Alerts);
    }

    [Fact]
    public void Process_RedScoreAgeingOut_CountsAsADropAndRearms()
    {
        var first = After(TimeSpan.Zero, VitalKind.RespiratoryRate, 25);
        var aged1 = After(TimeSpan.FromMinutes(16), VitalKind.SpO2, 97);   // RR aged out -> Low
        var aged2 = After(Minute, VitalKind.SpO2, 97);                     // Low twice
        var rise = After(Minute, VitalKind.RespiratoryRate, 25);

        Assert.Single(first.Alerts);
        Assert.Equal(News2RiskBand.Low, aged1.News2!.RiskBand);
        Assert.Equal(News2RiskBand.Low, aged2.News2!.RiskBand);
        Assert.Single(rise.Alerts);
    }
}
