using System.Globalization;
using System.Text;

namespace Edge.Bench.Micro;

/// <summary>
/// The baseline for <see cref="MasimoLineBenchmarks"/>: how a first-cut gateway parses a Rad-8 line (decode to a
/// string, split on spaces and '=', parse the fields it needs). It extracts the same values the Edge parser maps to
/// observations (device time, SpO2, pulse rate, PI, ALARM and EXC words) but validates nothing: no printable-ASCII
/// check, no repeated-key or malformed-token rejection, no range checks.
/// </summary>
internal static class NaiveMasimoParser
{
    public static NaiveMasimoReading Parse(byte[] line)
    {
        var text = Encoding.ASCII.GetString(line).TrimEnd('\r', '\n');
        var time = DateTime.ParseExact(text[..17], "MM/dd/yy HH:mm:ss", CultureInfo.InvariantCulture);
        int? spo2 = null;
        int? pulse = null;
        double? pi = null;
        var alarm = 0;
        var exc = 0;
        foreach (var token in text[18..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var pair = token.Split('=');
            if (pair.Length != 2)
            {
                continue;
            }

            var value = pair[1].TrimEnd('%');
            switch (pair[0])
            {
                case "SPO2" when int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var s):
                    spo2 = s;
                    break;
                case "BPM" when int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var b):
                    pulse = b;
                    break;
                case "PI" when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var p):
                    pi = p;
                    break;
                case "ALARM":
                    _ = int.TryParse(value, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out alarm);
                    break;
                case "EXC":
                    _ = int.TryParse(value, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out exc);
                    break;
            }
        }

        return new NaiveMasimoReading(time, spo2, pulse, pi, alarm, exc);
    }
}
