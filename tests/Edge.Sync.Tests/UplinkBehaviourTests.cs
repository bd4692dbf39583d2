using System.Diagnostics.Metrics;
using System.IO.Compression;
using System.Text.Json;
using Edge.Core;
using Edge.Sync.Dialects;
using Edge.Sync.Outbox;
using Edge.Sync.Uplink;
using Edge.Sync.Wire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Edge.Sync.Tests;

public sealed class UplinkBehaviourTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly TempDirectory _dir = new();
    private readonly OutboxStore _outbox;

    public UplinkBehaviourTests() =>
        _outbox = OutboxStore.Open(Path.Combine(_dir.Path, "outbox"), new OutboxOptions { MinFreeDiskBytes = 0 }, TimeProvider.System, NullLogger.Instance);

    public void Dispose()
    {
        _outbox.Dispose();
        _dir.Dispose();
    }

    private (MqttUplinkService Uplink, UplinkStatus Status, DeadLetterStore DeadLetters) Uplink(UplinkOptions options, SyncMetrics? metrics = null)
    {
        var status = new UplinkStatus();
        var deadLetters = new DeadLetterStore(Path.Combine(_dir.Path, "deadletter"), TimeProvider.System);
        var uplink = new MqttUplinkService(
            _outbox,
            Options.Create(options),
            Options.Create(new SiteOptions()),
            new GenericMqttDialect(options, new SiteOptions()),
            Edge.Sync.Residency.ResidencyGate.AllowingAll("cloud"),
            status,
            deadLetters,
            TimeProvider.System,
            NullLogger<MqttUplinkService>.Instance,
            metrics);
        return (uplink, status, deadLetters);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var start = TimeProvider.System.GetTimestamp();
        while (!condition())
        {
            if (TimeProvider.System.GetElapsedTime(start) > Patience)
            {
                Assert.Fail($"timed out waiting until {what}");
            }

            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task BrokerThatNeverAcknowledges_IsRecycledByTheWatchdog_AndNothingLeavesTheOutbox()
    {
        await using var broker = new SilentBroker();
        _outbox.Append(TestData.Readings("dev-a", 20));
        using var meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var (uplink, status, _) = Uplink(
            new UplinkOptions { Port = broker.Port, ProgressTimeout = TimeSpan.FromSeconds(1), ReconnectBase = TimeSpan.FromMilliseconds(10), ReconnectCap = TimeSpan.FromMilliseconds(100) },
            new SyncMetrics(meters.GetRequiredService<IMeterFactory>(), _outbox, new UplinkStatus(), TimeProvider.System));
        using var recycles = new MetricCollector<long>(meters.GetRequiredService<IMeterFactory>(), SyncMetrics.MeterName, "edge.uplink.watchdog.recycles");

        using (uplink)
        {
            await uplink.StartAsync(CancellationToken.None);
            await WaitUntilAsync(() => broker.Connections >= 3, "the watchdog has recycled the client twice");
            await uplink.StopAsync(CancellationToken.None);
        }

        Assert.Equal(20, _outbox.PendingCount);
        Assert.Equal(0, status.AckedItems);
        Assert.True(recycles.GetMeasurementSnapshot().Sum(m => m.Value) >= 2, $"recycles {recycles.GetMeasurementSnapshot().Sum(m => m.Value)}, last error {status.LastError}, connections {broker.Connections}");
    }

    [Fact]
    public async Task SingleItemOverTheCap_GoesToTheDeadLetterStoreWithAReason_AndDoesNotBlockTheQueue()
    {
        await using var broker = await InProcessBroker.StartAsync();
        _outbox.Append(TestData.Readings("dev-a", 5));

        // 300 bytes is above an empty envelope but below an envelope holding one reading.
        var probe = _outbox.Read(DataClass.Vitals, 0, long.MaxValue, 1);
        Assert.Equal(0, new WirePayloadWriter(new SiteOptions()).WriteBatch(probe, 0, 1, 300, TestData.T0, out _));
        var (uplink, status, deadLetters) = Uplink(new UplinkOptions { Port = broker.Port, MaxMessageBytes = 300 });
        using (uplink)
        {
            await uplink.StartAsync(CancellationToken.None);
            await WaitUntilAsync(() => _outbox.PendingCount == 0, "everything was dead-lettered");
            await uplink.StopAsync(CancellationToken.None);
        }

        var lines = deadLetters.ReadAll().ToList();
        Assert.Equal(5, lines.Count);
        Assert.All(lines, l => Assert.Equal("too-large", JsonDocument.Parse(l).RootElement.GetProperty("reason").GetString()));
        Assert.Equal(5, _outbox.Counters.Get(DataClass.Vitals, "dead_letter"));
        Assert.Equal(0, status.AckedItems);
        Assert.Empty(broker.Received);

        // The queue moves on: a later item that fits is delivered.
        _outbox.Append([TestData.AlertItem(1)]);
        var (next, nextStatus, _) = Uplink(new UplinkOptions { Port = broker.Port });
        using (next)
        {
            await next.StartAsync(CancellationToken.None);
            await WaitUntilAsync(() => _outbox.PendingCount == 0, "the alert was delivered");
            await next.StopAsync(CancellationToken.None);
        }

        Assert.Equal(1, nextStatus.AckedItems);
    }

    [Fact]
    public async Task Gzip_PayloadIsCompressedAndDeclared()
    {
        await using var broker = await InProcessBroker.StartAsync();
        _outbox.Append(TestData.Readings("dev-a", 50));
        var (uplink, _, _) = Uplink(new UplinkOptions { Port = broker.Port, Compression = "gzip" });
        using (uplink)
        {
            await uplink.StartAsync(CancellationToken.None);
            await WaitUntilAsync(() => _outbox.PendingCount == 0, "the outbox drained");
            await uplink.StopAsync(CancellationToken.None);
        }

        var (_, payload) = Assert.Single(broker.Received);
        using var gzip = new GZipStream(new MemoryStream(payload), CompressionMode.Decompress);
        using var doc = JsonDocument.Parse(gzip);
        Assert.Equal(50, doc.RootElement.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Metrics_ReportBacklogPerClass_AndItemsSentPerLane()
    {
        await using var broker = await InProcessBroker.StartAsync();
        _outbox.Append([.. TestData.Readings("dev-a", 30), TestData.AlertItem(1)]);
        using var meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = meters.GetRequiredService<IMeterFactory>();
        var metrics = new SyncMetrics(factory, _outbox, new UplinkStatus(), TimeProvider.System);
        using var backlog = new MetricCollector<long>(factory, SyncMetrics.MeterName, "edge.outbox.backlog.items");
        using var sent = new MetricCollector<long>(factory, SyncMetrics.MeterName, "edge.uplink.sent.items");

        backlog.RecordObservableInstruments();
        Assert.Equal(30, backlog.GetMeasurementSnapshot().Single(m => (string?)m.Tags["class"] == "vitals").Value);
        Assert.Equal(1, backlog.GetMeasurementSnapshot().Single(m => (string?)m.Tags["class"] == "alarm").Value);

        var (uplink, _, _) = Uplink(new UplinkOptions { Port = broker.Port }, metrics);
        using (uplink)
        {
            await uplink.StartAsync(CancellationToken.None);
            await WaitUntilAsync(() => _outbox.PendingCount == 0, "the outbox drained");
            await uplink.StopAsync(CancellationToken.None);
        }

        var byLane = sent.GetMeasurementSnapshot().GroupBy(m => (string?)m.Tags["lane"]).ToDictionary(g => g.Key!, g => g.Sum(m => m.Value));
        Assert.Equal(1, byLane["alarm"]);
        Assert.Equal(30, byLane["backfill"]);
        backlog.Clear();
        backlog.RecordObservableInstruments();
        Assert.All(backlog.GetMeasurementSnapshot(), m => Assert.Equal(0, m.Value));
    }
}
