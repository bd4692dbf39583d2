using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;

namespace Edge.Bench.Ingest;

/// <summary>What the numbers were measured on, read from the kernel and the runtime.</summary>
internal static class MachineInfo
{
    public static IEnumerable<(string Key, string Value)> Describe(string dataDirectory)
    {
        yield return ("nproc", Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture));
        yield return ("CPU", FirstValue("/proc/cpuinfo", "model name") ?? "unknown");
        yield return ("memory", FirstValue("/proc/meminfo", "MemTotal") ?? "unknown");
        yield return ("kernel", ReadTrimmed("/proc/sys/kernel/osrelease") ?? RuntimeInformation.OSDescription);
        yield return ("OS", OsName() ?? RuntimeInformation.OSDescription);
        yield return (".NET", $"{RuntimeInformation.FrameworkDescription} ({RuntimeInformation.RuntimeIdentifier})");
        yield return ("GC", GCSettings.IsServerGC ? "server" : $"workstation, concurrent={GCSettings.LatencyMode != GCLatencyMode.Batch}");
        yield return ("data folder", $"{dataDirectory} ({MountOf(dataDirectory) ?? "mount unknown"})");
    }

    private static string? FirstValue(string path, string key)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        foreach (var line in File.ReadLines(path))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line[..colon].Trim() == key)
            {
                return line[(colon + 1)..].Trim();
            }
        }

        return null;
    }

    private static string? ReadTrimmed(string path) => File.Exists(path) ? File.ReadAllText(path).Trim() : null;

    private static string? OsName()
    {
        const string path = "/etc/os-release";
        if (!File.Exists(path))
        {
            return null;
        }

        var line = File.ReadLines(path).FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal));
        return line?["PRETTY_NAME=".Length..].Trim('"');
    }

    /// <summary>File system type and device of the mount holding <paramref name="directory"/> (longest mount-point prefix).</summary>
    private static string? MountOf(string directory)
    {
        const string path = "/proc/mounts";
        if (!File.Exists(path))
        {
            return null;
        }

        var full = Path.GetFullPath(directory);
        (string Point, string Description)? best = null;
        foreach (var line in File.ReadLines(path))
        {
            var parts = line.Split(' ');
            if (parts.Length < 3)
            {
                continue;
            }

            var point = parts[1];
            var inside = point == "/" || full == point || full.StartsWith(point + "/", StringComparison.Ordinal);
            if (inside && (best is null || point.Length > best.Value.Point.Length))
            {
                best = (point, $"{parts[2]} on {parts[0]}, mounted at {point}");
            }
        }

        return best?.Description;
    }
}
