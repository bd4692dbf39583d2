using System.Globalization;

namespace Edge.Bench.Drain;

/// <summary>Command-line options of the drain harness.</summary>
internal sealed record DrainOptions(int Readings, int Rounds, int Naive, string Directory)
{
    /// <summary>Readings per <c>OutboxStore.Append</c> while filling.</summary>
    public const int FillBatch = 50_000;

    public static bool TryParse(string[] args, out DrainOptions options, out string? error)
    {
        var readings = 1_000_000;
        var rounds = 1;
        int? naive = null;
        var directory = Path.GetTempPath();
        options = new DrainOptions(readings, rounds, 0, directory);
        error = null;
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (i + 1 >= args.Length)
            {
                error = $"{name} needs a value";
                return false;
            }

            var value = args[++i];
            switch (name)
            {
                case "--readings" when TryPositive(value, out var n):
                    readings = n;
                    break;
                case "--rounds" when TryPositive(value, out var r):
                    rounds = r;
                    break;
                case "--naive" when TryPositive(value, out var m):
                    naive = m;
                    break;
                case "--dir":
                    directory = value;
                    break;
                default:
                    error = $"unknown option or bad value: {name} {value}";
                    return false;
            }
        }

        options = new DrainOptions(readings, rounds, Math.Min(naive ?? 50_000, readings), directory);
        return true;
    }

    private static bool TryPositive(string value, out int result) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out result) && result > 0;
}
