using System.Globalization;

namespace Edge.Bench;

/// <summary>The shared command-line shape of the harnesses: <c>--name value</c> pairs, positive integers.</summary>
internal static class BenchArgs
{
    /// <summary>Splits <paramref name="args"/> into (name, value) pairs; fails on a name without a value.</summary>
    public static bool TryPairs(string[] args, out List<(string Name, string Value)> pairs, out string? error)
    {
        pairs = new List<(string, string)>(args.Length / 2);
        error = null;
        for (var i = 0; i < args.Length; i += 2)
        {
            if (i + 1 >= args.Length)
            {
                error = $"{args[i]} needs a value";
                return false;
            }

            pairs.Add((args[i], args[i + 1]));
        }

        return true;
    }

    public static bool TryPositive(string value, out int result) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out result) && result > 0;

    public static string Unknown(string name, string value) => $"unknown option or bad value: {name} {value}";
}
