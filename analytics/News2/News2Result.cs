namespace Edge.Analytics.News2;

/// <summary>
/// A NEWS2 score as produced by <see cref="News2Calculator.Score"/>: the score of each chart row, the total and the
/// clinical risk band. Immutable.
/// </summary>
/// <remarks>
/// A row whose input is missing has a <see langword="null"/> score and is listed in <see cref="Missing"/>. The score is
/// then <em>partial</em> (<see cref="IsPartial"/>): <see cref="Total"/> is the sum of the rows that could be scored,
/// so it is a lower bound of the full score, and <see cref="RiskBand"/> is a lower bound of the full risk band.
/// </remarks>
public sealed record News2Result
{
    internal News2Result(
        SpO2Scale scale,
        int? respiratoryRateScore,
        int? spO2Score,
        int? airOrOxygenScore,
        int? systolicBloodPressureScore,
        int? pulseScore,
        int? consciousnessScore,
        int? temperatureScore)
    {
        Scale = scale;
        RespiratoryRateScore = respiratoryRateScore;
        SpO2Score = spO2Score;
        AirOrOxygenScore = airOrOxygenScore;
        SystolicBloodPressureScore = systolicBloodPressureScore;
        PulseScore = pulseScore;
        ConsciousnessScore = consciousnessScore;
        TemperatureScore = temperatureScore;

        var missing = News2Parameters.None;
        var total = 0;
        var red = false;
        Add(respiratoryRateScore, News2Parameters.RespiratoryRate);
        Add(spO2Score, News2Parameters.SpO2);
        Add(airOrOxygenScore, News2Parameters.AirOrOxygen);
        Add(systolicBloodPressureScore, News2Parameters.SystolicBloodPressure);
        Add(pulseScore, News2Parameters.Pulse);
        Add(consciousnessScore, News2Parameters.Consciousness);
        Add(temperatureScore, News2Parameters.Temperature);

        Missing = missing;
        Total = total;
        HasRedScore = red;

        // RCP 2017 Charts 3 and 4: the aggregate thresholds win; a single red score only matters while the total is 4 or less.
        RiskBand = total >= 7 ? News2RiskBand.High
            : total >= 5 ? News2RiskBand.Medium
            : red ? News2RiskBand.LowMedium
            : News2RiskBand.Low;

        void Add(int? score, News2Parameters parameter)
        {
            if (score is { } s)
            {
                total += s;
                red |= s == 3;
            }
            else
            {
                missing |= parameter;
            }
        }
    }

    /// <summary>The SpO2 scale the SpO2 row was scored on.</summary>
    public SpO2Scale Scale { get; }

    /// <summary>Respiration rate score (0–3), or <see langword="null"/> when missing.</summary>
    public int? RespiratoryRateScore { get; }

    /// <summary>
    /// SpO2 score (0–3) on <see cref="Scale"/>, or <see langword="null"/> when missing. On Scale 2 an SpO2 of 93 % or
    /// more cannot be scored without knowing air or oxygen, so it is missing too when that is unknown.
    /// </summary>
    public int? SpO2Score { get; }

    /// <summary>Air-or-oxygen score (0 on air, 2 on oxygen), or <see langword="null"/> when unknown.</summary>
    public int? AirOrOxygenScore { get; }

    /// <summary>Systolic blood pressure score (0–3), or <see langword="null"/> when missing.</summary>
    public int? SystolicBloodPressureScore { get; }

    /// <summary>Pulse score (0–3), or <see langword="null"/> when missing.</summary>
    public int? PulseScore { get; }

    /// <summary>Consciousness score (0 Alert, 3 CVPU), or <see langword="null"/> when unknown.</summary>
    public int? ConsciousnessScore { get; }

    /// <summary>Temperature score (0–3), or <see langword="null"/> when missing.</summary>
    public int? TemperatureScore { get; }

    /// <summary>The sum of the row scores that could be scored (0–20).</summary>
    public int Total { get; }

    /// <summary>The rows that could not be scored; <see cref="News2Parameters.None"/> when the score is complete.</summary>
    public News2Parameters Missing { get; }

    /// <summary><see langword="true"/> when at least one row is missing, so <see cref="Total"/> is a lower bound.</summary>
    public bool IsPartial => Missing != News2Parameters.None;

    /// <summary><see langword="true"/> when any single row scores 3 (a "red score").</summary>
    public bool HasRedScore { get; }

    /// <summary>
    /// The clinical risk band: High if <see cref="Total"/> ≥ 7, Medium if ≥ 5, LowMedium if any single row scores 3,
    /// otherwise Low.
    /// </summary>
    public News2RiskBand RiskBand { get; }
}
