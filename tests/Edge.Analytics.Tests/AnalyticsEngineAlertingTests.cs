using Edge.Analytics.News2;
using Edge.Core;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Analytics.Tests;

/// <summary>NEWS2 band alerting, isolated from the hard limits and the model (both switched off here).</summary>
public sealed class AnalyticsEngineAlertingTests : IDisposable
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));
    private readonly AnalyticsEngine _engine = new(News2Only());
    private readonly PatientFeed _feed;

    public AnalyticsEngineAlertingTests()
    {
        _feed = new PatientFeed("patient-a", _clock);
    }

    public void Dispose() => _engine.Dispose();

    /// <summary>NEWS2 only, with the simplest re-check (the next reading of the same input) so each step is one reading.</summary>
    internal static AnalyticsOptions News2Only(TimeSpan? realertAfter = null) => new()
    {
        HardLimits = [],
        RecheckReadings = 2,
        RecheckStreamSpan = TimeSpan.Zero,
        ModelPath = string.Empty,
        RealertAfter = realertAfter ?? AnalyticsOptions.DefaultRealertAfter,
    };

    private AnalyticsOutcome After(TimeSpan wait, VitalKind kind, double value)
    {
        _clock.Advance(wait);
        return _engine.Process(_feed.Reading(kind, value));
    }

    [Fact]
    public void Process_Deterioration_RaisesExactlyOneAlertPerBandRise_OnTheReCheck()
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

        Step(VitalKind.RespiratoryRate, 25);   // RR 3: total 3, red score -> LowMedium, pending
        Step(VitalKind.RespiratoryRate, 26);   // re-check: raised
        Step(VitalKind.SpO2, 93);              // + SpO2 2: total 5 -> Medium, pending
        Step(VitalKind.SpO2, 92);              // re-check: raised
        Step(VitalKind.HeartRate, 131);        // + pulse 3: total 8 -> High, pending
        Step(VitalKind.HeartRate, 140);        // re-check: raised

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
    public void Process_SingleSpuriousReading_IsCancelledByItsReCheck()
    {
        _feed.FeedNormal(_engine);
        var spike = After(Minute, VitalKind.HeartRate, 135);     // pulse 3: red score, pending
        var recheck = After(Minute, VitalKind.HeartRate, 72);    // back to normal: cancelled
        var later = After(TimeSpan.FromMinutes(20), VitalKind.HeartRate, 73);

        Assert.Equal(News2RiskBand.LowMedium, spike.News2!.RiskBand);
        Assert.Empty(spike.Alerts);
        Assert.Empty(recheck.Alerts);
        Assert.Empty(later.Alerts);
    }

    [Fact]
    public void Process_ReadingsOfOtherVitals_DoNotConfirmAPendingRise()
    {
        _feed.FeedNormal(_engine);
        After(Minute, VitalKind.HeartRate, 135);                // pending on the pulse
        var other = After(TimeSpan.Zero, VitalKind.SpO2, 97);    // still LowMedium (pulse held), but no re-check of the pulse
        var recheck = After(Minute, VitalKind.HeartRate, 134);

        Assert.Empty(other.Alerts);
        Assert.Equal(News2AlertCodes.RedScore, Assert.Single(recheck.Alerts).Code);
    }

    [Fact]
    public void Sweep_RiseWithoutAReCheck_IsRaisedOnceTheReCheckWindowHasPassed()
    {
        _feed.FeedNormal(_engine);
        var single = After(Minute, VitalKind.SystolicBloodPressure, 85);   // one cuff reading, SBP 3
        _clock.Advance(TimeSpan.FromMinutes(9));
        var early = _engine.Sweep(_clock.GetUtcNow());
        _clock.Advance(Minute);
        var due = _engine.Sweep(_clock.GetUtcNow());

        Assert.Empty(single.Alerts);
        Assert.Empty(early.Alerts);
        var alert = Assert.Single(due.Alerts);
        Assert.Equal(News2AlertCodes.RedScore, alert.Code);
        Assert.Equal(_clock.GetUtcNow(), alert.RaisedAt);
    }

    [Fact]
    public void Process_JumpFromLowStraightToHigh_RaisesOnlyTheHighAlert()
    {
        _feed.FeedNormal(_engine);
        After(Minute, VitalKind.RespiratoryRate, 30);
        After(TimeSpan.Zero, VitalKind.SpO2, 90);
        After(TimeSpan.Zero, VitalKind.SystolicBloodPressure, 85);       // 9 -> High, pending on SBP
        var outcome = After(Minute, VitalKind.SystolicBloodPressure, 86);

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
            // RR 21-22 and pulse 100-101: 2 + 1 = 3 with no red score, so Low. (Values vary, as real ones do: an
            // unchanging value for 30 minutes is a stuck sensor.)
            outcomes.Add(After(Minute, VitalKind.RespiratoryRate, 21 + (i % 2)));
            outcomes.Add(After(TimeSpan.Zero, VitalKind.PulseRate, 100 + (i % 2)));
        }

        Assert.Equal(News2RiskBand.Low, outcomes[^1].News2!.RiskBand);
        Assert.Equal(3, outcomes[^1].News2!.Total);
        Assert.All(outcomes, o => Assert.Empty(o.Alerts));
    }

    [Fact]
    public void Process_PersistingBand_RealertsOnlyOnceRealertAfterHasPassed()
    {
        After(TimeSpan.Zero, VitalKind.RespiratoryRate, 25);
        var first = After(TimeSpan.Zero, VitalKind.RespiratoryRate, 25);

        var during = new List<AnalyticsOutcome>();
        for (var i = 1; i <= 14; i++)
        {
            during.Add(After(Minute, VitalKind.RespiratoryRate, 25));
        }

        _clock.Advance(TimeSpan.FromSeconds(59));
        during.Add(_engine.Process(_feed.Reading(VitalKind.RespiratoryRate, 25)));
        var at15 = After(TimeSpan.FromSeconds(1), VitalKind.RespiratoryRate, 25);
        var at16 = After(Minute, VitalKind.RespiratoryRate, 25);

        Assert.Single(first.Alerts);
        Assert.All(during, o => Assert.Equal(News2RiskBand.LowMedium, o.News2!.RiskBand));
        Assert.All(during, o => Assert.Empty(o.Alerts));
        Assert.Equal(News2AlertCodes.RedScore, Assert.Single(at15.Alerts).Code);
        Assert.Empty(at16.Alerts);
    }

    [Fact]
    public void Process_ConfiguredRealertAfter_IsTheReminderInterval()
    {
        using var engine = new AnalyticsEngine(News2Only(TimeSpan.FromMinutes(5)));
        engine.Process(_feed.Reading(VitalKind.RespiratoryRate, 25));
        var raised = engine.Process(_feed.Reading(VitalKind.RespiratoryRate, 25));

        _clock.Advance(TimeSpan.FromMinutes(4));
        var before = engine.Process(_feed.Reading(VitalKind.RespiratoryRate, 25));
        _clock.Advance(Minute);
        var after = engine.Process(_feed.Reading(VitalKind.RespiratoryRate, 25));

        Assert.Single(raised.Alerts);
        Assert.Empty(before.Alerts);
        Assert.Single(after.Alerts);
    }

    [Fact]
    public void Process_SingleLowerScoringBetweenHighs_DoesNotRearm()
    {
        _feed.FeedNormal(_engine);
        After(Minute, VitalKind.RespiratoryRate, 30);
        After(TimeSpan.Zero, VitalKind.SpO2, 90);
        After(TimeSpan.Zero, VitalKind.SpO2, 90);                          // RR 3 + SpO2 3 = 6 -> Medium, raised
        After(TimeSpan.Zero, VitalKind.HeartRate, 45);
        var high = After(TimeSpan.Zero, VitalKind.HeartRate, 45);          // + pulse 1 = 7 -> High, raised
        var dip = After(Minute, VitalKind.HeartRate, 70);                  // 6 -> Medium, once
        var back = After(Minute, VitalKind.HeartRate, 45);                 // 7 -> High again

        Assert.Equal(News2AlertCodes.High, Assert.Single(high.Alerts).Code);
        Assert.Equal(News2RiskBand.Medium, dip.News2!.RiskBand);
        Assert.Empty(dip.Alerts);
        Assert.Equal(News2RiskBand.High, back.News2!.RiskBand);
        Assert.Empty(back.Alerts);
    }

    [Fact]
    public void Process_LowerBandHeldForTwoScorings_RearmsSoTheNextConfirmedRiseAlerts()
    {
        After(TimeSpan.Zero, VitalKind.RespiratoryRate, 25);
        var first = After(TimeSpan.Zero, VitalKind.RespiratoryRate, 25);   // LowMedium, raised
        var drop1 = After(Minute, VitalKind.RespiratoryRate, 16);          // Low, once
        var drop2 = After(Minute, VitalKind.RespiratoryRate, 16);          // Low, twice: the drop counts
        var rise = After(Minute, VitalKind.RespiratoryRate, 25);           // LowMedium again, pending
        var recheck = After(TimeSpan.Zero, VitalKind.RespiratoryRate, 25); // 3 min after the first alert

        Assert.Single(first.Alerts);
        Assert.Empty(drop1.Alerts);
        Assert.Empty(drop2.Alerts);
        Assert.Empty(rise.Alerts);
        Assert.Equal(News2AlertCodes.RedScore, Assert.Single(recheck.Alerts).Code);
    }

    [Fact]
    public void Process_ArtefactValuesThatWouldBeCritical_RaiseNoAlertAndAreExcluded()
    {
        _feed.FeedNormal(_engine);
        _clock.Advance(Minute);

        var outcomes = new[]
        {
            _engine.Process(_feed.Reading(VitalKind.SpO2, 70, QualityIssues.SensorContactLost)),
            _engine.Process(_feed.Reading(VitalKind.SpO2, 70, QualityIssues.SensorContactLost)),
            _engine.Process(_feed.Reading(VitalKind.HeartRate, 30, QualityIssues.Artefact)),
            _engine.Process(_feed.Reading(VitalKind.HeartRate, 30, QualityIssues.Artefact)),
            _engine.Process(_feed.Reading(VitalKind.PulseRate, 0, QualityIssues.Searching)),
            _engine.Process(_feed.Reading(VitalKind.RespiratoryRate, 40, QualityIssues.SensorFault)),
            _engine.Process(_feed.Reading(VitalKind.RespiratoryRate, 40, QualityIssues.SensorFault)),
        };
        var next = After(Minute, VitalKind.BodyTemperature, 37.0);

        Assert.All(outcomes, o => Assert.Empty(o.Alerts));
        Assert.All(outcomes, o => Assert.Equal(ReadingUse.Excluded, o.Use));
        Assert.Equal(0, next.News2!.Total);
        Assert.Empty(next.Alerts);
    }

    [Fact]
    public void Process_RedScoreAgeingOut_CountsAsADropAndRearms()
    {
        After(TimeSpan.Zero, VitalKind.RespiratoryRate, 25);
        var first = After(TimeSpan.Zero, VitalKind.RespiratoryRate, 25);
        var aged1 = After(TimeSpan.FromMinutes(16), VitalKind.SpO2, 97);   // RR aged out -> Low
        var aged2 = After(Minute, VitalKind.SpO2, 97);                     // Low twice
        After(Minute, VitalKind.RespiratoryRate, 25);
        var rise = After(Minute, VitalKind.RespiratoryRate, 25);

        Assert.Single(first.Alerts);
        Assert.Equal(News2RiskBand.Low, aged1.News2!.RiskBand);
        Assert.Equal(News2RiskBand.Low, aged2.News2!.RiskBand);
        Assert.Single(rise.Alerts);
    }
}
