using Edge.Core;

namespace Edge.Analytics.Quality;

/// <summary>
/// The signal-quality gate: judges every reading before anything clinical sees it. Not thread-safe; owned by the
/// engine's single caller.
/// </summary>
/// <remarks>
/// <para>Checks, in order (the first that fails decides):</para>
/// <list type="number">
/// <item>Device flags. Sensor off or faulty, motion/artefact or searching, a held display value, and low perfusion on
/// oximetry values (SpO2, pulse rate, perfusion index) reject the reading. A device clock that is not set does not: the
/// gateway's receive time is the measurement time.</item>
/// <item>Plausibility (<see cref="PlausibilityLimits"/>): not a number or outside the vital's range.</item>
/// <item>Stuck value: the same value, exactly, for longer than <see cref="QualityGateOptions.StuckAfter"/> and at
/// least <see cref="QualityGateOptions.StuckMinReadings"/> readings. Only for continuously varying vitals (HR, pulse
/// rate, SpO2, RR); a scale legitimately shows the same weight twice.</item>
/// <item>Erratic stream: a jump of more than the vital's jump limit followed by a jump back (a reversal) twice within
/// <see cref="QualityGateOptions.ErraticWindow"/>. A real tachycardia steps up once and stays; motion artefact
/// swings both ways. The stream stays erratic, and is rejected, until a full window passes without a jump. A first
/// reversal alone only marks the reading suspect (<see cref="GateVerdict.Suspect"/>): accepted, but the engine holds
/// its advisory judgement and asks rules for more readings for a while.</item>
/// </list>
/// <para>
/// Every rejected reading is a data-quality issue. A <see cref="DataQualityEvent"/> is due (<see cref="GateVerdict.StartsEvent"/>)
/// only when the same issue has not been seen on the same device and vital for <see cref="QualityGateOptions.EventRearm"/>,
/// so a loose probe gives one event, not one per second.
/// </para>
/// </remarks>
internal sealed class QualityGate(QualityGateOptions options)
{
    private const QualityIssues SensorOffFlags = QualityIssues.SensorContactLost | QualityIssues.SensorFault;
    private const QualityIssues MotionFlags = QualityIssues.Artefact | QualityIssues.Searching;

    private readonly Dictionary<(string Patient, string Device, VitalKind Kind), StreamState> _streams = [];

    public GateVerdict Judge(Reading reading)
    {
        var key = (reading.PatientId, reading.DeviceId, reading.Kind);
        if (!_streams.TryGetValue(key, out var s))
        {
            s = new StreamState();
            _streams.Add(key, s);
        }

        var at = reading.MeasuredAt;
        var flags = reading.Flags;
        var value = reading.Value;

        if ((flags & SensorOffFlags) != 0)
        {
            return Reject(s, DataQualityReason.SensorOff, at);
        }

        if ((flags & MotionFlags) != 0)
        {
            return Reject(s, DataQualityReason.Motion, at);
        }

        if ((flags & QualityIssues.Stale) != 0)
        {
            return Reject(s, DataQualityReason.StaleDisplay, at);
        }

        if ((flags & QualityIssues.LowPerfusion) != 0 && IsOximetry(reading.Kind))
        {
            return Reject(s, DataQualityReason.LowPerfusion, at);
        }

        if (!PlausibilityLimits.IsPlausible(reading.Kind, value))
        {
            return Reject(s, DataQualityReason.Implausible, at);
        }

        if (IsContinuous(reading.Kind))
        {
            if (s.RunCount > 0 && value == s.RunValue)
            {
                s.RunCount++;
            }
            else
            {
                s.RunValue = value;
                s.RunCount = 1;
                s.RunStart = at;
            }

            if (s.RunCount >= options.StuckMinReadings && at - s.RunStart >= options.StuckAfter)
            {
                return Reject(s, DataQualityReason.Stuck, at);
            }

            if (IsErratic(s, reading.Kind, value, at, out var reversal))
            {
                return Reject(s, DataQualityReason.Erratic, at);
            }

            if (reversal)
            {
                return GateVerdict.SuspectReading;
            }
        }

        if ((flags & QualityIssues.DeviceClockNotSet) != 0)
        {
            return new GateVerdict(true, DataQualityReason.ClockNotSet, StartsRun(s, DataQualityReason.ClockNotSet, at));
        }

        return GateVerdict.Clean;
    }

    private bool IsErratic(StreamState s, VitalKind kind, double value, DateTimeOffset at, out bool reversal)
    {
        reversal = false;
        var limit = JumpLimit(kind);
        var hasPrevious = s.HasPrevious;
        var step = hasPrevious ? value - s.Previous : 0;
        s.Previous = value;
        s.HasPrevious = true;

        if (hasPrevious && Math.Abs(step) > limit)
        {
            s.LastJumpAt = at;
            var direction = Math.Sign(step);
            if (s.LastJumpDirection == -direction && at - s.LastJumpDirectionAt <= options.ErraticWindow)
            {
                // A jump back: one reversal. Two of them inside the window is motion, not physiology.
                if (s.LastReversalAt is { } previousReversal && at - previousReversal <= options.ErraticWindow)
                {
                    s.ErraticSince ??= at;
                }

                s.LastReversalAt = at;
                reversal = true;
            }

            s.LastJumpDirection = direction;
            s.LastJumpDirectionAt = at;
        }

        if (s.ErraticSince is not null && at - s.LastJumpAt > options.ErraticWindow)
        {
            s.ErraticSince = null;
        }

        return s.ErraticSince is not null;
    }

    private GateVerdict Reject(StreamState s, DataQualityReason reason, DateTimeOffset at) =>
        new(false, reason, StartsRun(s, reason, at));

    private bool StartsRun(StreamState s, DataQualityReason reason, DateTimeOffset at)
    {
        var i = (int)reason;
        var last = s.LastIssueAt[i];
        s.LastIssueAt[i] = at;
        // Duration(): a clock step backwards must not silence the next event forever.
        return last is not { } seen || (at - seen).Duration() > options.EventRearm;
    }

    private static bool IsOximetry(VitalKind kind) =>
        kind is VitalKind.SpO2 or VitalKind.PulseRate or VitalKind.PerfusionIndex;

    private static bool IsContinuous(VitalKind kind) =>
        kind is VitalKind.HeartRate or VitalKind.PulseRate or VitalKind.SpO2 or VitalKind.RespiratoryRate;

    private static double JumpLimit(VitalKind kind) => kind switch
    {
        VitalKind.HeartRate or VitalKind.PulseRate => 30,
        VitalKind.SpO2 => 7,
        VitalKind.RespiratoryRate => 10,
        _ => double.PositiveInfinity,
    };

    private sealed class StreamState
    {
        public readonly DateTimeOffset?[] LastIssueAt = new DateTimeOffset?[8];
        public double RunValue;
        public int RunCount;
        public DateTimeOffset RunStart;
        public double Previous;
        public bool HasPrevious;
        public DateTimeOffset LastJumpAt;
        public int LastJumpDirection;
        public DateTimeOffset LastJumpDirectionAt;
        public DateTimeOffset? LastReversalAt;
        public DateTimeOffset? ErraticSince;
    }
}
