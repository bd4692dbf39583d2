using Edge.Analytics.News2;

namespace Edge.Analytics.Tests.News2;

/// <summary>Both sides of every band edge of RCP 2017 Chart 1, plus the rounding to chart resolution.</summary>
public sealed class News2CalculatorBandEdgeTests
{
    [Theory]
    [InlineData(0, 3)]
    [InlineData(8, 3)]
    [InlineData(9, 1)]
    [InlineData(11, 1)]
    [InlineData(12, 0)]
    [InlineData(20, 0)]
    [InlineData(21, 2)]
    [InlineData(24, 2)]
    [InlineData(25, 3)]
    [InlineData(60, 3)]
    // Rounded to whole breaths first, midpoints away from zero.
    [InlineData(8.49, 3)]
    [InlineData(8.5, 1)]
    [InlineData(11.49, 1)]
    [InlineData(11.5, 0)]
    [InlineData(20.49, 0)]
    [InlineData(20.5, 2)]
    [InlineData(24.49, 2)]
    [InlineData(24.5, 3)]
    public void RespiratoryRate_ScoresPerChart(double rate, int expected)
    {
        var result = News2Calculator.Score(new News2Inputs(RespiratoryRate: rate));

        Assert.Equal(expected, result.RespiratoryRateScore);
    }

    [Theory]
    [InlineData(70, 3)]
    [InlineData(91, 3)]
    [InlineData(92, 2)]
    [InlineData(93, 2)]
    [InlineData(94, 1)]
    [InlineData(95, 1)]
    [InlineData(96, 0)]
    [InlineData(100, 0)]
    [InlineData(91.49, 3)]
    [InlineData(91.5, 2)]
    [InlineData(93.5, 1)]
    [InlineData(95.49, 1)]
    [InlineData(95.5, 0)]
    public void SpO2OnScale1_ScoresPerChart(double spo2, int expected)
    {
        var result = News2Calculator.Score(new News2Inputs(SpO2: spo2));

        Assert.Equal(expected, result.SpO2Score);
        Assert.Equal(SpO2Scale.Scale1, result.Scale);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void SpO2OnScale1_IgnoresTheOxygenFlag(bool onOxygen)
    {
        var result = News2Calculator.Score(new News2Inputs(SpO2: 97, OnOxygen: onOxygen));

        Assert.Equal(0, result.SpO2Score);
    }

    [Theory]
    [InlineData(70, null, 3)]
    [InlineData(83, null, 3)]
    [InlineData(84, null, 2)]
    [InlineData(85, null, 2)]
    [InlineData(86, null, 1)]
    [InlineData(87, null, 1)]
    [InlineData(88, null, 0)]
    [InlineData(92, null, 0)]
    [InlineData(83.49, null, 3)]
    [InlineData(83.5, null, 2)]
    [InlineData(87.5, null, 0)]
    [InlineData(88, true, 0)]
    [InlineData(92, true, 0)]
    [InlineData(92.49, true, 0)]
    [InlineData(92.5, true, 1)]
    [InlineData(93, true, 1)]
    [InlineData(94, true, 1)]
    [InlineData(95, true, 2)]
    [InlineData(96, true, 2)]
    [InlineData(97, true, 3)]
    [InlineData(100, true, 3)]
    [InlineData(96.5, true, 3)]
    [InlineData(92, false, 0)]
    [InlineData(93, false, 0)]
    [InlineData(97, false, 0)]
    [InlineData(100, false, 0)]
    public void SpO2OnScale2_ScoresPerChart(double spo2, bool? onOxygen, int expected)
    {
        var result = News2Calculator.Score(new News2Inputs(SpO2: spo2, OnOxygen: onOxygen), SpO2Scale.Scale2);

        Assert.Equal(expected, result.SpO2Score);
        Assert.Equal(SpO2Scale.Scale2, result.Scale);
    }

    [Theory]
    [InlineData(93)]
    [InlineData(97)]
    [InlineData(92.5)]
    public void SpO2OnScale2_AtOrAbove93WithAirOrOxygenUnknown_IsMissingNotAssumedAir(double spo2)
    {
        var result = News2Calculator.Score(new News2Inputs(SpO2: spo2), SpO2Scale.Scale2);

        Assert.Null(result.SpO2Score);
        Assert.True(result.Missing.HasFlag(News2Parameters.SpO2));
    }

    [Theory]
    [InlineData(SpO2Scale.Scale1, true, 2)]
    [InlineData(SpO2Scale.Scale1, false, 0)]
    [InlineData(SpO2Scale.Scale2, true, 2)]
    [InlineData(SpO2Scale.Scale2, false, 0)]
    public void AirOrOxygen_ScoresTwoForOxygenOnBothScales(SpO2Scale scale, bool onOxygen, int expected)
    {
        var result = News2Calculator.Score(new News2Inputs(OnOxygen: onOxygen), scale);

        Assert.Equal(expected, result.AirOrOxygenScore);
    }

    [Fact]
    public void AirOrOxygen_Unknown_IsMissingNotAssumedAir()
    {
        var result = News2Calculator.Score(new News2Inputs(SpO2: 97));

        Assert.Null(result.AirOrOxygenScore);
        Assert.True(result.Missing.HasFlag(News2Parameters.AirOrOxygen));
    }

    [Theory]
    [InlineData(60, 3)]
    [InlineData(90, 3)]
    [InlineData(91, 2)]
    [InlineData(100, 2)]
    [InlineData(101, 1)]
    [InlineData(110, 1)]
    [InlineData(111, 0)]
    [InlineData(219, 0)]
    [InlineData(220, 3)]
    [InlineData(260, 3)]
    [InlineData(90.49, 3)]
    [InlineData(90.5, 2)]
    [InlineData(110.5, 0)]
    [InlineData(219.49, 0)]
    [InlineData(219.5, 3)]
    public void SystolicBloodPressure_ScoresPerChart(double systolic, int expected)
    {
        var result = News2Calculator.Score(new News2Inputs(SystolicBloodPressure: systolic));

        Assert.Equal(expected, result.SystolicBloodPressureScore);
    }

    [Theory]
    [InlineData(30, 3)]
    [InlineData(40, 3)]
    [InlineData(41, 1)]
    [InlineData(50, 1)]
    [InlineData(51, 0)]
    [InlineData(90, 0)]
    [InlineData(91, 1)]
    [InlineData(110, 1)]
    [InlineData(111, 2)]
    [InlineData(130, 2)]
    [InlineData(131, 3)]
    [InlineData(200, 3)]
    [InlineData(40.49, 3)]
    [InlineData(40.5, 1)]
    [InlineData(90.49, 0)]
    [InlineData(90.5, 1)]
    [InlineData(130.49, 2)]
    [InlineData(130.5, 3)]
    public void Pulse_ScoresPerChart(double pulse, int expected)
    {
        var result = News2Calculator.Score(new News2Inputs(Pulse: pulse));

        Assert.Equal(expected, result.PulseScore);
    }

    [Theory]
    [InlineData(Acvpu.Alert, 0)]
    [InlineData(Acvpu.NewConfusion, 3)]
    [InlineData(Acvpu.Voice, 3)]
    [InlineData(Acvpu.Pain, 3)]
    [InlineData(Acvpu.Unresponsive, 3)]
    public void Consciousness_ScoresAlertZeroAndCvpuThree(Acvpu level, int expected)
    {
        var result = News2Calculator.Score(new News2Inputs(Consciousness: level));

        Assert.Equal(expected, result.ConsciousnessScore);
    }

    [Theory]
    [InlineData(33.0, 3)]
    [InlineData(35.0, 3)]
    [InlineData(35.1, 1)]
    [InlineData(36.0, 1)]
    [InlineData(36.1, 0)]
    [InlineData(38.0, 0)]
    [InlineData(38.1, 1)]
    [InlineData(39.0, 1)]
    [InlineData(39.1, 2)]
    [InlineData(41.0, 2)]
    // Rounded to 0.1 °C first, midpoints away from zero, as the value is written (not as binary stores it).
    [InlineData(35.04, 3)]
    [InlineData(35.05, 1)]
    [InlineData(36.04, 1)]
    [InlineData(36.05, 0)]
    [InlineData(38.04, 0)]
    [InlineData(38.049999, 0)]
    [InlineData(38.05, 1)]
    [InlineData(39.04, 1)]
    [InlineData(39.05, 2)]
    public void Temperature_ScoresPerChart(double celsius, int expected)
    {
        var result = News2Calculator.Score(new News2Inputs(Temperature: celsius));

        Assert.Equal(expected, result.TemperatureScore);
    }

    [Fact]
    public void Temperature_ConvertedFromFahrenheit_RoundsAsWrittenNotAsBinaryNoise()
    {
        // 102.29 °F is 39.05 °C, but the driver's (F - 32) * 5 / 9 yields 39.04999999999999 in binary floating point.
        // Rounded as double that is 39.0 (scores 1); taken at 15 significant digits it is 39.05, so 39.1 (scores 2).
        var celsius = (102.29 - 32) * 5 / 9;

        var result = News2Calculator.Score(new News2Inputs(Temperature: celsius));

        Assert.NotEqual(39.05, celsius);
        Assert.Equal(2, result.TemperatureScore);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Score_NonFiniteInput_ThrowsWithoutTheValueInTheMessage(double value)
    {
        var ex = Assert.Throws<ArgumentException>(() => News2Calculator.Score(new News2Inputs(Pulse: value)));

        Assert.Equal("inputs", ex.ParamName);
        Assert.DoesNotContain(value.ToString(System.Globalization.CultureInfo.InvariantCulture), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_ExtremeFiniteValues_LandInTheExtremeBands()
    {
        var result = News2Calculator.Score(new News2Inputs(RespiratoryRate: 1e300, Temperature: -1e300));

        Assert.Equal(3, result.RespiratoryRateScore);
        Assert.Equal(3, result.TemperatureScore);
    }
}
