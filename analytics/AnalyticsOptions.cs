using Edge.Analytics.Alerts;
using Edge.Analytics.Baselines;
using Edge.Analytics.Quality;
using Edge.Core;

namespace Edge.Analytics;

/// <summary>
/// Settings of the analytics stage (configuration section <c>Edge:Analytics</c>). The engine reads them once, when it
/// is constructed; later changes to this object have no effect on a running engine. Every default is safe to run with.
/// </summary>
public sealed class AnalyticsOptions
{
    /// <summary>Default of <see cref="InputMaxAge"/>: 15 minutes.</summary>
    public static readonly TimeSpan DefaultInputMaxAge = TimeSpan.FromMinutes(15);

    /// <summary>Default of <see cref="RealertAfter"/>: 15 minutes.</summary>
    public static readonly TimeSpan DefaultRealertAfter = TimeSpan.FromMinutes(15);

    /// <summary>Default of <see cref="ModelPath"/>: the model shipped next to the assemblies.</summary>
    public const string DefaultModelPath = "models/vitals-ae-v1.onnx";

    /// <summary>
    /// How old a NEWS2 input may be and still count, measured on <see cref="Reading.MeasuredAt"/> from the
    /// reading being processed (inclusive). Older inputs are missing. Must be positive. Default 15 minutes.
    /// </summary>
    public TimeSpan InputMaxAge { get; set; } = DefaultInputMaxAge;

    /// <summary>
    /// How long a persisting rule alert (a NEWS2 band, a hard limit) stays quiet after its alert before it is raised
    /// again. Must be positive. Default 15 minutes.
    /// </summary>
    public TimeSpan RealertAfter { get; set; } = DefaultRealertAfter;

    /// <summary>
    /// How long a rule breach waits for its re-check (the next reading of the same vital) before it is raised
    /// unconfirmed. Must be positive. Default 10 minutes.
    /// </summary>
    public TimeSpan RecheckWithin { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Breaching readings in a row that confirm a rule breach of a streamed vital, provided they span at least
    /// <see cref="RecheckStreamSpan"/>. 2–10; default 3.
    /// </summary>
    public int RecheckReadings { get; set; } = 3;

    /// <summary>Shortest time the confirming readings of a streamed vital must span. Default 2 minutes.</summary>
    public TimeSpan RecheckStreamSpan { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Two breaching readings at least this far apart also confirm a breach: a spot measurement (cuff, thermometer)
    /// and its re-check. Default 5 minutes.
    /// </summary>
    public TimeSpan RecheckSpotSpan { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The NEWS2 SpO2 scale per opaque patient id: 1 or 2. A patient not listed is scored on Scale 1. Scale 2 is a
    /// clinician's per-patient setting and is never inferred. Keys are compared ordinally (case-sensitive). Empty by
    /// default.
    /// </summary>
    public IReadOnlyDictionary<string, int> SpO2ScaleByPatient { get; set; } = new Dictionary<string, int>();

    /// <summary>
    /// Hard limits per vital, keyed by <see cref="VitalCatalog"/> key (for example <c>spo2</c>). Configuration merges
    /// into the defaults (<see cref="HardLimit.Defaults"/>) key by key.
    /// </summary>
    public Dictionary<string, HardLimit> HardLimits { get; set; } = HardLimit.Defaults();

    /// <summary>
    /// The anomaly model file. A relative path is resolved against the application's base directory. Empty means
    /// no model: the rules and baselines run, and analytics reports itself degraded. Default
    /// <see cref="DefaultModelPath"/>.
    /// </summary>
    public string? ModelPath { get; set; } = DefaultModelPath;

    /// <summary>Largest batch the scorer preallocates (for example the number of patients). 1–1024; default 64.</summary>
    public int ModelMaxBatch { get; set; } = 64;

    /// <summary>
    /// Multiplies the model's own per-channel thresholds (the p99.9 newest-minute error of normal validation windows,
    /// from its metadata). A minute is scored every minute, so p99.9 alone would flag ~1.4 minutes a day per channel;
    /// 3 is where the synthetic evaluation (docs/clinical-evaluation.md) kept the advisory budget. 0.25–10; default 3.
    /// </summary>
    public double ModelThresholdScale { get; set; } = 3.0;

    /// <summary>
    /// Advisory persistence: at least <see cref="AdvisoryK"/> flagged minutes among the last <see cref="AdvisoryN"/>.
    /// Default 2 (of 3): with the quality gate holding the advisory channels after any artefact, two minutes are
    /// enough, and a third would add a minute to every detection.
    /// </summary>
    public int AdvisoryK { get; set; } = 2;

    /// <summary>Advisory persistence window in scored minutes (at most 31). Default 3.</summary>
    public int AdvisoryN { get; set; } = 3;

    /// <summary>An active advisory clears after this many scored minutes in a row below the hysteresis level. Default 15.</summary>
    public int AdvisoryClearMinutes { get; set; } = 15;

    /// <summary>How long a persisting advisory stays quiet before it is raised again. Default 2 hours.</summary>
    public TimeSpan AdvisoryRealertAfter { get; set; } = TimeSpan.FromHours(2);

    /// <summary>
    /// After a data-quality issue on a model channel, the advisory channels hold their judgement this long (the
    /// rules keep running). Default 10 minutes.
    /// </summary>
    public TimeSpan DataQualityHold { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>A device is silent after max(<see cref="SilenceMinimum"/>, this × its usual interval). 1.5–100; default 8, so that
    /// a few lost samples in a row (30–50 % loss is normal for wearables) are not a silence.</summary>
    public double SilenceFactor { get; set; } = 8;

    /// <summary>The shortest silence that raises a missing-data alert. Default 10 minutes.</summary>
    public TimeSpan SilenceMinimum { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Severity of the missing-data alert. Default Low (not the alarm lane).</summary>
    public AlertSeverity SilenceSeverity { get; set; } = AlertSeverity.Low;

    /// <summary>
    /// IANA or Windows time-zone id of the site, for the time-of-day baseline bins. Default <c>UTC</c>; set it, or
    /// the "night" bin sits wherever UTC puts it.
    /// </summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>
    /// Whether outcomes carry <see cref="AnalyticsOutcome.Scores"/> (one small record per closed minute). Off in the
    /// service, on for offline analysis and evaluation. Default false.
    /// </summary>
    public bool EmitMinuteScores { get; set; }

    /// <summary>Signal-quality gate settings.</summary>
    public QualityGateOptions Quality { get; set; } = new();

    /// <summary>Per-patient baseline and trend settings.</summary>
    public BaselineOptions Baseline { get; set; } = new();

    /// <summary>
    /// Checks every setting and throws on the first bad one. The message names the setting and never contains a
    /// patient id.
    /// </summary>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public void Validate()
    {
        foreach (var error in Errors())
        {
            // The parameter name is the setting's top-level key, so callers (and tests) can tell which one failed.
            var key = error[..error.IndexOf(' ', StringComparison.Ordinal)];
            throw new ArgumentException("AnalyticsOptions." + error, key.Split(':')[0]);
        }
    }

    /// <summary>Every problem with the settings, each naming its key (relative to <c>Edge:Analytics</c>); empty when valid.</summary>
    public IEnumerable<string> Errors()
    {
        if (InputMaxAge <= TimeSpan.Zero) yield return "InputMaxAge must be positive.";
        if (RealertAfter <= TimeSpan.Zero) yield return "RealertAfter must be positive.";
        if (RecheckWithin <= TimeSpan.Zero) yield return "RecheckWithin must be positive.";
        if (RecheckReadings is < 2 or > 10) yield return "RecheckReadings must be between 2 and 10.";
        if (RecheckStreamSpan < TimeSpan.Zero) yield return "RecheckStreamSpan must not be negative.";
        if (RecheckSpotSpan <= TimeSpan.Zero || RecheckSpotSpan > RecheckWithin) yield return "RecheckSpotSpan must be positive and at most RecheckWithin.";
        if (SpO2ScaleByPatient is null)
        {
            yield return "SpO2ScaleByPatient must not be null.";
        }
        else
        {
            foreach (var (patientId, scale) in SpO2ScaleByPatient)
            {
                // Name the setting, never the patient.
                if (string.IsNullOrEmpty(patientId)) yield return "SpO2ScaleByPatient has an empty patient id.";
                if (scale is not (1 or 2)) yield return "SpO2ScaleByPatient has a scale other than 1 or 2.";
            }
        }

        if (HardLimits is null)
        {
            yield return "HardLimits must not be null.";
        }
        else
        {
            foreach (var (key, limit) in HardLimits)
            {
                if (!VitalCatalog.All.Any(v => v.Key == key)) yield return $"HardLimits:{key} is not a vital key.";
                else if (limit is null) yield return $"HardLimits:{key} must not be null.";
                else if (limit.Low is { } low && limit.High is { } high && low >= high) yield return $"HardLimits:{key}:Low must be below High.";
                else if (!(limit.Hysteresis >= 0)) yield return $"HardLimits:{key}:Hysteresis must not be negative.";
                else if (!Enum.IsDefined(limit.LowSeverity) || !Enum.IsDefined(limit.HighSeverity)) yield return $"HardLimits:{key} has an unknown severity.";
            }
        }

        if (ModelMaxBatch is < 1 or > 1024) yield return "ModelMaxBatch must be between 1 and 1024.";
        if (!(ModelThresholdScale >= 0.25 && ModelThresholdScale <= 10)) yield return "ModelThresholdScale must be between 0.25 and 10.";
        if (AdvisoryN is < 1 or > 31) yield return "AdvisoryN must be between 1 and 31.";
        if (AdvisoryK < 1 || AdvisoryK > AdvisoryN) yield return "AdvisoryK must be between 1 and AdvisoryN.";
        if (AdvisoryClearMinutes < 1) yield return "AdvisoryClearMinutes must be at least 1.";
        if (AdvisoryRealertAfter <= TimeSpan.Zero) yield return "AdvisoryRealertAfter must be positive.";
        if (DataQualityHold < TimeSpan.Zero) yield return "DataQualityHold must not be negative.";
        if (!(SilenceFactor >= 1.5 && SilenceFactor <= 100)) yield return "SilenceFactor must be between 1.5 and 100.";
        if (SilenceMinimum < TimeSpan.FromMinutes(1)) yield return "SilenceMinimum must be at least 1 minute.";
        if (!Enum.IsDefined(SilenceSeverity)) yield return "SilenceSeverity is not a defined severity.";
        if (string.IsNullOrWhiteSpace(TimeZone) || !TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _)) yield return "TimeZone is not a known time zone.";
        if (Quality is null) yield return "Quality must not be null.";
        else foreach (var e in Quality.Errors()) yield return e;
        if (Baseline is null) yield return "Baseline must not be null.";
        else foreach (var e in Baseline.Errors()) yield return e;
    }
}
