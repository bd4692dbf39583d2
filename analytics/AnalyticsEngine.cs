using System.Collections.Frozen;
using System.Diagnostics.Metrics;
using Edge.Analytics.Alerts;
using Edge.Analytics.Baselines;
using Edge.Analytics.Model;
using Edge.Analytics.News2;
using Edge.Analytics.Quality;
using Edge.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;

namespace Edge.Analytics;

/// <summary>
/// The per-reading analytics step that ingest calls: quality gate → NEWS2, hard limits, per-patient baseline and
/// window model, sporadic trends → alert engine. See <c>analytics/README.md</c> for the full behaviour.
/// </summary>
/// <remarks>
/// <para>
/// <b>Threading.</b> Not thread-safe. One caller (the ingest stage's loop) owns the engine and calls
/// <see cref="Process"/> for every reading, in arrival order, and <see cref="Sweep"/> from the same loop about once a
/// minute so that silence and overdue re-checks are noticed when no reading arrives.
/// </para>
/// <para>
/// <b>Time.</b> The engine never reads a clock: time is the reading's <see cref="Reading.MeasuredAt"/> (gateway receive
/// time) or the <c>now</c> passed to <see cref="Sweep"/>. Offline analysis therefore runs exactly like live.
/// </para>
/// <para>
/// <b>NEWS2 inputs.</b> Per patient the engine holds the latest accepted value of respiration rate, SpO2, systolic
/// blood pressure, pulse (heart rate or pulse rate, whichever came last) and temperature. An input counts while it is
/// at most <see cref="AnalyticsOptions.InputMaxAge"/> from the processed reading; older inputs are missing and the
/// score is partial. Air or oxygen and consciousness have no reading kind yet and are always missing.
/// </para>
/// <para>
/// <b>Alerts.</b> Rules own escalation: NEWS2 band rises (<see cref="News2AlertCodes"/>) and hard limits
/// (<see cref="AlertCodes.Limit"/>), both confirmed on re-check. The advisory channels (model and baseline deviation,
/// k of n minutes) add Low-severity alerts and never lower, delay or remove a rule alert. At most one rule alert per
/// reading: when several fire together the most severe is raised. The alert's id is a version 7 GUID of the gateway
/// time, its trigger the reading (or, for alerts raised by <see cref="Sweep"/>, the patient's latest reading).
/// </para>
/// <para>
/// <b>Privacy.</b> Logs and metrics carry codes, severities and reasons only; exception messages carry no patient id
/// and no vital value.
/// </para>
/// </remarks>
public sealed class AnalyticsEngine : IDisposable
{
    /// <summary>Quality issues that make a reading an artefact, unfit for scoring (the gate also rejects low perfusion on oximetry).</summary>
    public const QualityIssues UnscorableIssues =
        QualityIssues.SensorContactLost | QualityIssues.SensorFault | QualityIssues.Searching | QualityIssues.Artefact | QualityIssues.Stale;

    private const int W = ModelChannels.WindowMinutes;
    private const int V = ModelChannels.Count;
    private const int StreamChannels = 3;
    private const int MinObservedMinutes = W / 4;
    private static readonly TimeSpan RuleDedupWindow = TimeSpan.FromHours(1);

    private readonly AnalyticsOptions _options;
    private readonly FrozenDictionary<string, SpO2Scale> _scales;
    private readonly Dictionary<string, PatientState> _patients = new(StringComparer.Ordinal);
    private readonly QualityGate _gate;
    private readonly SilenceMonitor _silence;
    private readonly TimeZoneInfo _zone;
    private readonly (double? Low, double? High, AlertSeverity LowSeverity, AlertSeverity HighSeverity, double Hysteresis)[] _limits;
    private readonly float[] _modelThresholds = new float[V];
    private readonly RecheckRule _recheck;
    private readonly ILogger _logger;
    private readonly AnalyticsMetrics _metrics;
    private readonly bool _ownsScorer;
    private IAnomalyScorer? _scorer;
    private AnalyticsStatus _status;

    /// <summary>
    /// Creates an engine with no patient state, loading the anomaly model from <see cref="AnalyticsOptions.ModelPath"/>.
    /// A missing or unusable model leaves the engine running, degraded (see <see cref="Status"/>).
    /// </summary>
    /// <param name="options">Settings, validated and copied here.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">A setting is out of range (see <see cref="AnalyticsOptions.Validate"/>).</exception>
    public AnalyticsEngine(AnalyticsOptions options)
        : this(options, null, null)
    {
    }

    /// <summary>Creates an engine that loads its model from <see cref="AnalyticsOptions.ModelPath"/>, with logging and metrics.</summary>
    /// <param name="options">Settings, validated and copied here.</param>
    /// <param name="logger">Logger (event ids 4000–4099); <see langword="null"/> for none.</param>
    /// <param name="meterFactory">Meter factory for the <c>Edge.Analytics</c> meter; <see langword="null"/> for none.</param>
    public AnalyticsEngine(AnalyticsOptions options, ILogger? logger, IMeterFactory? meterFactory)
        : this(options, logger, meterFactory, scorer: null, ownsScorer: true, loadModel: true)
    {
    }

    /// <summary>
    /// Creates an engine around a given scorer (tests, benchmarks, several engines sharing nothing but a file).
    /// <see langword="null"/> runs without a model, degraded.
    /// </summary>
    /// <param name="options">Settings, validated and copied here.</param>
    /// <param name="scorer">The model; the engine does not dispose it.</param>
    /// <param name="logger">Logger; <see langword="null"/> for none.</param>
    /// <param name="meterFactory">Meter factory; <see langword="null"/> for none.</param>
    public AnalyticsEngine(AnalyticsOptions options, IAnomalyScorer? scorer, ILogger? logger = null, IMeterFactory? meterFactory = null)
        : this(options, logger, meterFactory, scorer, ownsScorer: false, loadModel: false)
    {
    }

    private AnalyticsEngine(AnalyticsOptions options, ILogger? logger, IMeterFactory? meterFactory, IAnomalyScorer? scorer, bool ownsScorer, bool loadModel)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        _options = options;
        _status = new AnalyticsStatus(true, "no anomaly model configured", null);
        _logger = logger ?? NullLogger.Instance;
        _metrics = new AnalyticsMetrics(meterFactory, () => _status.Degraded);
        _scales = options.SpO2ScaleByPatient.ToFrozenDictionary(
            p => p.Key,
            p => p.Value == 2 ? SpO2Scale.Scale2 : SpO2Scale.Scale1,
            StringComparer.Ordinal);
        _gate = new QualityGate(options.Quality);
        _recheck = new RecheckRule(options.RecheckReadings, options.RecheckStreamSpan, options.RecheckSpotSpan);
        _silence = new SilenceMonitor(options.SilenceFactor, options.SilenceMinimum);
        _zone = TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone);
        _limits = new (double?, double?, AlertSeverity, AlertSeverity, double)[VitalCatalog.Count];
        foreach (var (key, limit) in options.HardLimits)
        {
            var kind = VitalCatalog.All.First(v => v.Key == key).Kind;
            _limits[(int)kind] = (limit.Low, limit.High, limit.LowSeverity, limit.HighSeverity, limit.Hysteresis);
        }

        _ownsScorer = ownsScorer;
        if (loadModel)
        {
            scorer = TryLoadModel(options);
        }

        if (scorer is not null)
        {
            Use(scorer);
        }
        else if (!loadModel)
        {
            AnalyticsLog.Degraded(_logger, _status.Reason!);
        }
    }

    /// <summary>Whether analytics runs in full or degraded (no model). Changes only at construction or when the model fails.</summary>
    public AnalyticsStatus Status => _status;

    /// <summary>Number of patients the engine holds state for.</summary>
    public int PatientCount => _patients.Count;

    /// <summary>Processes one reading: quality gate, NEWS2, hard limits, baseline and model, trends, alerts.</summary>
    /// <param name="reading">A reading from ingest, bound to a patient.</param>
    /// <returns>
    /// What was done, the patient's NEWS2 when the reading was scored (otherwise <see langword="null"/>), the alerts
    /// and data-quality events raised.
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

        var patient = GetOrAddPatient(reading.PatientId);
        var at = reading.MeasuredAt;
        patient.LastReadingId = reading.Id;
        _silence.Arrived(reading.PatientId, reading.DeviceId, at);

        List<Alert>? alerts = null;
        List<MinuteScore>? scores = null;
        ExpireRechecks(patient, at, reading.Id, ref alerts);

        var verdict = _gate.Judge(reading);
        IReadOnlyList<DataQualityEvent> events = [];
        if (verdict.StartsEvent && verdict.Reason is { } startReason)
        {
            events = [new DataQualityEvent(Guid.CreateVersion7(reading.GatewayTime), reading.PatientId, reading.DeviceId, reading.Kind, startReason, at, reading.Id)];
            _metrics.DataQuality(startReason);
            AnalyticsLog.DataQuality(_logger, startReason, reading.Kind);
        }

        var channel = ModelChannels.For(reading.Kind);
        if (channel >= 0 && (!verdict.Accepted || verdict.Suspect))
        {
            // Before the minute closes: the minute that held the spike must not count towards an advisory.
            patient.QualityDoubtUntil = at + _options.DataQualityHold;
        }

        AdvanceMinutes(patient, MinuteOf(at), at, reading.Id, ref alerts, ref scores);

        if (!verdict.Accepted)
        {
            _metrics.Reading(ReadingUse.Excluded);
            return Outcome(ReadingUse.Excluded, null, alerts, events, scores, verdict.Reason);
        }

        if (channel >= 0)
        {
            patient.Window.Add(channel, reading.Value);
            patient.Window.ClockUntrusted |= (reading.Flags & QualityIssues.GatewayClockUntrusted) != 0 || reading.Clock == ClockTrust.Untrusted;
        }

        // NEWS2 first, so that on equal severity the NEWS2 alert is the one raised.
        Alert? rule = null;
        News2Result? news2 = null;
        if (News2InputMap.For(reading.Kind) is { } input)
        {
            patient.Set(input, reading.Value, at);
            news2 = News2Calculator.Score(patient.InputsAt(at, _options.InputMaxAge), patient.Scale);
            if (patient.Alerter.Observe(news2.RiskBand, input, at, at < patient.QualityDoubtUntil) is { } band)
            {
                rule = CreateNews2Alert(patient.PatientId, reading.Id, at, band, news2.Total);
            }
        }

        if (CheckLimit(patient, reading) is { } limitAlert)
        {
            rule = MoreSevere(rule, limitAlert);
        }

        CheckTrend(patient, reading, ref alerts);

        if (rule is not null)
        {
            patient.LastRuleAlertAt = at;
            Add(ref alerts, rule);
        }

        var use = news2 is null ? ReadingUse.NotNews2Input : ReadingUse.Scored;
        _metrics.Reading(use);
        return Outcome(use, news2, alerts, events, scores, verdict.Reason);
    }

    /// <summary>
    /// Lets time pass without a reading: closes every patient's finished minutes, raises rule breaches whose re-check
    /// is overdue, and raises <see cref="AlertCodes.DataMissing"/> for devices silent past their expected interval.
    /// Call it from the same loop as <see cref="Process"/>, about once a minute.
    /// </summary>
    /// <param name="now">The current gateway time.</param>
    /// <returns>
    /// The alerts raised (overdue re-checks, advisories of closed minutes, <see cref="AlertCodes.DataMissing"/>) and,
    /// with <see cref="AnalyticsOptions.EmitMinuteScores"/>, the closed minutes' scores. There is no reading, so
    /// <see cref="AnalyticsOutcome.Use"/> is <see cref="ReadingUse.NotNews2Input"/> and <see cref="AnalyticsOutcome.News2"/> is null.
    /// </returns>
    public AnalyticsOutcome Sweep(DateTimeOffset now)
    {
        List<Alert>? alerts = null;
        List<MinuteScore>? scores = null;
        var minute = MinuteOf(now);
        foreach (var patient in _patients.Values)
        {
            ExpireRechecks(patient, now, patient.LastReadingId, ref alerts);
            AdvanceMinutes(patient, minute, now, patient.LastReadingId, ref alerts, ref scores);
        }

        var silent = new List<Alert>();
        _silence.Check(now, (this, silent), static (s, patientId, _, at) =>
        {
            var (engine, list) = s;
            var trigger = engine._patients.TryGetValue(patientId, out var p) ? p.LastReadingId : Guid.Empty;
            list.Add(engine.CreateAlert(patientId, trigger, at, AlertCodes.DataMissing, engine._options.SilenceSeverity, null));
        });
        foreach (var alert in silent)
        {
            Add(ref alerts, alert);
        }

        return Outcome(ReadingUse.NotNews2Input, null, alerts, [], scores, null);
    }

    /// <summary>Disposes the model when the engine loaded it.</summary>
    public void Dispose()
    {
        if (_ownsScorer)
        {
            _scorer?.Dispose();
        }

        _scorer = null;
    }

    private OnnxAnomalyScorer? TryLoadModel(AnalyticsOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ModelPath))
        {
            AnalyticsLog.Degraded(_logger, _status.Reason!);
            return null;
        }

        var path = Path.IsPathRooted(options.ModelPath) ? options.ModelPath : Path.Combine(AppContext.BaseDirectory, options.ModelPath);
        try
        {
            var scorer = OnnxAnomalyScorer.Load(path, options.ModelMaxBatch);
            AnalyticsLog.ModelLoaded(_logger, scorer.Contract.Version, path, options.ModelMaxBatch);
            return scorer;
        }
        catch (FileNotFoundException)
        {
            _status = new AnalyticsStatus(true, "the anomaly model file is missing", null);
            AnalyticsLog.Degraded(_logger, _status.Reason!);
        }
        catch (InvalidDataException ex)
        {
            _status = new AnalyticsStatus(true, ex.Message, null);
            AnalyticsLog.Degraded(_logger, _status.Reason!);
        }
        catch (OnnxRuntimeException ex)
        {
            _status = new AnalyticsStatus(true, "the anomaly model could not be loaded", null);
            _metrics.ModelFailure();
            AnalyticsLog.ModelLoadFailed(_logger, ex);
        }

        return null;
    }

    private void Use(IAnomalyScorer scorer)
    {
        _scorer = scorer;
        _status = new AnalyticsStatus(false, null, scorer.Contract.Version);
        for (var c = 0; c < V; c++)
        {
            _modelThresholds[c] = (float)(scorer.Contract.ThresholdsLast[c] * _options.ModelThresholdScale);
        }
    }

    private PatientState GetOrAddPatient(string patientId)
    {
        if (!_patients.TryGetValue(patientId, out var patient))
        {
            var scale = _scales.GetValueOrDefault(patientId, SpO2Scale.Scale1);
            patient = new PatientState(patientId, scale, _options);
            _patients.Add(patientId, patient);
        }

        return patient;
    }

    private Alert? CheckLimit(PatientState patient, Reading reading)
    {
        var (low, high, lowSeverity, highSeverity, hysteresis) = _limits[(int)reading.Kind];
        var value = reading.Value;
        var inDoubt = reading.MeasuredAt < patient.QualityDoubtUntil;
        Alert? raised = null;
        if (low is { } lo)
        {
            var condition = patient.Limit(reading.Kind, high: false);
            if (condition.Observe(value <= lo, value >= lo + hysteresis, reading.MeasuredAt, _options.RealertAfter, _recheck, inDoubt, RecheckRule.IsSpot(reading.Kind)))
            {
                raised = CreateAlert(patient.PatientId, reading.Id, reading.MeasuredAt, AlertCodes.Limit(reading.Kind, false), lowSeverity, null);
            }
        }

        if (high is { } hi)
        {
            var condition = patient.Limit(reading.Kind, high: true);
            if (condition.Observe(value >= hi, value <= hi - hysteresis, reading.MeasuredAt, _options.RealertAfter, _recheck, inDoubt, RecheckRule.IsSpot(reading.Kind)))
            {
                raised = MoreSevere(raised, CreateAlert(patient.PatientId, reading.Id, reading.MeasuredAt, AlertCodes.Limit(reading.Kind, true), highSeverity, null));
            }
        }

        return raised;
    }

    private void ExpireRechecks(PatientState patient, DateTimeOffset now, Guid trigger, ref List<Alert>? alerts)
    {
        Alert? rule = null;
        var inDoubt = now < patient.QualityDoubtUntil;
        if (patient.Alerter.Expire(now, inDoubt) is { } band)
        {
            var news2 = News2Calculator.Score(patient.InputsAt(now, _options.InputMaxAge), patient.Scale);
            rule = CreateNews2Alert(patient.PatientId, trigger, now, band, news2.Total);
        }

        if (patient.HasEngagedLimit)
        {
            foreach (var (kind, high, condition) in patient.EngagedLimits())
            {
                if (condition.Expire(now, _options.RecheckWithin, inDoubt))
                {
                    var limit = _limits[(int)kind];
                    rule = MoreSevere(rule, CreateAlert(patient.PatientId, trigger, now, AlertCodes.Limit(kind, high), high ? limit.HighSeverity : limit.LowSeverity, null));
                }
            }
        }

        if (rule is not null)
        {
            patient.LastRuleAlertAt = now;
            Add(ref alerts, rule);
        }
    }

    private void CheckTrend(PatientState patient, Reading reading, ref List<Alert>? alerts)
    {
        var floor = reading.Kind switch
        {
            VitalKind.BodyWeight => 0.5,
            VitalKind.Glucose => 15,
            VitalKind.SystolicBloodPressure => 5,
            VitalKind.DiastolicBloodPressure => 4,
            VitalKind.BodyTemperature => 0.2,
            _ => 0,
        };
        if (floor == 0)
        {
            return;
        }

        var trend = patient.Trend(reading.Kind, floor, _options.Baseline);
        trend.Arrived(reading.MeasuredAt);
        var sporadic = reading.Kind is VitalKind.BodyWeight or VitalKind.Glucose
            || trend.TypicalInterval >= _options.Baseline.SporadicMinInterval;
        if (!sporadic)
        {
            return;
        }

        var direction = trend.Observe(reading.Value);
        if (direction != 0)
        {
            Add(ref alerts, CreateAlert(patient.PatientId, reading.Id, reading.MeasuredAt, AlertCodes.Trend(reading.Kind, direction > 0), AlertSeverity.Low, null));
        }
    }

    private void AdvanceMinutes(PatientState patient, long minute, DateTimeOffset at, Guid trigger, ref List<Alert>? alerts, ref List<MinuteScore>? scores)
    {
        var window = patient.Window;
        if (window.OpenMinute == long.MinValue)
        {
            window.OpenMinute = minute;
            return;
        }

        if (minute <= window.OpenMinute)
        {
            // Same minute, or the gateway clock stepped back: the value joins the open minute.
            return;
        }

        if (minute - window.OpenMinute > W)
        {
            // A gap longer than the window: close the minute that has data, then start afresh.
            CloseMinute(patient, window.OpenMinute, at, trigger, ref alerts, ref scores);
            window.Reset();
            patient.Advisory.ResetHistory();
            window.OpenMinute = minute;
            return;
        }

        for (var m = window.OpenMinute; m < minute; m++)
        {
            CloseMinute(patient, m, at, trigger, ref alerts, ref scores);
        }

        window.OpenMinute = minute;
    }

    private void CloseMinute(PatientState patient, long minute, DateTimeOffset at, Guid trigger, ref List<Alert>? alerts, ref List<MinuteScore>? scores)
    {
        var start = DateTimeOffset.FromUnixTimeMilliseconds(minute * 60_000);
        var bin = RobustBaseline.BinOf(TimeZoneInfo.ConvertTime(start, _zone).TimeOfDay);
        var baseline = patient.Baseline;
        var window = patient.Window;

        Span<float> z = stackalloc float[V];
        Span<float> mask = stackalloc float[V];
        Span<double> values = stackalloc double[V];
        Span<bool> fresh = stackalloc bool[V];
        var observedStream = false;
        var clockTrusted = !window.ClockUntrusted;
        for (var c = 0; c < V; c++)
        {
            if (!window.TryValue(c, minute, out var value, out var isFresh))
            {
                continue;
            }

            values[c] = value;
            fresh[c] = isFresh;
            if (isFresh)
            {
                if (clockTrusted)
                {
                    baseline.Learn(c, bin, value, start);
                }

                observedStream |= c < StreamChannels;
            }

            if (baseline.TryZ(c, bin, value, out var zc))
            {
                z[c] = zc;
                mask[c] = 1;
            }
        }

        baseline.Advance(start);
        window.Push(z, mask, observedStream);
        if (clockTrusted && !patient.IsAlerting && at >= patient.QualityDoubtUntil)
        {
            for (var c = 0; c < V; c++)
            {
                if (fresh[c])
                {
                    baseline.Update(c, bin, values[c]);
                }
            }
        }

        if (!observedStream)
        {
            return;
        }

        if (!baseline.AnyEstablished)
        {
            // Still learning: nothing to judge against yet, but offline analysis still sees the minute.
            if (_options.EmitMinuteScores)
            {
                (scores ??= []).Add(new MinuteScore(patient.PatientId, start, new float?[V], null, null, false));
            }

            return;
        }

        // Baseline channel: a fresh value far from this patient's own normal for this time of day.
        var devChannel = -1;
        var devAbove = false;
        var devMax = 0f;
        var deviationZ = (float)_options.Baseline.DeviationZ;
        for (var c = 0; c < V; c++)
        {
            var a = Math.Abs(z[c]);
            if (c >= StreamChannels && fresh[c] && mask[c] > 0)
            {
                // A spot vital deviates only on two readings in a row; the flag then holds while its value is carried.
                patient.SparseRun[c - StreamChannels] = a >= deviationZ ? patient.SparseRun[c - StreamChannels] + 1 : 0;
            }

            var deviates = c < StreamChannels ? fresh[c] && a >= deviationZ : mask[c] > 0 && patient.SparseRun[c - StreamChannels] >= 2;
            devAbove |= mask[c] > 0 && a >= 0.7f * deviationZ;
            if (deviates && a > devMax)
            {
                devMax = a;
                devChannel = c;
            }
        }

        // Model channel: the newest minute is poorly reconstructed from the last half hour.
        var modelChannel = -1;
        var modelAbove = false;
        float[]? modelLast = null;
        float? modelScore = null;
        if (_scorer is { } scorer && window.ObservedMinutes >= MinObservedMinutes)
        {
            try
            {
                window.CopyTo(scorer.X[..(W * V)], scorer.Mask[..(W * V)]);
                scorer.Score(1);
                _metrics.Scored(1);
                var last = scorer.LastPerVital;
                modelScore = scorer.OverallScore[0];
                var best = 1f;
                for (var c = 0; c < V; c++)
                {
                    var ratio = last[c] / _modelThresholds[c];
                    modelAbove |= ratio > 0.5f;
                    // Streamed channels flag on their own fresh minute; a spot vital's carried value counts, because the
                    // model judges it against the streamed channels around it (fever with a rising pulse).
                    if ((fresh[c] || (c >= StreamChannels && mask[c] > 0)) && ratio > best)
                    {
                        best = ratio;
                        modelChannel = c;
                    }
                }

                if (_options.EmitMinuteScores)
                {
                    modelLast = new float[V];
                    for (var c = 0; c < V; c++)
                    {
                        modelLast[c] = last[c] / _modelThresholds[c];
                    }
                }
            }
            catch (Exception ex) when (ex is OnnxRuntimeException or ObjectDisposedException or InvalidOperationException)
            {
                // Fail closed to the rules: the model is advisory, and a broken session must not stop the stage.
                _scorer = null;
                _status = new AnalyticsStatus(true, "the anomaly model failed while scoring", null);
                _metrics.ModelFailure();
                AnalyticsLog.ModelRunFailed(_logger, ex);
            }
        }

        var inDoubt = at < patient.QualityDoubtUntil;
        var flagged = !inDoubt && (modelChannel >= 0 || devChannel >= 0);
        var fire = patient.Advisory.Observe(flagged, !inDoubt && (modelAbove || devAbove), at, _options.AdvisoryRealertAfter);

        if (fire && at - patient.LastRuleAlertAt > RuleDedupWindow)
        {
            var code = modelChannel >= 0 ? AlertCodes.Unusual(modelChannel) : AlertCodes.Deviation(devChannel);
            Add(ref alerts, CreateAlert(patient.PatientId, trigger, at, code, AlertSeverity.Low, null));
        }

        if (_options.EmitMinuteScores)
        {
            var zs = new float?[V];
            for (var c = 0; c < V; c++)
            {
                zs[c] = mask[c] > 0 ? z[c] : null;
            }

            (scores ??= []).Add(new MinuteScore(patient.PatientId, start, zs, modelScore, modelLast, flagged));
        }
    }

    private Alert CreateNews2Alert(string patientId, Guid trigger, DateTimeOffset at, News2RiskBand band, int total)
    {
        var (code, severity) = band switch
        {
            News2RiskBand.High => (News2AlertCodes.High, AlertSeverity.High),
            News2RiskBand.Medium => (News2AlertCodes.Medium, AlertSeverity.Medium),
            News2RiskBand.LowMedium => (News2AlertCodes.RedScore, AlertSeverity.Low),
            _ => throw new ArgumentOutOfRangeException(nameof(band), "Low risk raises no alert."),
        };

        return CreateAlert(patientId, trigger, at, code, severity, total);
    }

    private Alert CreateAlert(string patientId, Guid trigger, DateTimeOffset at, string code, AlertSeverity severity, int? score)
    {
        _metrics.Alert(code, severity);
        AnalyticsLog.AlertRaised(_logger, code, severity);
        return new Alert(Guid.CreateVersion7(at), patientId, code, severity, score, at, trigger);
    }

    private static Alert? MoreSevere(Alert? a, Alert b) => a is null || b.Severity > a.Severity ? b : a;

    private static void Add<T>(ref List<T>? list, T item) => (list ??= []).Add(item);

    private static long MinuteOf(DateTimeOffset at) => Math.DivRem(at.ToUnixTimeMilliseconds(), 60_000, out var rem) - (rem < 0 ? 1 : 0);

    private static AnalyticsOutcome Outcome(
        ReadingUse use,
        News2Result? news2,
        List<Alert>? alerts,
        IReadOnlyList<DataQualityEvent> events,
        List<MinuteScore>? scores,
        DataQualityReason? quality) =>
        new(use, news2, alerts is null ? [] : alerts)
        {
            DataQualityEvents = events,
            Scores = scores is null ? [] : scores,
            Quality = quality,
        };
}
