using System.Globalization;
using Edge.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Edge.EndToEnd.Tests;

/// <summary>
/// The delivery contract under failure, with the gateway as a separate process and a real mosquitto (TLS, password
/// file, persistence, max_queued_messages 0): broker restarts, repeated SIGKILL, bad credentials and certificates.
/// </summary>
[Collection(EndToEndGroup.Name)]
public sealed class ResilienceTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(180);

    [Fact]
    public async Task BrokerRestarted50TimesDuringADrain_ResumesWithin2sEachTime_AndLosesNothing()
    {
        using var paths = new TestPaths();
        await using var broker = await MosquittoBroker.StartNewAsync();
        await using var collector = await VitalsCollector.StartAsync(broker);
        await broker.StopAsync();

        // Queue a backlog with the broker down, then drain it slowly (backfill cap) so 50 restarts hit a live drain.
        var run = new GatewayRun(paths, broker, readingsPerDevice: 3_000, intervalMs: 0)
            .Edit(e => e["Uplink"]!["Lanes"] = new System.Text.Json.Nodes.JsonObject { ["BackfillItemsPerSecond"] = 900, ["BackfillBurst"] = 200 });
        await using var gateway = run.Start();
        await gateway.WaitForOutputAsync(l => l.Contains("Source simulator finished", StringComparison.Ordinal), Patience);
        var acknowledged = run.AcknowledgedIds();
        await broker.StartAsync();

        var resumes = new List<double>();
        for (var restart = 0; restart < 50; restart++)
        {
            var before = collector.Items.Count;
            await WaitUntilAsync(() => collector.Items.Count > before, TimeSpan.FromSeconds(10), "items flow before the restart");
            await broker.RestartAsync();
            var upAt = TimeProvider.System.GetTimestamp();
            var seen = collector.Items.Count;
            await WaitUntilAsync(() => collector.Items.Count > seen, TimeSpan.FromSeconds(10), $"delivery resumes after restart {restart + 1}");
            resumes.Add(TimeProvider.System.GetElapsedTime(upAt).TotalSeconds);
        }

        // The journal may have grown after "finished" was logged (the channel's last items): take it again at the end.
        acknowledged = run.AcknowledgedIds();
        await collector.WaitForAllAsync(acknowledged, Patience);
        Assert.Equal(0, await gateway.StopAsync());

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{acknowledged.Count} items; resume after restart: median {Median(resumes):0.00} s, max {resumes.Max():0.00} s"));
        Assert.All(resumes, r => Assert.True(r < 2.0, $"resume took {r:0.00} s"));
        Assert.Equal(acknowledged.ToHashSet(), collector.Ids);
        DeliveryAssertions.GapFreeSequencesWithStableIds(collector.Items);
    }

    [Fact]
    public async Task GatewayKilled20TimesAtRandomPoints_LosesNothingAcknowledged()
    {
        using var paths = new TestPaths();
        await using var broker = await MosquittoBroker.StartNewAsync();
        await using var collector = await VitalsCollector.StartAsync(broker);
        var run = new GatewayRun(paths, broker, readingsPerDevice: 400, intervalMs: 2);
        var random = new Random(2026);
        var killedWithBacklog = 0;
        for (var cycle = 0; cycle < 20; cycle++)
        {
            await using var gateway = run.Start();
            await gateway.WaitForOutputAsync(l => l.Contains("Ingest started", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
            await Task.Delay(random.Next(100, 1_500));
            var acknowledgedBefore = run.AcknowledgedIds().Count;
            gateway.Kill9();
            await gateway.WaitForExitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(137, gateway.ExitCode);
            if (acknowledgedBefore > collector.Ids.Count)
            {
                killedWithBacklog++;
            }
        }

        await using (var last = run.Start())
        {
            await GatewayRun.WaitUntilDrainedAsync(last, Patience);
            await collector.WaitForAllAsync(run.AcknowledgedIds(), Patience);
            Assert.Equal(0, await last.StopAsync());
        }

        var acknowledged = run.AcknowledgedIds();
        output.WriteLine($"{acknowledged.Count} acknowledged over 21 runs; {killedWithBacklog} kills landed with an undelivered backlog; {collector.Items.Count - collector.Ids.Count} duplicates");
        Assert.Subset(collector.Ids, acknowledged.ToHashSet());
        DeliveryAssertions.GapFreeSequencesWithStableIds(collector.Items);
    }

    [Fact]
    public async Task WrongPassword_ShowsNotAuthorized_AndKeepsEverythingStored()
    {
        using var paths = new TestPaths();
        await using var broker = await MosquittoBroker.StartNewAsync();
        var run = new GatewayRun(paths, broker, readingsPerDevice: 100, intervalMs: 1);
        File.WriteAllText(paths.Combine("secrets", "mqtt-password"), "not-the-password\n");
        await using var gateway = run.Start();

        await gateway.WaitForOutputAsync(l => l.Contains("Source simulator finished", StringComparison.Ordinal), Patience);
        await gateway.WaitForOutputAsync(l => l.EndsWith("uplink=NotAuthorized", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        var status = GatewayRun.LatestStatus(gateway)!;
        var stored = long.Parse(status.Groups["stored"].Value, CultureInfo.InvariantCulture);
        Assert.Equal(run.AcknowledgedIds().Count, stored);
        Assert.Equal(stored, long.Parse(status.Groups["backlog"].Value, CultureInfo.InvariantCulture));
        Assert.Equal("0", status.Groups["sent"].Value);
        Assert.Contains(gateway.Output, l => l.Contains("refused by broker", StringComparison.Ordinal));
        Assert.Equal(0, await gateway.StopAsync());
    }

    [Fact]
    public async Task UntrustedBrokerCertificate_ShowsCertificateRejected_AndKeepsEverythingStored()
    {
        using var paths = new TestPaths();
        await using var broker = await MosquittoBroker.StartNewAsync();
        await using var other = await MosquittoBroker.StartNewAsync();
        var run = new GatewayRun(paths, broker, readingsPerDevice: 100, intervalMs: 1)
            .Edit(e => e["Uplink"]!["CaFile"] = other.CaCertPath);
        await using var gateway = run.Start();

        await gateway.WaitForOutputAsync(l => l.Contains("Source simulator finished", StringComparison.Ordinal), Patience);
        await gateway.WaitForOutputAsync(l => l.EndsWith("uplink=CertificateRejected", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        var status = GatewayRun.LatestStatus(gateway)!;
        Assert.Equal(run.AcknowledgedIds().Count, long.Parse(status.Groups["backlog"].Value, CultureInfo.InvariantCulture));
        Assert.Equal("0", status.Groups["sent"].Value);
        Assert.Equal(0, await gateway.StopAsync());
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var start = TimeProvider.System.GetTimestamp();
        while (!condition())
        {
            if (TimeProvider.System.GetElapsedTime(start) > timeout)
            {
                throw new TimeoutException($"Timed out waiting until {what}.");
            }

            await Task.Delay(10);
        }
    }
}
