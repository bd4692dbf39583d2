using Edge.Analytics.News2;
using Edge.Core;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Analytics.Tests;

public sealed class AnalyticsEngineScoringTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));

    private PatientFeed Feed(string patientId = "patient-a") => new(patientId, _clock);

    [Fact]
    public void Process_News2Input_ScoresThePatientAndReturnsTheResult()
    {
        var engine = new AnalyticsEngine(new AnalyticsOptions());
        var feed = Feed();

        var outcome = engine.Process(feed.Reading(VitalKind.RespiratoryRate, 25));

        Assert.Equal(ReadingUse.Scored, outcome.Use);
        Assert.NotNull(outcome.News2);
        Assert.Equal(3, outcome.News2.RespiratoryRateScore);
        Assert.Equal(3, outcome.News2.Total);
    }

    [Theory]
    [InlineData(VitalKind.BodyWeight, 80)]
    [InlineData(VitalKind.PerfusionIndex, 1)]
    [InlineData(VitalKind.DiastolicBloodPressure, 80)]
    [InlineData(VitalKind.MeanArterialPressure, 90)]
    [InlineData(VitalKind.Glucose, 100)]
    [InlineData(VitalKind.EnergyExpended, 1)]
    [InlineData(VitalKind.RrInterval, 800)]
    public void Process_VitalThatIsNotANews2Input_ReturnsNoResultAndNoAlert(VitalKind kind, double value)
    {
        var engine = new AnalyticsEngine(new AnalyticsOptions());

        var outcome = engine.Process(Feed().Reading(kind, value));

        Assert.Equal(ReadingUse.NotNews2Input, outcome.Use);
        Assert.Null(outcome.News2);
        Assert.Empty(outcome.Alerts);
    }

    [Theory]
    [InlineData(QualityIssues.SensorContactLost)]
    [InlineData(QualityIssues.SensorFault)]
    [InlineData(QualityIssues.Searching)]
    [InlineData(QualityIssues.Artefact)]
    [InlineData(QualityIssues.Artefact | QualityIssues.LowPerfusion)]
    [InlineData(QualityIssues.Stale)]
    public void Process_ArtefactFlaggedReading_IsNotUsedForScoring(QualityIssues flags)
    {
        var engine = new AnalyticsEngine(new AnalyticsOptions());
        var feed = Feed();
        engine.Process(feed.Reading(VitalKind.HeartRate, 70));

        var flagged = engine.Process(feed.Reading(VitalKind.HeartRate, 35, flags));
        var next = engine.Process(feed.Reading(VitalKind.SpO2, 97));

        Assert.Equal(ReadingUse.Excluded, flagged.Use);
        Assert.Null(flagged.News2);
        Assert.Empty(flagged.Alerts);
        Assert.Equal(0, next.News2!.PulseScore);
    }

    [Theory]
    [InlineData(QualityIssues.LowPerfusion)]
    [InlineData(QualityIssues.DeviceAlarm)]
    [InlineData(QualityIssues.GatewayClockUntrusted)]
    public void Process_ReadingWithANonArtefactFlag_IsStillScored(QualityIssues flags)
    {
        var engine = new AnalyticsEngine(new AnalyticsOptions());

        var outcome = engine.Process(Feed().Reading(VitalKind.HeartRate, 35, flags));

        Assert.Equal(ReadingUse.Scored, outcome.Use);
        Assert.Equal(3, outcome.News2!.PulseScore);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Process_NonFiniteValue_IsExcluded(double value)
    {
        var engine = new AnalyticsEngine(new AnalyticsOptions());

        var outcome = engine.Process(Feed().Reading(VitalKind.SpO2, value));

        Assert.Equal(ReadingUse.Excluded, outcome.Use);
        Assert.Null(outcome.News2);
    }

    [Fact]
    public void Process_InputAtExactlyMaxAge_StillCounts()
    {
        var engine = new AnalyticsEngine(new AnalyticsOptions());
        var feed = Feed();
        engine.Process(feed.Reading(VitalKind.RespiratoryRate, 25));

        _clock.Advance(TimeSpan.FromMinutes(15));
        var outcome = engine.Process(feed.Reading(VitalKind.SpO2, 97));

        Assert.Equal(3, outcome.News2!.RespiratoryRateScore);
    }

    [Fact]
    public void Process_InputOlderThanMaxAge_AgesOutAndIsMissing()
    {
        var engine = new AnalyticsEngine(new AnalyticsOptions());
        var feed = Feed();
        engine.Process(feed.Reading(VitalKind.RespiratoryRate, 25));

        _clock.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));
        var outcome = engine.Process(feed.Reading(VitalKind.SpO2, 97));

        Assert.Null(outcome.News2!.RespiratoryRateScore);
        Assert.True(outcome.News2.Missing.HasFlag(News2Parameters.RespiratoryRate));
        Assert.Equal(News2RiskBand.Low, outcome.News2.RiskBand);
    }

    [Fact]
    public void Process_ConfiguredInputMaxAge_IsTheAgeLimit()
    {
        var engine = new AnalyticsEngine(new AnalyticsOptions { InputMaxAge = TimeSpan.FromMinutes(2) });
        var feed = Feed();
        engine.Process(feed.Reading(VitalKind.RespiratoryRate, 25));

        _clock.Advance(TimeSpan.FromMinutes(2));
        var atLimit = engine.Process(feed.Reading(VitalKind.SpO2, 97));
        _clock.Advance(TimeSpan.FromSeconds(1));
        var pastLimit = engine.Process(feed.Reading(VitalKind.SpO2, 97));

        Assert.Equal(3, atLimit.News2!.RespiratoryRateScore);
        Assert.Null(pastLimit.News2!.RespiratoryRateScore);
    }

    [Fact]
    public void Process_GatewayClockStepsBackFurtherThanMaxAge_HeldInputsExpire()
    {
        var engine = new AnalyticsEngine(new AnalyticsOptions());
        var feed = Feed();
        engine.Process(feed.Reading(VitalKind.RespiratoryRate, 25));

        _clock.AdjustTime(_clock.GetUtcNow() - TimeSpan.FromHours(1));
        var outcome = engine.Process(feed.Reading(VitalKind.SpO2, 97));

        Assert.Null(outcome.News2!.RespiratoryRateScore);
    }

    [Fact]
    public void Process_HeartRateThenPulseRate_ScoresTheNewerAsPulse()
    {
        var engine = new AnalyticsEngine(new AnalyticsOptions());
        var feed = Feed();
        engine.Process(feed.Reading(VitalKind.HeartRate, 135));

        _clock.Advance(TimeSpan.FromSeconds(1));
        var afterPulseRate = engine.Process(feed.Reading(VitalKind.PulseRate, 70));
        _clock.Advance(TimeSpan.FromSeconds(1));
        var afterHeartRate = engine.Process(feed.Reading(VitalKind.HeartRate, 45));

        Assert.Equal(0, afterPulseRate.News2!.PulseScore);
        Assert.Equal(1, afterHeartRate.News2!.PulseScore);
    }

    [Fact]
    public void Process_Scale2Patient_IsScoredOnScale2AndOthersOnScale1()
    {
        var options = new AnalyticsOptions
        {
            SpO2ScaleByPatient = new Dictionary<string, int> { ["patient-copd"] = 2, ["patient-listed-1"] = 1 },
        };
        var engine = new AnalyticsEngine(options);

        var copd = engine.Process(Feed("patient-copd").Reading(VitalKind.SpO2, 86));
        var listed = engine.Process(Feed("patient-listed-1").Reading(VitalKind.SpO2, 86));
        var unlisted = engine.Process(Feed("patient-b").Reading(VitalKind.SpO2, 86));

        Assert.Equal(SpO2Scale.Scale2, copd.News2!.Scale);
        Assert.Equal(1, copd.News2.SpO2Score);
        Assert.Equal(SpO2Scale.Scale1, listed.News2!.Scale);
        Assert.Equal(3, listed.News2.SpO2Score);
        Assert.Equal(SpO2Scale.Scale1, unlisted.News2!.Scale);
        Assert.Equal(3, unlisted.News2.SpO2Score);
    }

    [Fact]
    public void Process_Scale2PatientAt93OrAbove_LeavesSpO2MissingBecauseOxygenIsUnknown()
    {
        var options = new AnalyticsOptions { SpO2ScaleByPatient = new Dictionary<string, int> { ["patient-copd"] = 2 } };
        var engine = new AnalyticsEngine(options);

        var outcome = engine.Process(Feed("patient-copd").Reading(VitalKind.SpO2, 97));

        Assert.Null(outcome.News2!.SpO2Score);
        Assert.True(outcome.News2.Missing.HasFlag(News2Parameters.SpO2));
    }

    [Fact]
    public void Process_FullSetOfReadings_IsStillPartialBecauseConsciousnessAndOxygenAreUnknown()
    {
        var engine = new AnalyticsEngine(new AnalyticsOptions());
        var feed = Feed();
        feed.FeedNormal(engine);

        var outcome = engine.Process(feed.Reading(VitalKind.HeartRate, 72));

        Assert.True(outcome.News2!.IsPartial);
        Assert.Equal(News2Parameters.Consciousness | News2Parameters.AirOrOxygen, outcome.News2.Missing);
        Assert.Null(outcome.News2.ConsciousnessScore);
        Assert.Equal(0, outcome.News2.Total);
    }

    [Fact]
    public void Process_ReadingsOfOnePatient_DoNotAffectAnother()
    {
        var engine = new AnalyticsEngine(new AnalyticsOptions());
        engine.Process(Feed("patient-a").Reading(VitalKind.RespiratoryRate, 30));

        var other = engine.Process(Feed("patient-b").Reading(VitalKind.SpO2, 97));

        Assert.Null(other.News2!.RespiratoryRateScore);
        Assert.Equal(0, other.News2.Total);
    }

    [Fact]
    public void Process_ReadingWithoutPatientId_Throws()
    {
        var engine = new AnalyticsEngine(new AnalyticsOptions());

        var ex = Assert.Throws<ArgumentException>(() => engine.Process(Feed(string.Empty).Reading(VitalKind.SpO2, 97)));

        Assert.Equal("reading", ex.ParamName);
        Assert.DoesNotContain("97", ex.Message, StringComparison.Ordinal);
    }
}
