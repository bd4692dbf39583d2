using System.Globalization;

namespace Edge.Drivers.Serial.Masimo;

/// <summary>
/// Parses a Masimo TrendCom download line, <c>09/21/08 09:56:14 SpO2=096 PR=074 PI=02.28 EXC=C00:LowSigIQ,SET</c>
/// (Rad-8 manual p.4-24; reference/serial.md §1.3). Keys are mixed-case, missing values are <c>000</c> (and
/// <c>00.00</c> for PI), and EXC is hex followed by decoded text, which is ignored. Stateless and thread-safe; error
/// texts name keys, never values.
/// </summary>
public static class MasimoTrendLineParser
{
    /// <summary>Parses one trend line (CR/LF ignored).</summary>
    /// <param name="line">The line bytes.</param>
    /// <param name="deviceUtcOffset">UTC offset of the device clock.</param>
    public static ParseResult<MasimoTrendRecord> Parse(ReadOnlySpan<byte> line, TimeSpan deviceUtcOffset = default)
    {
        line = line.Trim("\r\n"u8);
        foreach (var b in line)
        {
            if (b is < 0x20 or > 0x7E)
            {
                return Fail("line has a byte that is not printable ASCII");
            }
        }

        if (!MasimoDeviceTime.TryParse(line, deviceUtcOffset, out var time, out var timeError))
        {
            return Fail(timeError!);
        }

        int? spo2 = null, pr = null;
        double? pi = null;
        MasimoExceptions? exc = null;
        var seen = 0;
        var rest = line[MasimoDeviceTime.Length..];
        while (!rest.IsEmpty)
        {
            var space = rest.IndexOf((byte)' ');
            var token = space < 0 ? rest : rest[..space];
            rest = space < 0 ? default : rest[(space + 1)..];
            if (token.IsEmpty)
            {
                continue;
            }

            var eq = token.IndexOf((byte)'=');
            if (eq <= 0)
            {
                return Fail("a token has no key or no '='");
            }

            var key = token[..eq];
            var value = token[(eq + 1)..];
            int bit;
            if (key.SequenceEqual("SpO2"u8))
            {
                bit = 1;
                if (!TryInt(value, 3, out var v) || v > 100)
                {
                    return Fail("SpO2 is not 3 digits of at most 100");
                }

                spo2 = v == 0 ? null : v;
            }
            else if (key.SequenceEqual("PR"u8))
            {
                bit = 2;
                if (!TryInt(value, 3, out var v))
                {
                    return Fail("PR is not 3 digits");
                }

                pr = v == 0 ? null : v;
            }
            else if (key.SequenceEqual("PI"u8))
            {
                bit = 4;
                if (!double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var v) || value.Length > 6)
                {
                    return Fail("PI is not a decimal number");
                }

                pi = v == 0 ? null : v;
            }
            else if (key.SequenceEqual("EXC"u8))
            {
                bit = 8;
                var colon = value.IndexOf((byte)':');
                var hex = colon < 0 ? value : value[..colon];
                if (hex.Length is < 3 or > 7 ||
                    !int.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var bits))
                {
                    return Fail("EXC is not 3 to 7 hex digits");
                }

                exc = (MasimoExceptions)bits;
            }
            else
            {
                continue;
            }

            if ((seen & bit) != 0)
            {
                return Fail("a key appears more than once");
            }

            seen |= bit;
        }

        return (seen & 3) == 3
            ? ParseResult.Success(new MasimoTrendRecord(time, spo2, pr, pi, exc))
            : Fail("a trend line needs SpO2 and PR");
    }

    private static bool TryInt(ReadOnlySpan<byte> value, int digits, out int result)
    {
        result = 0;
        if (value.Length != digits)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiDigit((char)c))
            {
                return false;
            }

            result = (result * 10) + (c - '0');
        }

        return true;
    }

    private static ParseResult<MasimoTrendRecord> Fail(string error) => ParseResult.Failure<MasimoTrendRecord>(error);
}
