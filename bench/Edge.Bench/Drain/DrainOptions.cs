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

        options = new DrainOptions(readings, rounds, Math.Min(naive ?? 50_000, readings), directory);
        return true;
    }
}
