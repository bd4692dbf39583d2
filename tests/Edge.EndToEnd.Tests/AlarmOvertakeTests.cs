using Edge.Core;
using Edge.EndToEnd.Tests.Infrastructure;
using Edge.Sync.Dialects;
using Edge.Sync.Outbox;
using Edge.Sync.Uplink;
using Edge.Sync.Wire;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace Edge.EndToEnd.Tests;

/// <summary>With a million readings queued and draining to a real mosquitto, a new alarm reaches the broker fast.</summary>
[Collection(EndToEndGroup.Name)]
public sealed class AlarmOvertakeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task AlarmRaisedBehindAMillionQueuedReadings_ReachesTheBrokerInUnderASecond()
    {
        using var paths = new TestPaths();
        await using var broker = await MosquittoBroker.StartNewAsync();
        await using var alerts = await VitalsCollector.StartAsync(broker, "edge/+/+/+/+/alerts", "e2e-alerts");
        using var outbox = OutboxStore.Open(paths.Combine("outbox"), new OutboxOptions { MinFreeDiskBytes = 0 }, TimeProvider.System, NullLogger.Instance);

        var fill = TimeProvider.System.GetTimestamp();
        var start = new DateTimeOffset(2026, 11, 25, 0, 0, 0, TimeSpan.Zero);
        for (var batch = 0; batch < 20; batch++)
        {
            var items = new List<OutboxItem>(50_000);
            for (var i = 0; i < 50_000; i++)
            {
                var n = (batch * 50_000) + i;
                items.Add(OutboxItem.ForReading(new Reading(
                    Guid.CreateVersion7(start.AddMilliseconds(n)), $"dev-{n % 6}", (n / 6) + 1, $"pt-e2e-{n % 3}",
                    VitalKind.HeartRate, 60 + (n % 40), null, start.AddMilliseconds(n), ClockTrust.Trusted, QualityIssues.None)));
            }

            outbox.Append(items);
        }

        output.WriteLine($"queued {outbox.PendingCount} readings in {TimeProvider.System.GetElapsedTime(fill).TotalSeconds:0.0} s");
        Assert.Equal(1_000_000, outbox.PendingCount);

        var options = new UplinkOptions
        {
            Host = broker.Host,
            Port = broker.Port,
            Username = broker.Username,
            Password = broker.Password,
        };
        var status = new UplinkStatus();
        using var uplink = new MqttUplinkService(
            outbox,
            Options.Create(options),
            Options.Create(new SiteOptions()),
            new GenericMqttDialect(options, new SiteOptions()),
            Edge.Sync.Residency.ResidencyGate.AllowingAll("cloud"),
            status,
            new DeadLetterStore(paths.Combine("deadletter"), TimeProvider.System),
            TimeProvider.System,
            NullLogger<MqttUplinkService>.Instance);
        await uplink.StartAsync(CancellationToken.None);
        var deadline = TimeProvider.System.GetTimestamp();
        while (status.AckedItems < 20_000)
        {
            Assert.True(TimeProvider.System.GetElapsedTime(deadline) < TimeSpan.FromSeconds(60), "the drain did not start");
            await Task.Delay(20);
        }

        var latencies = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            var alert = new Alert(Guid.CreateVersion7(), "pt-e2e-1", "news2.high", AlertSeverity.High, 7, start, Guid.Empty);
            outbox.Append([OutboxItem.ForAlert(alert)]);
            var raised = TimeProvider.System.GetTimestamp();
            await alerts.WaitForAllAsync([alert.Id], TimeSpan.FromSeconds(10));
            latencies.Add(TimeProvider.System.GetElapsedTime(raised, alerts.ArrivedAt[alert.Id]).TotalMilliseconds);
            await Task.Delay(200);
        }

        var backlog = outbox.PendingCount;
        await uplink.StopAsync(CancellationToken.None);
        output.WriteLine($"alarm latency behind the backlog (ms): {string.Join(", ", latencies.Select(l => l.ToString("0", System.Globalization.CultureInfo.InvariantCulture)))}; backlog still {backlog}");
        Assert.True(backlog > 500_000, "the alarms must have overtaken a large backlog");
        Assert.All(latencies, l => Assert.True(l < 1_000, $"alarm took {l:0} ms"));
    }
}
