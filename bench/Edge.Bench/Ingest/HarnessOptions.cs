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
        if (!BenchArgs.TryPairs(args, out var pairs, out error))
        {
            return false;
        }

        foreach (var (name, value) in pairs)
        {
            switch (name)
            {
                case "--readings" when BenchArgs.TryPositive(value, out var n):
                    readings = n;
                    break;
                case "--rounds" when BenchArgs.TryPositive(value, out var r):
                    rounds = r;
                    break;
                case "--patients" when BenchArgs.TryPositive(value, out var p) && p <= 64:
                    patients = p;
                    break;
                case "--naive" when BenchArgs.TryPositive(value, out var m):
                    naive = m;
                    break;
                case "--dir":
                    directory = value;
                    break;
                default:
                    error = BenchArgs.Unknown(name, value);
                    return false;
            }
        }

        options = new HarnessOptions(readings, rounds, patients, Math.Min(naive ?? 20_000, readings), directory);
        return true;
    }
}
