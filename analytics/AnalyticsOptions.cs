namespace Edge.Analytics;

/// <summary>
/// Settings of the analytics stage. The engine reads them once, when it is constructed; later changes to this object
/// have no effect on a running engine.
/// </summary>
public sealed class AnalyticsOptions
{
    /// <summary>Default of <see cref="InputMaxAge"/>: 15 minutes.</summary>
    public static readonly TimeSpan DefaultInputMaxAge = TimeSpan.FromMinutes(15);

    /// <summary>Default of <see cref="RealertAfter"/>: 15 minutes.</summary>
    public static readonly TimeSpan DefaultRealertAfter = TimeSpan.FromMinutes(15);

    /// <summary>
    /// How old a NEWS2 input may be and still count, measured on <see cref="Edge.Core.Reading.MeasuredAt"/> from the
    /// reading being processed (inclusive). Older inputs are missing. Must be positive. Default 15 minutes.
    /// </summary>
    public TimeSpan InputMaxAge { get; set; } = DefaultInputMaxAge;

    /// <summary>
    /// How long a persisting risk band stays quiet after its alert before it is raised again. Must be positive.
    /// Default 15 minutes.
    /// </summary>
    public TimeSpan RealertAfter { get; set; } = DefaultRealertAfter;

    /// <summary>
    /// The NEWS2 SpO2 scale per opaque patient id: 1 or 2. A patient not listed is scored on Scale 1. Scale 2 is a
    /// clinician's per-patient setting and is never inferred. Keys are compared ordinally (case-sensitive). Empty by
    /// default.
    /// </summary>
    public IReadOnlyDictionary<string, int> SpO2ScaleByPatient { get; set; } = new Dictionary<string, int>();

    /// <summary>
    /// Checks every setting and throws on the first bad one. The message names the setting and never contains a
    /// patient id.
    /// </summary>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public void Validate()
    {
        if (InputMaxAge <= TimeSpan.Zero)
        {
            throw new ArgumentException("AnalyticsOptions.InputMaxAge must be positive.", nameof(InputMaxAge));
        }

        if (RealertAfter <= TimeSpan.Zero)
        {
            throw new ArgumentException("AnalyticsOptions.RealertAfter must be positive.", nameof(RealertAfter));
        }

        if (SpO2ScaleByPatient is null)
        {
            throw new ArgumentException("AnalyticsOptions.SpO2ScaleByPatient must not be null.", nameof(SpO2ScaleByPatient));
        }

        foreach (var (patientId, scale) in SpO2ScaleByPatient)
        {
            // Name the setting, never the patient.
            if (string.IsNullOrEmpty(patientId))
            {
                throw new ArgumentException("AnalyticsOptions.SpO2ScaleByPatient has an empty patient id.", nameof(SpO2ScaleByPatient));
            }

            if (scale is not (1 or 2))
            {
                throw new ArgumentException("AnalyticsOptions.SpO2ScaleByPatient has a scale other than 1 or 2.", nameof(SpO2ScaleByPatient));
            }
        }
    }
}
