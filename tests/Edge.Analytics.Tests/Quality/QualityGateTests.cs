using Edge.Analytics.Quality;
using Edge.Core;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Analytics.Tests.Quality;

public sealed class QualityGateTests : IDisposable
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));
    private readonly AnalyticsEngine _engine = new(new AnalyticsOptions { ModelPath = string.Empty });
    private readonly PatientFeed _feed;

    public QualityGateTests()
    {
        _feed = new PatientFeed("patient-q", _clock);
    }

    public void Dispose() => _engine.Dispose();

    [Theory]
    [InlineData(QualityIssues.SensorContactLost, DataQualityReason.SensorOff)]
    [InlineData(QualityIssues.SensorFault, DataQualityReason.SensorOff)]
    [InlineData(QualityIssues.Artefact, DataQualityReason.Motion)]
    [InlineData(QualityIssues.Searching, DataQualityReason.Motion)]
    [InlineData(QualityIssues.Stale, DataQualityReason.StaleDisplay)]
    [InlineData(QualityIssues.LowPerfusion, DataQualityReason.LowPerfusion)]
    public void Process_DeviceFlag_IsExcludedAsADataQualityEventNeverAnAlert(QualityIssues flag, DataQualityReason reason)
    {
        var outcome = _engine.Process(_feed.Reading(VitalKind.SpO2, 80, flag));

        Assert.Equal(ReadingUse.Excluded, outcome.Use);
        Assert.Equal(reason, outcome.Quality);
        var e = Assert.Single(outcome.DataQualityEvents);
        Assert.Equal(reason, e.Reason);
        Assert.Equal(VitalKind.SpO2, e.Kind);
        Assert.Equal("device-1", e.DeviceId);
        Assert.Empty(outcome.Alerts);
        Assert.Null(outcome.News2);
    }

    [Fact]
    public void Process_LowPerfusionOnATemperature_IsNotAnOximetryIssue()
    {
        var outcome = _engine.Process(_feed.Reading(VitalKind.BodyTemperature, 37, QualityIssues.LowPerfusion));

        Assert.Equal(ReadingUse.Scored, outcome.Use);
        Assert.Empty(outcome.DataQualityEvents);
    }

    [Fact]
    public void Process_DeviceClockNotSet_IsUsedButReportedOnce()
    {
        var first = _engine.Process(_feed.Reading(VitalKind.SpO2, 97, QualityIssues.DeviceClockNotSet));
        _clock.Advance(TimeSpan.FromMinutes(1));
        var second = _engine.Process(_feed.Reading(VitalKind.SpO2, 96, QualityIssues.DeviceClockNotSet));

        Assert.Equal(ReadingUse.Scored, first.Use);
        Assert.Equal(DataQualityReason.ClockNotSet, Assert.Single(first.DataQualityEvents).Reason);
        Assert.Equal(ReadingUse.Scored, second.Use);
        Assert.Empty(second.DataQualityEvents);
    }

    [Theory]
    [InlineData(VitalKind.HeartRate, 0)]
    [InlineData(VitalKind.HeartRate, 300)]
    [InlineData(VitalKind.SpO2, 127)]
    [InlineData(VitalKind.SpO2, 40)]
    [InlineData(VitalKind.BodyTemperature, 98.6)]
    [InlineData(VitalKind.RespiratoryRate, double.NaN)]
    [InlineData(VitalKind.SystolicBloodPressure, double.PositiveInfinity)]
    public void Process_ImplausibleValue_IsExcludedAsImplausible(VitalKind kind, double value)
    {
        var outcome = _engine.Process(_feed.Reading(kind, value));

        Assert.Equal(ReadingUse.Excluded, outcome.Use);
        Assert.Equal(DataQualityReason.Implausible, Assert.Single(outcome.DataQualityEvents).Reason);
        Assert.Empty(outcome.Alerts);
    }

    [Fact]
    public void Process_ALooseProbe_GivesOneEventPerRunAndAnotherAfterTheRearmTime()
    {
        var events = new List<DataQualityEvent>();
        for (var i = 0; i < 20; i++)
        {
            events.AddRange(_engine.Process(_feed.Reading(VitalKind.SpO2, 0, QualityIssues.SensorContactLost)).DataQualityEvents);
            _clock.Advance(TimeSpan.FromSeconds(30));
        }

        _clock.Advance(TimeSpan.FromMinutes(16));
        events.AddRange(_engine.Process(_feed.Reading(VitalKind.SpO2, 0, QualityIssues.SensorContactLost)).DataQualityEvents);

        Assert.Equal(2, events.Count);
    }

    [Fact]
    public void Process_SameHeartRateForHalfAnHour_IsStuck()
    {
        var outcomes = new List<AnalyticsOutcome>();
        for (var i = 0; i <= 31; i++)
        {
            outcomes.Add(_engine.Process(_feed.Reading(VitalKind.HeartRate, 72)));
            _clock.Advance(TimeSpan.FromMinutes(1));
        }

        var changed = _engine.Process(_feed.Reading(VitalKind.HeartRate, 74));

        Assert.All(outcomes.Take(30), o => Assert.Equal(ReadingUse.Scored, o.Use));
        Assert.Equal(DataQualityReason.Stuck, outcomes[^1].Quality);
        Assert.Equal(ReadingUse.Excluded, outcomes[^1].Use);
        Assert.Equal(ReadingUse.Scored, changed.Use);
    }

    [Fact]
    public void Process_HeartRateSwingingBackAndForth_IsErraticAndExcluded()
    {
        double[] values = [72, 73, 120, 74, 72, 130, 73, 71, 125, 72];
        var outcomes = values.Select(v =>
        {
            _clock.Advance(TimeSpan.FromMinutes(1));
            return _engine.Process(_feed.Reading(VitalKind.HeartRate, v));
        }).ToList();

        Assert.Contains(outcomes, o => o.Quality == DataQualityReason.Erratic);
        Assert.Equal(ReadingUse.Excluded, outcomes[^1].Use);
        Assert.All(outcomes, o => Assert.Empty(o.Alerts));
    }

    [Fact]
    public void Process_ASuddenSustainedStep_IsPhysiologyNotArtefact()
    {
        // SVT: 72 to 150 at once, and it stays.
        double[] values = [72, 73, 71, 150, 151, 149, 150, 152, 150, 151, 149, 150];
        var outcomes = values.Select(v =>
        {
            _clock.Advance(TimeSpan.FromMinutes(1));
            return _engine.Process(_feed.Reading(VitalKind.HeartRate, v));
        }).ToList();

        Assert.All(outcomes, o => Assert.Equal(ReadingUse.Scored, o.Use));
        Assert.Contains(outcomes.SelectMany(o => o.Alerts), a => a.Code == "limit.heart_rate.high");
    }
}
