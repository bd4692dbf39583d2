using System.Globalization;

namespace Edge.Drivers.Serial.Masimo;

/// <summary>
/// The fields of one Masimo line while <see cref="MasimoLineParser"/> reads it: the known keys and the value rules of
/// each. A mutable scratch struct that never leaves the parser; the serial number never enters it.
/// </summary>
internal struct MasimoFields
{
    public bool HasSerialNumber;
    public int? SpO2;
    public int? PulseRate;
    public double? PerfusionIndex;
    public double? SpCo;
    public double? SpMet;
    public int? DesatIndex;
    public int? PiDelta;
    public int? Pvi;
    public MasimoAlarms? Alarms;
    public MasimoExceptions? Exceptions;
    public string? Exc1;

    /// <summary>Reads one known key's value; returns an error fragment (no value in it) or null.</summary>
    public string? Read(Key key, ReadOnlySpan<byte> value)
    {
        switch (key)
        {
            case Key.Sn:
                // Presence only. The value never leaves this method, not even in an error.
                HasSerialNumber = !value.IsEmpty && !value.Contains((byte)'-');
                return null;
            case Key.SpO2:
                return ReadPercentInt(value, out SpO2);
            case Key.Bpm:
                return ReadNumber(value, signed: false, fraction: false, out _, out PulseRate);
            case Key.Pi:
                return ReadDecimal(value, out PerfusionIndex);
            case Key.SpCo:
                return ReadDecimal(value, out SpCo, maxPercent: true);
            case Key.SpMet:
                return ReadDecimal(value, out SpMet, maxPercent: true);
            case Key.Desat:
                return ReadNumber(value, signed: false, fraction: false, out _, out DesatIndex);
            case Key.PiDelta:
                return ReadNumber(value, signed: true, fraction: false, out _, out PiDelta);
            case Key.Pvi:
                return ReadNumber(value, signed: false, fraction: false, out _, out Pvi);
            case Key.Alarm:
                var alarmError = ReadHex(value, 2, 6, out var alarm);
                Alarms = alarm is null ? null : (MasimoAlarms)alarm.Value;
                return alarmError;
            case Key.Exc:
                var excError = ReadHex(value, 3, 7, out var exc);
                Exceptions = exc is null ? null : (MasimoExceptions)exc.Value;
                return excError;
            case Key.Exc1:
                Exc1 = value.IsEmpty ? null : System.Text.Encoding.ASCII.GetString(value);
                return null;
            default:
                // SPHB, SPOC, RESVD: known, not used yet.
                return null;
        }
    }

    private static string? ReadPercentInt(ReadOnlySpan<byte> value, out int? result)
    {
        var error = ReadNumber(value, signed: false, fraction: false, out _, out result);
        if (error is null && result > 100)
        {
            result = null;
            return "is above 100%";
        }

        return error;
    }

    private static string? ReadDecimal(ReadOnlySpan<byte> value, out double? result, bool maxPercent = false)
    {
        var error = ReadNumber(value, signed: false, fraction: true, out var number, out _);
        result = error is null && number is { } n ? n : null;
        if (maxPercent && result > 100)
        {
            result = null;
            return "is above 100%";
        }

        return error;
    }

    /// <summary>The finished reading.</summary>
    public readonly MasimoReading ToReading(DateTimeOffset deviceTime) => new(
        deviceTime,
        HasSerialNumber,
        SpO2,
        PulseRate,
        PerfusionIndex,
        SpCo,
        SpMet,
        DesatIndex,
        PiDelta,
        Pvi,
        Alarms,
        Exceptions,
        Exc1);

    public enum Key
    {
        Unknown,
        Sn,
        SpO2,
        Bpm,
        Pi,
        SpCo,
        SpMet,
        Desat,
        PiDelta,
        Pvi,
        Alarm,
        Exc,
        Exc1,
        SpHb,
        SpOc,
        Resvd,
    }

    public static Key Classify(ReadOnlySpan<byte> key) => key switch
    {
        _ when key.SequenceEqual("SN"u8) => Key.Sn,
        _ when key.SequenceEqual("SPO2"u8) => Key.SpO2,
        _ when key.SequenceEqual("BPM"u8) => Key.Bpm,
        _ when key.SequenceEqual("PI"u8) => Key.Pi,
        _ when key.SequenceEqual("SPCO"u8) => Key.SpCo,
        _ when key.SequenceEqual("SPMET"u8) => Key.SpMet,
        _ when key.SequenceEqual("DESAT"u8) => Key.Desat,
        _ when key.SequenceEqual("PIDELTA"u8) => Key.PiDelta,
        _ when key.SequenceEqual("PVI"u8) => Key.Pvi,
        _ when key.SequenceEqual("ALARM"u8) => Key.Alarm,
        _ when key.SequenceEqual("EXC"u8) => Key.Exc,
        _ when key.SequenceEqual("EXC1"u8) => Key.Exc1,
        _ when key.SequenceEqual("SPHB"u8) => Key.SpHb,
        _ when key.SequenceEqual("SPOC"u8) => Key.SpOc,
        _ when key.SequenceEqual("RESVD"u8) => Key.Resvd,
        _ => Key.Unknown,
    };

    public static string Name(Key key) => key switch
    {
        Key.Sn => "SN",
        Key.SpO2 => "SPO2",
        Key.Bpm => "BPM",
        Key.Pi => "PI",
        Key.SpCo => "SPCO",
        Key.SpMet => "SPMET",
        Key.Desat => "DESAT",
        Key.PiDelta => "PIDELTA",
        Key.Pvi => "PVI",
        Key.Alarm => "ALARM",
        Key.Exc => "EXC",
        Key.Exc1 => "EXC1",
        Key.SpHb => "SPHB",
        Key.SpOc => "SPOC",
        Key.Resvd => "RESVD",
        _ => "unknown",
    };

    /// <summary>
    /// Reads <c>[sign]digits[.digits][%]</c>. Missing (dash-filled) gives null and no error. At most 6 digits, so the
    /// integer form never overflows.
    /// </summary>
    private static string? ReadNumber(
        ReadOnlySpan<byte> value, bool signed, bool fraction, out double? number, out int? integer)
    {
        number = null;
        integer = null;
        if (!value.IsEmpty && value[^1] == (byte)'%')
        {
            value = value[..^1];
        }

        var negative = false;
        var body = value;
        if (!body.IsEmpty && body[0] is (byte)'+' or (byte)'-' && body.Length > 1)
        {
            negative = body[0] == (byte)'-';
            body = body[1..];
            if (!body.Contains((byte)'-') && !signed)
            {
                return "has a sign but is unsigned";
            }
        }

        if (body.Contains((byte)'-'))
        {
            // Dash-filled: the device's "unavailable" (MD PnP isavailable()).
            return null;
        }

        if (body.IsEmpty)
        {
            return "is empty";
        }

        long mantissa = 0;
        var digits = 0;
        var scale = -1;
        for (var i = 0; i < body.Length; i++)
        {
            var c = body[i];
            if (c == (byte)'.' && fraction && scale < 0 && digits > 0 && i < body.Length - 1)
            {
                scale = 0;
                continue;
            }

            if (!char.IsAsciiDigit((char)c))
            {
                return fraction ? "is not a decimal number, '%' or dashes" : "is not digits, '%' or dashes";
            }

            if (++digits > 6)
            {
                return "has more than 6 digits";
            }

            mantissa = (mantissa * 10) + (c - '0');
            if (scale >= 0)
            {
                scale++;
            }
        }

        var signedMantissa = negative ? -mantissa : mantissa;
        number = scale > 0 ? signedMantissa / Math.Pow(10, scale) : signedMantissa;
        integer = scale > 0 ? null : (int)signedMantissa;
        return null;
    }

    /// <summary>Reads a hex bit-field of <paramref name="min"/>..<paramref name="max"/> digits; dashes give null.</summary>
    private static string? ReadHex(ReadOnlySpan<byte> value, int min, int max, out int? bits)
    {
        bits = null;
        if (!value.IsEmpty && value.Contains((byte)'-'))
        {
            return null;
        }

        if (value.Length < min || value.Length > max)
        {
            return $"has {value.Length} characters; expected {min} to {max} hex digits";
        }

        if (!int.TryParse(value, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var parsed))
        {
            return "is not hexadecimal";
        }

        bits = parsed;
        return null;
    }
}
