using Edge.Analytics.News2;

namespace Edge.Analytics.Tests.News2;

/// <summary>Totals, partial scores, red scores and risk bands.</summary>
public sealed class News2CalculatorTotalsTests
{
    private static readonly News2Inputs Normal = new(
        RespiratoryRate: 16,
        SpO2: 97,
        OnOxygen: false,
        SystolicBloodPressure: 120,
        Pulse: 70,
        Consciousness: Acvpu.Alert,
        Temperature: 37.0);

    [Fact]
    public void Score_AllNormalAndComplete_IsZeroLowAndNotPartial()
    {
        var result = News2Calculator.Score(Normal);

        Assert.Equal(0, result.Total);
        Assert.False(result.IsPartial);
        Assert.Equal(News2Parameters.None, result.Missing);
        Assert.False(result.HasRedScore);
        Assert.Equal(News2RiskBand.Low, result.RiskBand);
    }

    [Fact]
    public void Score_EveryRowAtItsWorst_IsTheMaximumOfTwenty()
    {
        var worst = new News2Inputs(
            RespiratoryRate: 25,
            SpO2: 91,
            OnOxygen: true,
            SystolicBloodPressure: 90,
            Pulse: 131,
            Consciousness: Acvpu.Unresponsive,
            Temperature: 35.0);

        var result = News2Calculator.Score(worst);

        Assert.Equal(20, result.Total);
        Assert.Equal(News2RiskBand.High, result.RiskBand);
        Assert.False(result.IsPartial);
    }

    [Fact]
    public void Score_Scale2OnOxygenAt97_ScoresThreeForSpO2PlusTwoForOxygen()
    {
        var result = News2Calculator.Score(Normal with { SpO2 = 97, OnOxygen = true }, SpO2Scale.Scale2);

        Assert.Equal(3, result.SpO2Score);
        Assert.Equal(2, result.AirOrOxygenScore);
        Assert.Equal(5, result.Total);
        Assert.True(result.HasRedScore);
        Assert.Equal(News2RiskBand.Medium, result.RiskBand);
    }

    [Fact]
    public void Score_SameInputsOnScale1_ScoresOnlyTheOxygenRow()
    {
        var result = News2Calculator.Score(Normal with { SpO2 = 97, OnOxygen = true });

        Assert.Equal(0, result.SpO2Score);
        Assert.Equal(2, result.Total);
        Assert.Equal(News2RiskBand.Low, result.RiskBand);
    }

    [Fact]
    public void Score_Scale2OnAirAt88_ScoresZeroWhereScale1WouldScoreThree()
    {
        var scale2 = News2Calculator.Score(Normal with { SpO2 = 88 }, SpO2Scale.Scale2);
        var scale1 = News2Calculator.Score(Normal with { SpO2 = 88 });

        Assert.Equal(0, scale2.SpO2Score);
        Assert.Equal(3, scale1.SpO2Score);
    }

    [Fact]
    public void Score_OnlySomeInputs_IsPartialListsTheMissingRowsAndSumsTheRest()
    {
        var result = News2Calculator.Score(new News2Inputs(SpO2: 93, Pulse: 115));

        Assert.True(result.IsPartial);
        Assert.Equal(
            News2Parameters.RespiratoryRate | News2Parameters.AirOrOxygen | News2Parameters.SystolicBloodPressure
                | News2Parameters.Consciousness | News2Parameters.Temperature,
            result.Missing);
        Assert.Equal(2, result.SpO2Score);
        Assert.Equal(2, result.PulseScore);
        Assert.Equal(4, result.Total);
        Assert.Null(result.RespiratoryRateScore);
        Assert.Null(result.SystolicBloodPressureScore);
        Assert.Null(result.TemperatureScore);
    }

    [Fact]
    public void Score_ConsciousnessUnknown_StaysUnknownAndIsNotAssumedAlert()
    {
        var result = News2Calculator.Score(Normal with { Consciousness = null });

        Assert.Null(result.ConsciousnessScore);
        Assert.Equal(News2Parameters.Consciousness, result.Missing);
        Assert.True(result.IsPartial);
    }

    [Fact]
    public void Score_NoInputsAtAll_IsZeroLowWithEveryRowMissing()
    {
        var result = News2Calculator.Score(new News2Inputs());

        Assert.Equal(0, result.Total);
        Assert.Equal(News2Parameters.All, result.Missing);
        Assert.Equal(News2RiskBand.Low, result.RiskBand);
    }

    public static TheoryData<News2Inputs, int, bool, News2RiskBand> RiskBandCases => new()
    {
        // Total 4 from rows of 1 and 2: no red score.
        { Normal with { RespiratoryRate = 10, SpO2 = 94, Pulse = 115 }, 4, false, News2RiskBand.Low },
        // A single 3 with a total of 3: red score.
        { Normal with { RespiratoryRate = 8 }, 3, true, News2RiskBand.LowMedium },
        // A single 3 with a total of 4: still red.
        { Normal with { RespiratoryRate = 8, SpO2 = 95 }, 4, true, News2RiskBand.LowMedium },
        // Total 5 without a red score.
        { Normal with { RespiratoryRate = 22, SpO2 = 92, SystolicBloodPressure = 105 }, 5, false, News2RiskBand.Medium },
        // Total 5 with a red score: the aggregate threshold wins.
        { Normal with { RespiratoryRate = 25, SpO2 = 93 }, 5, true, News2RiskBand.Medium },
        // Total 6.
        { Normal with { RespiratoryRate = 22, SpO2 = 92, Pulse = 115 }, 6, false, News2RiskBand.Medium },
        // Total 7.
        { Normal with { RespiratoryRate = 22, SpO2 = 92, Pulse = 115, Temperature = 38.5 }, 7, false, News2RiskBand.High },
    };

    [Theory]
    [MemberData(nameof(RiskBandCases))]
    public void Score_RiskBand_FollowsTheAggregateThenRedScoreRule(News2Inputs inputs, int total, bool red, News2RiskBand band)
    {
        var result = News2Calculator.Score(inputs);

        Assert.Equal(total, result.Total);
        Assert.Equal(red, result.HasRedScore);
        Assert.Equal(band, result.RiskBand);
    }

    [Fact]
    public void Score_UndefinedScale_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => News2Calculator.Score(Normal, (SpO2Scale)3));
    }

    [Fact]
    public void Score_UndefinedConsciousnessLevel_Throws()
    {
        Assert.Throws<ArgumentException>(() => News2Calculator.Score(Normal with { Consciousness = (Acvpu)9 }));
    }
}
