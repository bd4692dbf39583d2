using Edge.Analytics.Alerts;
using Edge.Core;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Analytics.Tests.Alerts;

public sealed class HardLimitTests : IDisposable
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));
    private readonly AnalyticsEngine _engine = new(new AnalyticsOptions { ModelPath = string.Empty });
    private readonly PatientFeed _feed;

    public HardLimitTests()
    {
        _feed = new PatientFeed("patient-h", _clock);
    }

    public void Dispose() => _engine.Dispose();

    private List<Alert> Stream(VitalKind kind, params double[] values)
    {
        var alerts = new List<Alert>();
        foreach (var v in values)
        {
            _clock.Advance(Minute);
            alerts.AddRange(_engine.Process(_feed.Reading(kind, v)).Alerts);
        }

        return alerts;
    }

    [Fact]
    public void Process_SpO2At92ForThreeMinutes_RaisesOneHighAlarmLaneAlert()
    {
        var alerts = Stream(VitalKind.SpO2, 97, 92, 91, 92, 91, 92);

        var alert = Assert.Single(alerts);
        Assert.Equal("limit.spo2.low", alert.Code);
        Assert.Equal(AlertSeverity.High, alert.Severity);
        Assert.True(AlertCodes.TravelsInAlarmLane(alert.Severity));
    }

    [Fact]
    public void Process_TwoLowSpO2ReadingsThenANormalOne_IsCancelled()
    {
        var alerts = Stream(VitalKind.SpO2, 97, 90, 91, 97, 97, 97);

        Assert.Empty(alerts);
    }

    [Fact]
    public void Process_CuffPairBothLow_ConfirmsOnTheSecondReading()
    {
        _clock.Advance(Minute);
        var first = _engine.Process(_feed.Reading(VitalKind.SystolicBloodPressure, 86));
        _clock.Advance(Minute);
        var second = _engine.Process(_feed.Reading(VitalKind.SystolicBloodPressure, 85));

        Assert.DoesNotContain(first.Alerts, a => a.Code.StartsWith("limit.", StringComparison.Ordinal));
        Assert.Contains(second.Alerts, a => a.Code == "limit.systolic_bp.low");
    }

    [Fact]
    public void Process_PersistingBreach_RemindsAfterRealertAfterAndClearsWithHysteresis()
    {
        var confirm = Stream(VitalKind.SpO2, 90, 90, 90);
        var quiet = Stream(VitalKind.SpO2, Enumerable.Repeat(91.0, 14).ToArray());
        var reminder = Stream(VitalKind.SpO2, 90);
        var insideButWithinHysteresis = Stream(VitalKind.SpO2, 93, 93, 93);
        var relapse = Stream(VitalKind.SpO2, 92);
        var cleared = Stream(VitalKind.SpO2, 95, 96);
        var newBreach = Stream(VitalKind.SpO2, 90, 91, 90);

        Assert.Single(confirm);
        Assert.Empty(quiet);
        Assert.Single(reminder);
        Assert.Empty(insideButWithinHysteresis);
        Assert.Empty(relapse);
        Assert.Empty(cleared);
        Assert.Equal("limit.spo2.low", Assert.Single(newBreach).Code);
    }

    [Fact]
    public void Process_BreachAndNews2RiseTogether_RaiseOnlyTheMoreSevereAlert()
    {
        _feed.FeedNormal(_engine);
        var alerts = Stream(VitalKind.SpO2, 88, 88, 88);

        // SpO2 88 is NEWS2 3 (red score, Low) and below the hard limit (High): one alert, the High one.
        var alert = Assert.Single(alerts);
        Assert.Equal("limit.spo2.low", alert.Code);
        Assert.Equal(AlertSeverity.High, alert.Severity);
    }

    [Fact]
    public void Sweep_SilentDevice_RaisesOneMissingDataAlertUntilItSpeaksAgain()
    {
        for (var i = 0; i < 10; i++)
        {
            _clock.Advance(Minute);
            _engine.Process(_feed.Reading(VitalKind.SpO2, 97 - (i % 2)));
        }

        var sweeps = new List<Alert>();
        for (var i = 0; i < 30; i++)
        {
            _clock.Advance(Minute);
            sweeps.AddRange(_engine.Sweep(_clock.GetUtcNow()).Alerts);
        }

        _engine.Process(_feed.Reading(VitalKind.SpO2, 97));
        for (var i = 0; i < 30; i++)
        {
            _clock.Advance(Minute);
            sweeps.AddRange(_engine.Sweep(_clock.GetUtcNow()).Alerts);
        }

        Assert.Equal(2, sweeps.Count);
        Assert.All(sweeps, a => Assert.Equal(AlertCodes.DataMissing, a.Code));
        Assert.All(sweeps, a => Assert.Equal(AlertSeverity.Low, a.Severity));
        Assert.False(AlertCodes.IsClinical(sweeps[0].Code));
    }

    [Fact]
    public void Process_DailyWeightGainingTwoKilosOverThreeDays_RaisesAnUpwardTrend()
    {
        var alerts = new List<Alert>();
        double[] week = [80.1, 79.9, 80.0, 80.2, 79.8, 80.0, 80.1];
        double[] gain = [80.7, 81.4, 82.1, 82.3];
        foreach (var w in week.Concat(gain))
        {
            _clock.Advance(TimeSpan.FromDays(1));
            alerts.AddRange(_engine.Process(_feed.Reading(VitalKind.BodyWeight, w)).Alerts);
        }

        var alert = Assert.Single(alerts);
        Assert.Equal("trend.body_weight.up", alert.Code);
        Assert.Equal(AlertSeverity.Low, alert.Severity);
    }

    [Fact]
    public void Process_DailyWeightWobblingForTwoMonths_RaisesNoTrend()
    {
        var rng = new Random(3);
        var alerts = new List<Alert>();
        for (var day = 0; day < 60; day++)
        {
            _clock.Advance(TimeSpan.FromDays(1));
            var w = Math.Round(80 + ((rng.NextDouble() - 0.5) * 0.8), 1);
            alerts.AddRange(_engine.Process(_feed.Reading(VitalKind.BodyWeight, w)).Alerts);
        }

        Assert.Empty(alerts);
    }
}
