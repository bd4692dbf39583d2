using System.Globalization;

namespace Edge.Bench.Ingest;

/// <summary>Command-line options of the ingest harness.</summary>
internal sealed record HarnessOptions(int Readings, int Rounds, int Patients, int Naive, string Directory)
{
    public static bool TryParse(string[] args, out HarnessOptions options, out string? error)
    {
        var readings = 200_000;
        var rounds = 3;
        var patients = 16;
        int? naive = null;
        var directory = Path.GetTempPath();
        options = new HarnessOptions(readings, rounds, patients, 0, directory);
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
                case "--patients" when TryPositive(value, out var p) && p <= 64:
                    patients = p;
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

        options = new HarnessOptions(readings, rounds, patients, Math.Min(naive ?? 20_000, readings), directory);
        return true;
    }

    private static bool TryPositive(string value, out int result) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out result) && result > 0;
}
