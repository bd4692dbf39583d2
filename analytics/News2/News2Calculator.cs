namespace Edge.Analytics.News2;

/// <summary>
/// Scores NEWS2 exactly per the RCP 2017 Chart 1 table. Pure and thread-safe (no state).
/// </summary>
/// <remarks>
/// <para>
/// <b>Rounding.</b> Each value is first rounded to chart resolution, then looked up: whole numbers for respiration
/// rate, SpO2, systolic blood pressure and pulse, and 0.1 °C for temperature, with
/// <see cref="MidpointRounding.AwayFromZero"/> (20.5 /min → 21, 38.05 °C → 38.1). Rounding once, before the lookup,
/// keeps the chart's bands gap-free: 20.4 /min is 20 and scores 0, 20.5 is 21 and scores 2. The value is taken at 15
/// significant digits before rounding (a <see cref="decimal"/> conversion), so binary noise such as 38.05 being
/// stored as 38.04999… does not move a value across a band edge.
/// </para>
/// <para>
/// <b>Missing inputs.</b> A <see langword="null"/> input leaves its row unscored and listed in
/// <see cref="News2Result.Missing"/>. Unknown air/oxygen is missing, not assumed to be air; unknown consciousness is
/// missing, not assumed to be Alert. On Scale 2 an SpO2 of 93 % or more scores 0 on air and 1–3 on oxygen, so with
/// air/oxygen unknown the SpO2 row is missing as well.
/// </para>
/// <para>
/// <b>Plausibility</b> is not judged here (that is the quality gate's job): any finite value is looked up.
/// </para>
/// </remarks>
public static class News2Calculator
{
    /// <summary>Scores <paramref name="inputs"/> on the given SpO2 scale.</summary>
    /// <param name="inputs">The observations; any may be missing.</param>
    /// <param name="scale">
    /// The patient's SpO2 scale. Scale 1 unless a clinician has configured Scale 2 for this patient; never inferred.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="inputs"/> is null.</exception>
    /// <exception cref="ArgumentException">An input is NaN or infinite.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="scale"/> is not a defined scale.</exception>
    public static News2Result Score(News2Inputs inputs, SpO2Scale scale = SpO2Scale.Scale1)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (scale is not (SpO2Scale.Scale1 or SpO2Scale.Scale2))
        {
            throw new ArgumentOutOfRangeException(nameof(scale), "Unknown SpO2 scale.");
        }

        // The values themselves stay out of the messages: they are vital signs.
        if (!FiniteOrMissing(inputs.RespiratoryRate) || !FiniteOrMissing(inputs.SpO2)
            || !FiniteOrMissing(inputs.SystolicBloodPressure) || !FiniteOrMissing(inputs.Pulse)
            || !FiniteOrMissing(inputs.Temperature))
        {
            throw new ArgumentException("Every NEWS2 input must be a finite number or missing.", nameof(inputs));
        }

        if (inputs.Consciousness is { } level && !Enum.IsDefined(level))
        {
            throw new ArgumentException("The consciousness level is not a defined ACVPU level.", nameof(inputs));
        }

        return new News2Result(
            scale,
            RespiratoryRate(inputs.RespiratoryRate),
            scale == SpO2Scale.Scale1 ? SpO2Scale1(inputs.SpO2) : SpO2Scale2(inputs.SpO2, inputs.OnOxygen),
            AirOrOxygen(inputs.OnOxygen),
            SystolicBloodPressure(inputs.SystolicBloodPressure),
            Pulse(inputs.Pulse),
            Consciousness(inputs.Consciousness),
            Temperature(inputs.Temperature));
    }

    // The lookups below are the chart's inclusive upper-bound chains (reference/analytics.md §1.1), applied to values
    // already rounded to chart resolution.

    private static int? RespiratoryRate(double? value) => ToChart(value, 0) switch
    {
        null => null,
        <= 8m => 3,
        <= 11m => 1,
        <= 20m => 0,
        <= 24m => 2,
        _ => 3,
    };

    private static int? SpO2Scale1(double? value) => ToChart(value, 0) switch
    {
        null => null,
        <= 91m => 3,
        <= 93m => 2,
        <= 95m => 1,
        _ => 0,
    };

    private static int? SpO2Scale2(double? value, bool? onOxygen) => ToChart(value, 0) switch
    {
        null => null,
        <= 83m => 3,
        <= 85m => 2,
        <= 87m => 1,
        <= 92m => 0,
        // From 93 % the chart splits by air or oxygen; unknown cannot be scored.
        _ when onOxygen is null => null,
        _ when onOxygen == false => 0,
        <= 94m => 1,
        <= 96m => 2,
        _ => 3,
    };

    // The oxygen row scores 2 on both scales.
    private static int? AirOrOxygen(bool? onOxygen) => onOxygen switch
    {
        null => null,
        true => 2,
        false => 0,
    };

    private static int? SystolicBloodPressure(double? value) => ToChart(value, 0) switch
    {
        null => null,
        <= 90m => 3,
        <= 100m => 2,
        <= 110m => 1,
        <= 219m => 0,
        _ => 3,
    };

    private static int? Pulse(double? value) => ToChart(value, 0) switch
    {
        null => null,
        <= 40m => 3,
        <= 50m => 1,
        <= 90m => 0,
        <= 110m => 1,
        <= 130m => 2,
        _ => 3,
    };

    private static int? Consciousness(Acvpu? level) => level switch
    {
        null => null,
        Acvpu.Alert => 0,
        // New confusion, voice, pain and unresponsive all score 3 (Score has rejected undefined levels).
        _ => 3,
    };

    private static int? Temperature(double? value) => ToChart(value, 1) switch
    {
        null => null,
        <= 35.0m => 3,
        <= 36.0m => 1,
        <= 38.0m => 0,
        <= 39.0m => 1,
        _ => 2,
    };

    private static bool FiniteOrMissing(double? value) => value is not { } v || double.IsFinite(v);

    /// <summary>Rounds a finite device value to chart resolution (<paramref name="decimals"/> places, midpoints away from zero).</summary>
    private static decimal? ToChart(double? value, int decimals)
    {
        if (value is not { } v)
        {
            return null;
        }

        // Every chart edge lies well inside ±1e6, so clamping there changes no score; it keeps the decimal conversion
        // (which holds at most about ±7.9e28) from overflowing. The conversion keeps 15 significant digits.
        var exact = (decimal)Math.Clamp(v, -1e6, 1e6);
        return Math.Round(exact, decimals, MidpointRounding.AwayFromZero);
    }
}
