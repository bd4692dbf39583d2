using Edge.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Edge.EndToEnd.Tests;

/// <summary>
/// The walking skeleton end to end on real parts: the gateway as a separate process, a real mosquitto with TLS, a
/// password file and persistence, and an independent subscriber. "Acknowledged" means listed in the gateway's
/// commit journal, which it writes only after the fsync'd group commit returned.
/// </summary>
[Collection(EndToEndGroup.Name)]
public sealed class DeliveryTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Gateway_DeliversEveryStoredReading_ToRealMosquittoOverTls()
    {
        using var paths = new TestPaths();
        await using var broker = await MosquittoBroker.StartNewAsync();
        await using var collector = await VitalsCollector.StartAsync(broker);
        var run = new GatewayRun(paths, broker, readingsPerDevice: 200, intervalMs: 2);
        await using var gateway = run.Start();

        await GatewayRun.WaitUntilDrainedAsync(gateway, Patience);
        var acknowledged = run.AcknowledgedIds();
        await collector.WaitForAllAsync(acknowledged, Patience);
        Assert.Equal(0, await gateway.StopAsync());

        // 3 patients x 2 devices x 200 device messages, each 1-3 readings, plus any alerts.
        Assert.InRange(acknowledged.Count, 1_200, 3_600 + 100);
        Assert.Equal(acknowledged.ToHashSet(), collector.Ids);
        DeliveryAssertions.GapFreeSequencesWithStableIds(collector.Items);
        output.WriteLine($"{acknowledged.Count} items acknowledged and received in {collector.Messages} MQTT messages");
    }

    [Fact]
    public async Task BrokerRestartedMidStream_NothingAcknowledgedIsMissing()
    {
        using var paths = new TestPaths();
        await using var broker = await MosquittoBroker.StartNewAsync();
        await using var collector = await VitalsCollector.StartAsync(broker);
        var run = new GatewayRun(paths, broker, readingsPerDevice: 1_500, intervalMs: 4);
        await using var gateway = run.Start();

        for (var restart = 0; restart < 2; restart++)
        {
            var seen = collector.Items.Count;
            await WaitUntilAsync(() => collector.Items.Count > seen + 300, "readings flow before the restart");
            await broker.RestartAsync();
            output.WriteLine($"broker restarted with {collector.Items.Count} items received so far");
        }

        await GatewayRun.WaitUntilDrainedAsync(gateway, Patience);
        var acknowledged = run.AcknowledgedIds();
        await collector.WaitForAllAsync(acknowledged, Patience);
        Assert.Equal(0, await gateway.StopAsync());

        Assert.True(acknowledged.Count > 9_000, $"expected a long stream, got {acknowledged.Count}");
        Assert.Subset(collector.Ids, acknowledged.ToHashSet());
        DeliveryAssertions.GapFreeSequencesWithStableIds(collector.Items);
        Assert.Contains(gateway.Output, l => l.Contains("Uplink lost", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GatewayKilledWithSigkillMidStream_AndRestarted_LosesNothingAcknowledged()
    {
        using var paths = new TestPaths();
        await using var broker = await MosquittoBroker.StartNewAsync();
        await using var collector = await VitalsCollector.StartAsync(broker);
        var run = new GatewayRun(paths, broker, readingsPerDevice: 600, intervalMs: 3);

        await using (var first = run.Start())
        {
            await WaitUntilAsync(() => run.AcknowledgedIds().Count > 1_500, "the first run stores readings");
            first.Kill9();
            await first.WaitForExitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(137, first.ExitCode);
        }

        var acknowledgedBeforeCrash = run.AcknowledgedIds().ToHashSet();
        await using var second = run.Start();
        await GatewayRun.WaitUntilDrainedAsync(second, Patience);
        var acknowledged = run.AcknowledgedIds();
        await collector.WaitForAllAsync(acknowledged, Patience);
        Assert.Equal(0, await second.StopAsync());

        Assert.Subset(collector.Ids, acknowledgedBeforeCrash);
        Assert.Subset(collector.Ids, acknowledged.ToHashSet());
        DeliveryAssertions.GapFreeSequencesWithStableIds(collector.Items);
        output.WriteLine($"{acknowledgedBeforeCrash.Count} acknowledged before the kill, {acknowledged.Count} in all; {collector.Items.Count - collector.Ids.Count} duplicates received");
    }

    [Fact]
    public async Task LogFilesOfARun_ContainNoPatientIdsLabelsAddressesOrVitalValues()
    {
        using var paths = new TestPaths();
        await using var broker = await MosquittoBroker.StartNewAsync();
        await using var collector = await VitalsCollector.StartAsync(broker);
        var run = new GatewayRun(paths, broker, readingsPerDevice: 100, intervalMs: 2);
        await using (var gateway = run.Start())
        {
            await GatewayRun.WaitUntilDrainedAsync(gateway, Patience);
            await collector.WaitForAllAsync(run.AcknowledgedIds(), Patience);
            await broker.RestartAsync(); // so the log also holds the reconnect path
            await Task.Delay(1500);
            Assert.Equal(0, await gateway.StopAsync());
        }

        var logs = Directory.GetFiles(Path.Combine(run.DataDirectory, "logs"), "*.clef");
        Assert.NotEmpty(logs);
        var findings = LogScanner.Scan(logs, collector.Items);
        Assert.True(findings.Count == 0, "PHI found in logs:\n" + string.Join('\n', findings));
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

            await Task.Delay(50);
        }
    }
}
