using System.Text.Json;
using Edge.Sync.Dialects;
using Edge.Sync.Outbox;
using Edge.Sync.Uplink;
using Edge.Sync.Wire;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Edge.Sync.Tests;

public sealed class MqttUplinkServiceTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private MqttUplinkService Uplink(OutboxStore outbox, UplinkStatus status, int port, string? password = null)
    {
        var options = new UplinkOptions { Port = port, Username = password is null ? null : "gateway", Password = password, BatchSize = 50, MaxInFlight = 8 };
        return new MqttUplinkService(
            outbox,
            Options.Create(options),
            Options.Create(new SiteOptions()),
            new GenericMqttDialect(options, new SiteOptions()),
            Edge.Sync.Residency.ResidencyGate.AllowingAll("cloud"),
            status,
            new DeadLetterStore(Path.Combine(_dir.Path, "deadletter"), TimeProvider.System),
            TimeProvider.System,
            NullLogger<MqttUplinkService>.Instance);
    }

    private OutboxStore OpenOutbox() => OutboxStore.Open(Path.Combine(_dir.Path, "outbox"), new OutboxOptions { MinFreeDiskBytes = 0 }, TimeProvider.System, NullLogger.Instance);

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = TimeProvider.System.GetTimestamp();
        while (!condition())
        {
            if (TimeProvider.System.GetElapsedTime(deadline) > Patience)
            {
                Assert.Fail($"timed out waiting until {what}");
            }

            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task Drain_EveryCommittedItemArrivesOnce_ThenLeavesTheOutbox()
    {
        await using var broker = await InProcessBroker.StartAsync();
        using var outbox = OpenOutbox();
        var items = TestData.Readings("dev-a", 1_000);
        items.Add(TestData.AlertItem(1));
        outbox.Append(items);
        var status = new UplinkStatus();
        using var uplink = Uplink(outbox, status, broker.Port);

        await uplink.StartAsync(CancellationToken.None);
        await WaitUntilAsync(() => outbox.PendingCount == 0, "the outbox is drained");
        await uplink.StopAsync(CancellationToken.None);

        var ids = broker.Received
            .SelectMany(m => JsonDocument.Parse(m.Payload).RootElement.GetProperty("items").EnumerateArray())
            .Select(e => e.GetProperty("id").GetGuid())
            .ToList();
        Assert.Equal(items.Select(i => i.MessageId).Order(), ids.Order());
        Assert.Equal(1_001, status.AckedItems);
        Assert.All(broker.Received, m => Assert.StartsWith("edge/v1/demo/site-0001/gw-0001/", m.Topic, StringComparison.Ordinal));
        Assert.Contains(broker.Received, m => m.Topic.EndsWith("/alerts", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Drain_ItemsCommittedWhileConnected_AreSentWithoutWaitingForAPoll()
    {
        await using var broker = await InProcessBroker.StartAsync();
        using var outbox = OpenOutbox();
        var status = new UplinkStatus();
        using var uplink = Uplink(outbox, status, broker.Port);
        await uplink.StartAsync(CancellationToken.None);
        await WaitUntilAsync(() => status.State == UplinkState.Connected, "connected");

        outbox.Append(TestData.Readings("dev-a", 10));
        await WaitUntilAsync(() => status.AckedItems == 10, "ten items are acknowledged");
        await uplink.StopAsync(CancellationToken.None);
        Assert.Equal(0, outbox.PendingCount);
    }

    [Fact]
    public async Task BrokerUnreachable_KeepsReadingsBuffered()
    {
        using var outbox = OpenOutbox();
        outbox.Append(TestData.Readings("dev-a", 25));
        var status = new UplinkStatus();
        using var uplink = Uplink(outbox, status, InProcessBroker.FreePort());

        await uplink.StartAsync(CancellationToken.None);
        await Task.Delay(1500);
        await uplink.StopAsync(CancellationToken.None);

        Assert.Equal(25, outbox.PendingCount);
        Assert.Equal(0, status.AckedItems);
        Assert.Equal(UplinkState.Stopped, status.State);
    }

    [Fact]
    public async Task WrongPassword_ReportsNotAuthorized_AndDropsNothing()
    {
        await using var broker = await InProcessBroker.StartAsync(requiredPassword: "right");
        using var outbox = OpenOutbox();
        outbox.Append(TestData.Readings("dev-a", 5));
        var status = new UplinkStatus();
        using var uplink = Uplink(outbox, status, broker.Port, password: "wrong");

        await uplink.StartAsync(CancellationToken.None);
        await WaitUntilAsync(() => status.State == UplinkState.NotAuthorized, "the uplink reports NotAuthorized");
        await uplink.StopAsync(CancellationToken.None);

        Assert.Equal(5, outbox.PendingCount);
        Assert.Empty(broker.Received);
    }
}
