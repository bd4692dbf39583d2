using System.Globalization;

namespace Edge.Analytics.Model;

/// <summary>
/// The input/output contract an anomaly model declares in its ONNX <c>metadata_props</c>, parsed and checked
/// against <see cref="ModelChannels"/>. A model that declares anything else is refused, never guessed at.
/// </summary>
/// <param name="Version">The model's version string.</param>
/// <param name="ThresholdScore">Threshold of the overall window score (p99.5 of normal validation windows).</param>
/// <param name="ThresholdsWindow">Per-channel thresholds of the window score.</param>
/// <param name="ThresholdsLast">Per-channel thresholds of the newest-minute error (p99.9).</param>
/// <param name="TrainingDataSha256">Hash of the training windows, for provenance.</param>
public sealed record ModelContract(
    string Version,
    float ThresholdScore,
    IReadOnlyList<float> ThresholdsWindow,
    IReadOnlyList<float> ThresholdsLast,
    string TrainingDataSha256)
{
    /// <summary>The contract name this build understands.</summary>
    public const string Name = "edge.vitals-ae/1";

    /// <summary>Input and output tensor names.</summary>
    public const string InputX = "x", InputMask = "mask", OutputScorePerVital = "score_per_vital", OutputScore = "score", OutputLastPerVital = "last_per_vital";

    /// <summary>Parses and checks the metadata map; <see langword="null"/> with a PHI-free reason when it does not match.</summary>
    public static ModelContract? TryParse(IReadOnlyDictionary<string, string> meta, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(meta);
        string Get(string key) => meta.TryGetValue(key, out var v) ? v : string.Empty;

        problem = null;
        if (Get("contract") != Name)
        {
            problem = "the model's contract is not " + Name;
        }
        else if (Get("window_minutes") != ModelChannels.WindowMinutes.ToString(CultureInfo.InvariantCulture))
        {
            problem = "the model's window length differs";
        }
        else if (Get("channels") != string.Join(',', ModelChannels.Keys) || Get("units") != string.Join(',', ModelChannels.Units))
        {
            problem = "the model's channels or units differ";
        }
        else if (Get("tod_bins") != ModelChannels.TimeOfDayBins.ToString(CultureInfo.InvariantCulture)
            || !Same(Floats(Get("floors")), ModelChannels.Floors)
            || !Same(Floats(Get("stale_after_minutes")), ModelChannels.StaleAfterMinutes.Select(v => (double)v).ToArray())
            || !Same(Floats(Get("z_clip")), [ModelChannels.ZClip]))
        {
            problem = "the model's normalisation differs";
        }

        var window = Floats(Get("thresholds_window_per_vital"));
        var last = Floats(Get("thresholds_last_per_vital"));
        var score = Floats(Get("threshold_score"));
        if (problem is null && (window is not { Length: ModelChannels.Count } || last is not { Length: ModelChannels.Count } || score is not { Length: 1 }
            || window.Concat(last).Concat(score).Any(t => !(t > 0))))
        {
            problem = "the model's thresholds are missing or not positive";
        }

        if (problem is not null)
        {
            return null;
        }

        return new ModelContract(
            Get("model_version"),
            (float)score![0],
            window!.Select(v => (float)v).ToArray(),
            last!.Select(v => (float)v).ToArray(),
            Get("training_data_sha256"));
    }

    private static double[]? Floats(string csv)
    {
        if (csv.Length == 0)
        {
            return null;
        }

        var parts = csv.Split(',');
        var result = new double[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out result[i]))
            {
                return null;
            }
        }

        return result;
    }

    private static bool Same(double[]? a, double[] b) =>
        a is not null && a.Length == b.Length && a.Zip(b).All(p => Math.Abs(p.First - p.Second) <= 1e-6 * Math.Max(1, Math.Abs(p.Second)));
}
