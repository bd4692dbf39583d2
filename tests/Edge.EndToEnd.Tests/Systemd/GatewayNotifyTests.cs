using System.Globalization;
using Edge.EndToEnd.Tests.Infrastructure;

namespace Edge.EndToEnd.Tests.Systemd;

/// <summary>
/// The real gateway process as systemd runs a <c>Type=notify</c> service: <c>$NOTIFY_SOCKET</c> names a datagram
/// socket this test binds, <c>$WATCHDOG_USEC</c> arms the watchdog. The demo configuration (simulator and in-process
/// broker) runs on free ports.
/// </summary>
[Collection(EndToEndGroup.Name)]
public sealed class GatewayNotifyTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private static GatewayProcess Start(TestPaths paths, NotifyListener listener, TimeSpan watchdog, params string[] settings)
    {
        var port = FreeTcpPort.Next().ToString(CultureInfo.InvariantCulture);
        var usec = ((long)watchdog.TotalMicroseconds).ToString(CultureInfo.InvariantCulture);
        return GatewayProcess.Start(
            configPath: null,
            paths.Root,
            new Dictionary<string, string?> { ["NOTIFY_SOCKET"] = listener.Address, ["WATCHDOG_USEC"] = usec, ["WATCHDOG_PID"] = null },
            [
                $"--Edge:DataDirectory={paths.Combine("data")}", "--Edge:ClockTrust=trusted",
                $"--Edge:DemoBroker:Port={port}", $"--Edge:Uplink:Port={port}", .. settings,
            ]);
    }

    [Fact]
    public async Task Gateway_SaysReady_FeedsTheWatchdog_AndSaysStoppingOnSigterm()
    {
        using var paths = new TestPaths();
        await using var listener = new NotifyListener(paths.Combine("notify"));
        await using var gateway = Start(paths, listener, TimeSpan.FromSeconds(2));

        var ready = await listener.WaitForAsync("READY=1", StartTimeout, gateway.DumpOutput);
        Assert.StartsWith("Running: ", ready.Value("STATUS"), StringComparison.Ordinal);
        Assert.Contains("ingest", ready.Value("STATUS"), StringComparison.Ordinal);
        Assert.DoesNotContain(listener.Received.TakeWhile(n => n != ready), n => n.Has("WATCHDOG=1"));

        // WATCHDOG_USEC = 2 s: pings every second, so over 6 s at least 5, and never 2 s apart (systemd would kill).
        await Task.Delay(TimeSpan.FromSeconds(6));
        var pings = listener.Received.Where(n => n.Has("WATCHDOG=1") && n.At >= ready.At).Select(n => n.At).ToList();
        Assert.True(pings.Count >= 5, $"{pings.Count} pings in 6 s\n{gateway.DumpOutput()}");
        var widest = pings.Zip(pings.Skip(1), (a, b) => TimeProvider.System.GetElapsedTime(a, b)).Max();
        Assert.True(widest < TimeSpan.FromSeconds(2), $"pings {widest} apart");

        await Tool.RunAsync("kill", "procps", ["-s", "TERM", gateway.Id.ToString(CultureInfo.InvariantCulture)]);
        Assert.Equal(0, await gateway.WaitForExitAsync(TimeSpan.FromSeconds(40)));
        var stopping = await listener.WaitForAsync("STOPPING=1", TimeSpan.FromSeconds(5));
        Assert.Single(listener.Received, n => n.Has("READY=1"));
        Assert.Single(listener.Received, n => n.Has("STOPPING=1"));
        Assert.DoesNotContain(listener.Received, n => n.At > stopping.At && n.Has("WATCHDOG=1"));
    }

    [Fact]
    public async Task StalledIngest_StopsTheWatchdogPings_AndTheyResumeWhenItMovesAgain()
    {
        using var paths = new TestPaths();
        await using var listener = new NotifyListener(paths.Combine("notify"));
        // The ingest loop writes every committed id to the commit journal. Make the journal a FIFO that this test
        // drains; when it stops draining, the pipe fills and the ingest loop blocks in write(2): a real hang inside
        // a live process, with no test hook in the product.
        var fifo = paths.Combine("journal.fifo");
        var mkfifo = await Tool.RunAsync("mkfifo", "coreutils", [fifo]);
        Assert.True(mkfifo.ExitCode == 0, mkfifo.Output);
        // Read-write: opening a FIFO for reading alone would wait for the writer.
        await using var journal = new FileStream(fifo, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, bufferSize: 0);
        using var drain = new CancellationTokenSource();
        var draining = DrainAsync(journal, drain.Token);

        await using var gateway = Start(
            paths, listener, TimeSpan.FromSeconds(1),
            $"--Edge:Outbox:CommitJournalPath={fifo}", "--Edge:Simulator:IntervalMs=10", "--Edge:Watchdog:StageDeadline=00:00:02");

        var ready = await listener.WaitForAsync("READY=1", StartTimeout, gateway.DumpOutput);
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.True(listener.Received.Count(n => n.At > ready.At && n.Has("WATCHDOG=1")) >= 4, "pings while ingest runs\n" + gateway.DumpOutput());

        await drain.CancelAsync();
        var drained = await draining;
        Assert.True(drained > 0, "the gateway never wrote to its commit journal");

        // 600 readings/s of 37 bytes fill the 64 KiB pipe in about 3 s; then 2 s without a beat.
        var status = await WaitForStatusAsync(listener, "Stalled: ingest", TimeSpan.FromSeconds(30), gateway);
        Assert.Contains("watchdog not fed", status.Value("STATUS"), StringComparison.Ordinal);

        // Three watchdog timeouts without a ping: systemd would have killed and restarted the service by now.
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.DoesNotContain(listener.Received, n => n.At > status.At && n.Has("WATCHDOG=1"));
        Assert.Contains(gateway.Output, l => l.Contains("Pipeline stage ingest made no progress", StringComparison.Ordinal));
        Assert.False(gateway.HasExited);

        // Drain again: the blocked write returns, ingest beats, the pings resume.
        using var stop = new CancellationTokenSource();
        var resumed = DrainAsync(journal, stop.Token);
        var back = await listener.WaitForAsync("WATCHDOG=1", TimeSpan.FromSeconds(15), gateway.DumpOutput, after: status.At);
        Assert.StartsWith("Running", back.Value("STATUS"), StringComparison.Ordinal);

        gateway.Kill9();
        await gateway.WaitForExitAsync(TimeSpan.FromSeconds(10));
        // Wake the drain's pending read (this end is also a writer, so it never sees end-of-file) and let it end.
        await stop.CancelAsync();
        await journal.WriteAsync("\n"u8.ToArray());
        await resumed;
    }

    [Fact]
    public async Task BadStageDeadline_StopsTheGatewayWithExit78_NamingTheKey()
    {
        using var paths = new TestPaths();
        await using var listener = new NotifyListener(paths.Combine("notify"));
        await using var gateway = Start(paths, listener, TimeSpan.FromSeconds(2), "--Edge:Watchdog:StageDeadline=00:00:00");

        Assert.Equal(78, await gateway.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains(gateway.Output, l => l.Contains("StageDeadline", StringComparison.Ordinal));
        Assert.DoesNotContain(listener.Received, n => n.Has("READY=1"));
    }

    /// <summary>Reads and discards the journal until cancelled; returns the bytes read.</summary>
    private static async Task<long> DrainAsync(FileStream journal, CancellationToken cancel)
    {
        var buffer = new byte[4096];
        long total = 0;
        while (!cancel.IsCancellationRequested)
        {
            // A FIFO read blocks in a thread-pool thread until the writer writes; readings arrive every 10 ms.
            var read = await journal.ReadAsync(buffer, CancellationToken.None);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    private static async Task<Notification> WaitForStatusAsync(NotifyListener listener, string prefix, TimeSpan timeout, GatewayProcess gateway)
    {
        var start = TimeProvider.System.GetTimestamp();
        while (true)
        {
            var found = listener.Received.FirstOrDefault(n => n.Value("STATUS")?.StartsWith(prefix, StringComparison.Ordinal) == true);
            if (found is not null)
            {
                return found;
            }

            if (TimeProvider.System.GetElapsedTime(start) > timeout)
            {
                throw new TimeoutException($"No STATUS={prefix}... in {timeout}:\n" + string.Join("\n---\n", listener.Received.Select(n => n.Text)) + "\n" + gateway.DumpOutput());
            }

            await Task.Delay(100);
        }
    }
}
