using System.Diagnostics;
using System.Globalization;

namespace Edge.Bench.Ingest;

/// <summary>CPU time and resident memory of this process, read from the kernel.</summary>
internal static class ProcessMetrics
{
    /// <summary>User plus system CPU time of the whole process so far (all threads, GC included).</summary>
    public static TimeSpan CpuTime()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    /// <summary>
    /// A full, compacting, aggressive collection, which also returns free GC memory to the OS: otherwise memory a
    /// previous measurement used stays resident and inflates the next one's RSS.
    /// </summary>
    public static void CollectAndTrim()
    {
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }

    /// <summary>
    /// Machine-wide CPU time from the first line of <c>/proc/stat</c>: busy (user, nice, system, irq, softirq, all
    /// processes) and steal (time the hypervisor gave this VM's vCPUs to someone else). Kernel ticks are taken as
    /// USER_HZ = 100, the Linux value on x86-64 and arm64.
    /// </summary>
    public static (TimeSpan Busy, TimeSpan Steal) MachineCpu()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        long Field(int i) => fields.Length > i ? long.Parse(fields[i], CultureInfo.InvariantCulture) : 0;
        var busy = Field(1) + Field(2) + Field(3) + Field(6) + Field(7);
        return (TimeSpan.FromMilliseconds(busy * 10), TimeSpan.FromMilliseconds(Field(8) * 10));
    }

    /// <summary>Current resident set size (VmRSS), bytes.</summary>
    public static long Rss() => ReadStatusKb("VmRSS:") * 1024;

    /// <summary>Peak resident set size since start or since the last <see cref="TryResetPeak"/> (VmHWM), bytes.</summary>
    public static long PeakRss() => ReadStatusKb("VmHWM:") * 1024;

    /// <summary>
    /// Resets VmHWM to the current RSS by writing 5 to <c>/proc/self/clear_refs</c> (Linux 4.0+), so that the peak
    /// read afterwards belongs to one measurement. Returns false where that is not allowed.
    /// </summary>
    public static bool TryResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static long ReadStatusKb(string key)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith(key, StringComparison.Ordinal))
            {
                var digits = line[key.Length..].Trim().Split(' ')[0];
                return long.Parse(digits, CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }
}
