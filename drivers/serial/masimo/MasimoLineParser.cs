using Edge.Core;

namespace Edge.Drivers.Serial.Masimo;

/// <summary>
/// Parses one Masimo Rad-8 / Rad-7 / Radical-7 / Radical-5 ASCII line (the 1 Hz serial output, reference/serial.md
/// §1.3) and maps it to <see cref="Observation"/>s. Stateless and thread-safe.
/// </summary>
/// <remarks>
/// <para>A line is <c>MM/DD/YY HH:MM:SS</c> followed by space-separated <c>KEY=VALUE</c> tokens. Fields are found by
/// key, not position, because models differ in which fields they send and in what order (Radical-5 has no SN, Rad-8
/// no PVI, Radical-7 color adds SPHB, SPOC, RESVD and EXC1). Keys are case-sensitive: the TrendCom download format
/// (<c>SpO2=000 PR=000</c>, where 000 means missing) is a different format and must not be read as live values.</para>
/// <para>Rules (§1.6): <c>%</c> is optional; after removing <c>%</c> and a leading sign, a value containing <c>-</c>
/// is missing; ALARM has 2-6 hex digits, EXC 3-7; EXC1 is kept raw. Unknown keys are ignored so that newer firmware
/// still parses. A known key with a malformed value, a repeated known key, a token without <c>=</c> or a byte that is
/// not printable ASCII rejects the whole line: any of them means the line is corrupt, and a corrupt line can carry a
/// wrong number that still looks plausible.</para>
/// <para>The serial number (SN) is an identifier: it is checked only for presence and never copied into the reading,
/// an observation or an error text. Error texts name keys and columns, never values.</para>
/// </remarks>
public static class MasimoLineParser
{
    private static readonly TimeSpan MaxOffset = TimeSpan.FromHours(14);

    /// <summary>Parses one line, as returned by <see cref="MasimoLineFramer"/> (CR/LF may be present and are ignored).</summary>
    /// <param name="line">The line bytes.</param>
    /// <param name="deviceUtcOffset">
    /// The UTC offset of the device's local clock, used to build <see cref="MasimoReading.DeviceTime"/>; whole minutes,
    /// at most ±14 h. Default zero (device clock set to UTC, or offset unknown).
    /// </param>
    /// <returns>The reading, or a PHI-free reason for rejecting the line.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="deviceUtcOffset"/> is not a valid UTC offset.</exception>
    public static ParseResult<MasimoReading> Parse(ReadOnlySpan<byte> line, TimeSpan deviceUtcOffset = default)
    {
        if (deviceUtcOffset.Ticks % TimeSpan.TicksPerMinute != 0 || deviceUtcOffset.Duration() > MaxOffset)
        {
            throw new ArgumentOutOfRangeException(
                nameof(deviceUtcOffset), deviceUtcOffset, "A UTC offset is whole minutes within ±14 hours.");
        }

        line = line.Trim("\r\n"u8);
        if (line.IsEmpty)
        {
            return Fail("line is empty");
        }

        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] is < 0x20 or > 0x7E)
            {
                return Fail($"byte at column {i + 1} is not printable ASCII");
            }
        }

        if (!MasimoDeviceTime.TryParse(line, deviceUtcOffset, out var deviceTime, out var timeError))
        {
            return Fail(timeError!);
        }

        var rest = line[MasimoDeviceTime.Length..];
        if (!rest.IsEmpty && rest[0] != (byte)' ')
        {
            return Fail($"expected a space after the date/time at column {MasimoDeviceTime.Length + 1}");
        }

        var fields = new MasimoFields();
        var seen = 0;
        var column = MasimoDeviceTime.Length;
        while (!rest.IsEmpty)
        {
            var space = rest.IndexOf((byte)' ');
            var token = space < 0 ? rest : rest[..space];
            var tokenColumn = column + 1;
            rest = space < 0 ? default : rest[(space + 1)..];
            column += token.Length + (space < 0 ? 0 : 1);
            if (token.IsEmpty)
            {
                continue;
            }

            var eq = token.IndexOf((byte)'=');
            if (eq < 0)
            {
                return Fail($"token at column {tokenColumn} has no '=' separator");
            }

            if (eq == 0)
            {
                return Fail($"token at column {tokenColumn} has an empty key");
            }

            var key = MasimoFields.Classify(token[..eq]);
            if (key == MasimoFields.Key.Unknown)
            {
                continue;
            }

            var bit = 1 << (int)key;
            if ((seen & bit) != 0)
            {
                return Fail($"key {MasimoFields.Name(key)} appears more than once");
            }

            seen |= bit;
            var error = fields.Read(key, token[(eq + 1)..]);
            if (error is not null)
            {
                return Fail($"{MasimoFields.Name(key)} {error}");
            }
        }

        if (seen == 0)
        {
            return Fail("no known key (SN, SPO2, BPM, PI, SPCO, SPMET, DESAT, PIDELTA, PVI, ALARM, EXC, EXC1) after the date/time");
        }

        return ParseResult.Success(fields.ToReading(deviceTime));
    }

    /// <summary>
    /// Tells the live format from the trend-download format by content (the menu names "ASCII 1/2" swap between
    /// models, reference/serial.md §1.2): a line with the date stamp and a mixed-case <c>SpO2=</c> or a <c>PR=</c> key
    /// is <see cref="MasimoLineFormat.Trend"/>; any other line with the stamp is <see cref="MasimoLineFormat.Live"/>.
    /// </summary>
    public static MasimoLineFormat DetectFormat(ReadOnlySpan<byte> line)
    {
        line = line.Trim("\r\n"u8);
        if (!MasimoDeviceTime.HasShape(line))
        {
            return MasimoLineFormat.Unknown;
        }

        var rest = line[MasimoDeviceTime.Length..];
        return rest.IndexOf(" SpO2="u8) >= 0 || rest.IndexOf(" PR="u8) >= 0 ? MasimoLineFormat.Trend : MasimoLineFormat.Live;
    }

    /// <summary>
    /// Maps the device's EXC and ALARM bits to quality flags. No Sensor, Defective or Unrecognized/Incompatible
    /// Sensor, sensor life, emitter temperature, current limit and every cable fault → <see cref="QualityIssues.SensorFault"/>;
    /// Sensor Off → <see cref="QualityIssues.SensorContactLost"/>; Low Perfusion, Low Signal IQ →
    /// <see cref="QualityIssues.LowPerfusion"/>; Interference, Ambient Light → <see cref="QualityIssues.Artefact"/>;
    /// Pulse Search, Sensor Calibrating → <see cref="QualityIssues.Searching"/>; ALARM "alarm active" →
    /// <see cref="QualityIssues.DeviceAlarm"/>. SET mode, the SpCO/SpMET confidence bits (which qualify values not
    /// emitted) and reserved bits map to nothing.
    /// </summary>
    public static QualityIssues ToQualityIssues(MasimoExceptions exceptions, MasimoAlarms alarms)
    {
        const MasimoExceptions fault =
            MasimoExceptions.NoSensor | MasimoExceptions.DefectiveSensor | MasimoExceptions.UnrecognizedSensor |
            MasimoExceptions.IncompatibleSensor | MasimoExceptions.NoCableConnected |
            MasimoExceptions.CableLifeExpired | MasimoExceptions.IncompatibleCable |
            MasimoExceptions.UnrecognizedCable | MasimoExceptions.DefectiveCable |
            MasimoExceptions.SensorLifeExpired | MasimoExceptions.EmitterTemperatureOutOfRange |
            MasimoExceptions.SensorCurrentLimitExceeded;
        const MasimoExceptions lowPerfusion = MasimoExceptions.LowPerfusion | MasimoExceptions.LowSignalIq;
        const MasimoExceptions artefact = MasimoExceptions.Interference | MasimoExceptions.AmbientLight;
        const MasimoExceptions searching = MasimoExceptions.PulseSearch | MasimoExceptions.SensorCalibrating;

        var flags = QualityIssues.None;
        if ((exceptions & fault) != 0)
        {
            flags |= QualityIssues.SensorFault;
        }

        if ((exceptions & MasimoExceptions.SensorOff) != 0)
        {
            flags |= QualityIssues.SensorContactLost;
        }

        if ((exceptions & lowPerfusion) != 0)
        {
            flags |= QualityIssues.LowPerfusion;
        }

        if ((exceptions & artefact) != 0)
        {
            flags |= QualityIssues.Artefact;
        }

        if ((exceptions & searching) != 0)
        {
            flags |= QualityIssues.Searching;
        }

        if ((alarms & MasimoAlarms.AlarmActive) != 0)
        {
            flags |= QualityIssues.DeviceAlarm;
        }

        return flags;
    }

    /// <summary>
    /// Maps a reading to observations, in this order and only for values present: <see cref="VitalKind.SpO2"/> (%),
    /// <see cref="VitalKind.PulseRate"/> (/min), <see cref="VitalKind.PerfusionIndex"/> (%). Each carries the device
    /// time and the flags of <see cref="ToQualityIssues"/>. A probe-off line with dashed SpO2 and pulse rate yields only
    /// its perfusion index, if it has one, flagged; with every value dashed it yields nothing.
    /// </summary>
    /// <param name="reading">The parsed line.</param>
    /// <param name="source">The local port path; it stays on the appliance.</param>
    /// <param name="receivedAt">Gateway time at which the line arrived.</param>
    /// <exception cref="ArgumentNullException">A reference argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="source"/> is blank.</exception>
    public static IReadOnlyList<Observation> ToObservations(MasimoReading reading, string source, DateTimeOffset receivedAt)
    {
        ArgumentNullException.ThrowIfNull(reading);
        ArgumentException.ThrowIfNullOrWhiteSpace(source);

        var flags = ToQualityIssues(reading.Exceptions ?? MasimoExceptions.None, reading.Alarms ?? MasimoAlarms.None);
        var result = new List<Observation>(3);
        if (reading.SpO2 is { } spo2)
        {
            result.Add(new(source, VitalKind.SpO2, spo2, reading.DeviceTime, receivedAt, flags));
        }

        if (reading.PulseRate is { } pr)
        {
            result.Add(new(source, VitalKind.PulseRate, pr, reading.DeviceTime, receivedAt, flags));
        }

        if (reading.PerfusionIndex is { } pi)
        {
            result.Add(new(source, VitalKind.PerfusionIndex, pi, reading.DeviceTime, receivedAt, flags));
        }

        return result;
    }

    private static ParseResult<MasimoReading> Fail(string error) => ParseResult.Failure<MasimoReading>(error);
}
