using System.Globalization;
using Edge.Provisioning.Cli;

namespace Edge.Provisioning.Decode;

/// <summary>Reads hex captures as field techs paste them: <c>16 4B 00</c>, <c>16:4b:00</c>, <c>0x16,0x4B</c> or <c>164B00</c>.</summary>
internal static class HexInput
{
    /// <exception cref="CliException">Exit 4, naming the position of the first bad character.</exception>
    public static byte[] Parse(string text, string option)
    {
        var digits = new List<char>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '0' && i + 1 < text.Length && text[i + 1] is 'x' or 'X')
            {
                i++;
                continue;
            }

            if (char.IsAsciiHexDigit(c))
            {
                digits.Add(c);
            }
            else if (c is not (' ' or ':' or ',' or '-' or '\t' or '\r' or '\n'))
            {
                throw new CliException(
                    ExitCodes.BadInput,
                    string.Create(CultureInfo.InvariantCulture, $"{option}: character '{c}' at position {i + 1} is not a hex digit"),
                    "give bytes as hex pairs, e.g. \"16 4B 00\" or 164B00",
                    "bad-hex");
            }
        }

        if (digits.Count == 0)
        {
            throw new CliException(ExitCodes.BadInput, $"{option}: no bytes given", "give at least one byte as hex, e.g. \"06 48 00\"", "bad-hex");
        }

        if (digits.Count % 2 != 0)
        {
            throw new CliException(
                ExitCodes.BadInput,
                string.Create(CultureInfo.InvariantCulture, $"{option}: {digits.Count} hex digits is an odd count; every byte needs two"),
                "pad single digits with a leading 0 (e.g. 6 -> 06)",
                "bad-hex");
        }

        return Convert.FromHexString(new string([.. digits]));
    }
}
