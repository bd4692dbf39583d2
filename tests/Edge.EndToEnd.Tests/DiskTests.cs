using System.Diagnostics;
using Edge.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Edge.EndToEnd.Tests;

/// <summary>
/// The outbox on a small real filesystem (a tmpfs the test mounts): the disk fills up, the gateway keeps running,
/// keeps what it stored, and resumes once the uplink drains and whole segments are deleted.
/// </summary>
[Collection(EndToEndGroup.Name)]
public sealed class DiskTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(180);

    [Fact]
    public async Task DiskFullWithNoWatermark_GatewayNeverCrashes_AndEverythingStoredIsDelivered()
    {
        using var paths = new TestPaths();
        using var tmpfs = SmallFilesystem.Mount(paths.CreateDirectory("small"), megabytes: 6);
        await using var broker = await MosquittoBroker.StartNewAsync();
        await using var collector = await VitalsCollector.StartAsync(broker);
        await broker.StopAsync();
        var run = new GatewayRun(paths, broker, readingsPerDevice: 6_000, intervalMs: 0)
            .Edit(e =>
            {
                e["DataDirectory"] = tmpfs.Path;
                e["Outbox"]!["SegmentItems"] = 2_000;
                e["Outbox"]!["MinFreeDiskBytes"] = 0;
                e["Outbox"]!["BallastBytes"] = 1024 * 1024;
            });
        await using var gateway = run.Start();

        await WaitUntilAsync(() => GatewayRun.LatestDrop(gateway, "commit_failures") > 3, "commits fail on the full disk");
        Assert.False(gateway.HasExited, "the gateway must survive ENOSPC");
        var storedWhileFull = run.AcknowledgedIds().Count;

        await broker.StartAsync();
        await GatewayRun.WaitUntilDrainedAsync(gateway, Patience);
        var acknowledged = run.AcknowledgedIds();
        await collector.WaitForAllAsync(acknowledged, Patience);
        Assert.Equal(0, await gateway.StopAsync());

        output.WriteLine($"{storedWhileFull} stored before the disk filled; {acknowledged.Count} in all, every one delivered");
        Assert.True(acknowledged.Count > storedWhileFull, "ingest must resume once space is freed");
        Assert.Equal(acknowledged.ToHashSet(), collector.Ids);
        DeliveryAssertions.GapFreeSequencesWithStableIds(collector.Items);
    }

    [Fact]
    public async Task BelowTheFreeDiskWatermark_OldestVitalsAreShedAndCounted_AlarmsKept_AndNoCommitFails()
    {
        using var paths = new TestPaths();
        using var tmpfs = SmallFilesystem.Mount(paths.CreateDirectory("small"), megabytes: 8);
        await using var broker = await MosquittoBroker.StartNewAsync();
        await using var collector = await VitalsCollector.StartAsync(broker);
        await broker.StopAsync();
        var run = new GatewayRun(paths, broker, readingsPerDevice: 5_000, intervalMs: 0)
            .Edit(e =>
            {
                e["DataDirectory"] = tmpfs.Path;
                e["Outbox"]!["SegmentItems"] = 2_000;
                e["Outbox"]!["MinFreeDiskBytes"] = 3 * 1024 * 1024;
            });
        await using var gateway = run.Start();
        await gateway.WaitForOutputAsync(l => l.Contains("Source simulator finished", StringComparison.Ordinal), Patience);
        await WaitUntilAsync(() => GatewayRun.LatestDrop(gateway, "vitals.disk_watermark") > 0, "vitals are shed at the watermark");

        // Ingest drains its queue after the simulator finishes; an item shed while the uplink has it in flight would
        // be both counted as shed and delivered. Start the broker only once nothing is being stored any more.
        await WaitUntilAsync(() => StoredUnchangedFor(gateway, TimeSpan.FromSeconds(3)), "ingest is idle");
        var shed = GatewayRun.LatestDrop(gateway, "vitals.disk_watermark");

        await broker.StartAsync();
        await GatewayRun.WaitUntilDrainedAsync(gateway, Patience);
        var acknowledged = run.AcknowledgedIds().ToHashSet();
        Assert.Equal(0, await gateway.StopAsync());
        await Task.Delay(1_000);

        output.WriteLine($"{acknowledged.Count} stored, {shed} shed at the watermark, {collector.Ids.Count} delivered");
        Assert.Equal(0, GatewayRun.LatestDrop(gateway, "commit_failures"));
        Assert.Equal(0, GatewayRun.LatestDrop(gateway, "alarm.disk_watermark"));
        Assert.Subset(acknowledged, collector.Ids.ToHashSet());
        Assert.Equal(acknowledged.Count, collector.Ids.Count + GatewayRun.LatestDrop(gateway, "vitals.disk_watermark"));
        Assert.All(collector.Items.Where(i => i.Type == "alert"), a => Assert.Contains(a.Id, acknowledged));
    }

    private static string? _lastStored;
    private static long _storedSince;

    private static bool StoredUnchangedFor(GatewayProcess gateway, TimeSpan quiet)
    {
        var stored = GatewayRun.LatestStatus(gateway)?.Groups["stored"].Value;
        if (stored != _lastStored)
        {
            _lastStored = stored;
            _storedSince = TimeProvider.System.GetTimestamp();
            return false;
        }

        return TimeProvider.System.GetElapsedTime(_storedSince) >= quiet;
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var start = TimeProvider.System.GetTimestamp();
        while (!condition())
        {
            if (TimeProvider.System.GetElapsedTime(start) > Patience)
            {
                throw new TimeoutException($"Timed out waiting until {what}.");
            }

            await Task.Delay(100);
        }
    }
}

/// <summary>A tmpfs of a few megabytes mounted for one test (needs root, which the test machines have), unmounted at dispose.</summary>
internal sealed class SmallFilesystem : IDisposable
{
    private SmallFilesystem(string path) => Path = path;

    public string Path { get; }

    public static SmallFilesystem Mount(string path, int megabytes)
    {
        Run("mount", "-t", "tmpfs", "-o", $"size={megabytes}m,mode=0755", "tmpfs", path);
        return new SmallFilesystem(path);
    }

    public void Dispose() => Run("umount", "-l", Path);

    private static void Run(string tool, params string[] args)
    {
        var info = new ProcessStartInfo(tool) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{tool} did not start");
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} {string.Join(' ', args)} failed ({process.ExitCode}): {error}. The disk tests mount a tmpfs and need root.");
        }
    }
}
