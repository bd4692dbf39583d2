using System.Collections.Frozen;
using Edge.Analytics.News2;
using Edge.Core;

namespace Edge.Analytics;

/// <summary>
/// The per-reading analytics step that ingest calls: it keeps each patient's latest NEWS2 inputs, rescores NEWS2 and
/// raises alerts when the risk band rises.
/// </summary>
/// <remarks>
/// <para>
/// <b>Threading.</b> Not thread-safe. One caller (the ingest stage's loop) owns the engine and calls
/// <see cref="Process"/> for every reading, in arrival order.
/// </para>
/// <para>
/// <b>Inputs.</b> Per patient the engine holds the latest value of respiration rate, SpO2, systolic blood pressure,
/// pulse (from <see cref="VitalKind.HeartRate"/> or <see cref="VitalKind.PulseRate"/>, whichever came last) and
/// temperature. The latest reading to arrive wins: <see cref="Reading.MeasuredAt"/> is the gateway receive time, so
/// arrival order is time order. An input counts while it is at most <see cref="AnalyticsOptions.InputMaxAge"/> from
/// the processed reading's <see cref="Reading.MeasuredAt"/>; older inputs are missing and the score is partial. Air or
/// oxygen and consciousness have no reading kind yet and are always missing, so today every score is partial.
/// </para>
/// <para>
/// <b>Readings not used.</b> Readings of other vitals, readings flagged with any of <see cref="UnscorableIssues"/>
/// (artefacts, and held display values flagged stale) and non-finite values change nothing: the outcome has no NEWS2
/// result and no alert. Other flags (low perfusion, untrusted clock) do not stop scoring; the quality gate will judge
/// them later.
/// </para>
/// <para>
/// <b>Alerts.</b> A rise of the risk band to LowMedium, Medium or High raises one <see cref="Alert"/>
/// (<see cref="News2AlertCodes"/>; severity Low, Medium, High). A persisting band is raised again only after
/// <see cref="AnalyticsOptions.RealertAfter"/>; a drop re-arms once the lower band has held for two consecutive
/// scorings. A partial score alerts too: it is a lower bound of the full score. The alert's id is a version 7 GUID
/// of the reading's gateway time, its score the NEWS2 total, its trigger the reading.
/// </para>
/// <para>
/// <b>Privacy.</b> The engine does not log; its exception messages carry no patient id and no vital value.
/// </para>
/// </remarks>
public sealed class AnalyticsEngine
{
    /// <summary>Quality issues that make a reading an artefact, unfit for scoring.</summary>
    public const QualityIssues UnscorableIssues =
        QualityIssues.SensorContactLost | QualityIssues.SensorFault | QualityIssues.Searching | QualityIssues.Artefact | QualityIssues.Stale;

    private static readonly AnalyticsOutcome NotNews2Input = new(ReadingUse.NotNews2Input, null, []);
    private static readonly AnalyticsOutcome Excluded = new(ReadingUse.Excluded, null, []);

    private readonly TimeSpan _inputMaxAge;
    private readonly TimeSpan _realertAfter;
    private readonly FrozenDictionary<string, SpO2Scale> _scales;
    private readonly Dictionary<string, PatientState> _patients = new(StringComparer.Ordinal);

    /// <summary>Creates an engine with no patient state.</summary>
    /// <param name="options">Settings, validated and copied here.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">A setting is out of range (see <see cref="AnalyticsOptions.Validate"/>).</exception>
    public AnalyticsEngine(AnalyticsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        _inputMaxAge = options.InputMaxAge;
        _realertAfter = options.RealertAfter;
        _scales = options.SpO2ScaleByPatient.ToFrozenDictionary(
            p => p.Key,
            p => p.Value == 2 ? SpO2Scale.Scale2 : SpO2Scale.Scale1,
            StringComparer.Ordinal);
    }

    /// <summary>Processes one reading: updates the patient's NEWS2 inputs, rescores and decides on alerts.</summary>
    /// <param name="reading">A reading from ingest, bound to a patient.</param>
    /// <returns>
    /// What was done, the patient's NEWS2 when the reading was scored (otherwise <see langword="null"/>: nothing
    /// changed), and the alerts raised (at most one).
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="reading"/> is null.</exception>
    /// <exception cref="ArgumentException">The reading has no patient id.</exception>
    public AnalyticsOutcome Process(Reading reading)
    {
        ArgumentNullException.ThrowIfNull(reading);
        if (string.IsNullOrEmpty(reading.PatientId))
        {
            throw new ArgumentException("The reading has no patient id.", nameof(reading));
        }

        if (News2InputMap.For(reading.Kind) is not { } input)
        {
            return NotNews2Input;
        }

        if ((reading.Flags & UnscorableIssues) != 0 || !double.IsFinite(reading.Value))
        {
            return Excluded;
        }

        var patient = GetOrAddPatient(reading.PatientId);
        var now = reading.MeasuredAt;
        patient.Set(input, reading.Value, now);

        var news2 = News2Calculator.Score(patient.InputsAt(now, _inputMaxAge), patient.Scale);
        IReadOnlyList<Alert> alerts = patient.Alerter.Observe(news2.RiskBand, now) is { } band
            ? [CreateAlert(reading, band, news2.Total)]
            : [];

        return new AnalyticsOutcome(ReadingUse.Scored, news2, alerts);
    }

    private PatientState GetOrAddPatient(string patientId)
    {
        if (!_patients.TryGetValue(patientId, out var patient))
        {
            var scale = _scales.GetValueOrDefault(patientId, SpO2Scale.Scale1);
            patient = new PatientState(scale, _realertAfter);
            _patients.Add(patientId, patient);
        }

        return patient;
    }

    private static Alert CreateAlert(Reading reading, News2RiskBand band, int total)
    {
        var (code, severity) = band switch
        {
            News2RiskBand.High => (News2AlertCodes.High, AlertSeverity.High),
            News2RiskBand.Medium => (News2AlertCodes.Medium, AlertSeverity.Medium),
            News2RiskBand.LowMedium => (News2AlertCodes.RedScore, AlertSeverity.Low),
            _ => throw new ArgumentOutOfRangeException(nameof(band), "Low risk raises no alert."),
        };

        return new Alert(
            Guid.CreateVersion7(reading.GatewayTime),
            reading.PatientId,
            code,
            severity,
            total,
            reading.GatewayTime,
            reading.Id);
    }
}
