using Edge.Core;
using Edge.Sync.Outbox;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.Sync.Tests;

public sealed class OutboxStoreTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private OutboxStore Open(OutboxOptions? options = null) =>
        OutboxStore.Open(_dir.Path, options ?? new OutboxOptions { MinFreeDiskBytes = 0 }, TimeProvider.System, NullLogger.Instance);

    private static List<StoredItem> All(OutboxStore store, DataClass c = DataClass.Vitals) => [.. store.Read(c, 0, long.MaxValue, 1_000_000)];

    [Fact]
    public void Append_ThenReopen_KeepsEveryItemFieldAndSequence()
    {
        var items = TestData.Readings("dev-a", 500);
        items.Add(TestData.AlertItem(1));
        items.AddRange(TestData.Readings("dev-b", 10, firstSeq: 41));
        using (var store = Open())
        {
            var result = store.Append(items);
            Assert.Equal(items, result.Stored);
            Assert.Empty(result.Rejected);
        }

        using var reopened = Open();
        Assert.Equal(items.Count, reopened.PendingCount);
        var vitals = All(reopened);
        Assert.Equal(items.Where(i => i.Reading is not null).Select(i => i.MessageId), vitals.Select(s => s.Item.MessageId));
        Assert.Equal(items[0].Reading, vitals[0].Item.Reading);
        Assert.Equal(items[500].Alert, Assert.Single(All(reopened, DataClass.Alarm)).Item.Alert);
        var sequences = reopened.LoadSequences();
        Assert.Equal(500, sequences["dev-a"]);
        Assert.Equal(50, sequences["dev-b"]);
    }

    [Fact]
    public void Append_ReturnsOnlyAfterAnFsync()
    {
        using var store = Open();
        var before = store.FsyncCount;
        store.Append(TestData.Readings("dev-a", 3));
        Assert.True(store.FsyncCount > before, "a group commit must reach the disk before Append returns");
    }

    [Fact]
    public void Read_ReturnsPositionOrderWithinTheRangeUpToMax()
    {
        using var store = Open();
        store.Append(TestData.Readings("dev-a", 100));
        Assert.Equal(Enumerable.Range(41, 25).Select(i => (long)i), store.Read(DataClass.Vitals, 40, long.MaxValue, 25).Select(p => p.Position));
        Assert.Equal(Enumerable.Range(91, 5).Select(i => (long)i), store.Read(DataClass.Vitals, 90, 95, 100).Select(p => p.Position));
        Assert.Empty(store.Read(DataClass.Vitals, 100, long.MaxValue, 10));
        Assert.Empty(store.Read(DataClass.Alarm, 0, long.MaxValue, 10));
    }

    [Fact]
    public void Remove_DeletesOnlyTheGivenItems_AndIsIdempotent()
    {
        using var store = Open();
        store.Append(TestData.Readings("dev-a", 10));
        var some = All(store).Where(s => s.Position is 2 or 4 or 6).ToList();
        Assert.Equal(3, store.Remove(some));
        Assert.Equal(0, store.Remove(some));
        Assert.Equal(7, store.PendingCount);
        Assert.Equal([1L, 3, 5, 7, 8, 9, 10], All(store).Select(s => s.Position));
    }

    [Fact]
    public void Positions_NeverRestart_EvenWhenEverythingWasRemoved()
    {
        using (var store = Open())
        {
            store.Append(TestData.Readings("dev-a", 5));
            store.Remove(All(store));
            Assert.Equal(0, store.PendingCount);
        }

        using var reopened = Open();
        Assert.Equal(5, reopened.LastPosition);
        reopened.Append(TestData.Readings("dev-a", 1, firstSeq: 6));
        Assert.Equal(6, Assert.Single(All(reopened)).Position);
        Assert.Equal(6, reopened.LoadSequences()["dev-a"]);
    }

    [Fact]
    public void Segments_RotateWhenFull_AndADrainedSegmentIsDeletedWhole()
    {
        var options = new OutboxOptions { SegmentItems = 100, MinFreeDiskBytes = 0 };
        using var store = Open(options);
        store.Append(TestData.Readings("dev-a", 150));
        store.Append(TestData.Readings("dev-a", 100, firstSeq: 151));
        Assert.Equal(3, store.SegmentCount);
        Assert.Equal(3, Directory.GetFiles(_dir.Path, "seg-*.db").Count(f => !f.EndsWith("-log.db", StringComparison.Ordinal)));

        // Acknowledge the first 150: the first segment (positions 1..150) empties and its files go.
        store.Remove(store.Read(DataClass.Vitals, 0, 150, 1_000));
        Assert.Equal(2, store.SegmentCount);
        Assert.Equal(100, store.PendingCount);

        // The sequence table survives the deletion of the segment that first recorded it.
        store.Dispose();
        using var reopened = Open(options);
        Assert.Equal(250, reopened.LoadSequences()["dev-a"]);
        Assert.Equal(100, reopened.PendingCount);
    }

    [Fact]
    public void Open_WhileAnotherHandleHoldsTheStore_FailsInsteadOfSharingIt()
    {
        using var store = Open();
        Assert.Throws<IOException>(() => Open());
    }

    [Fact]
    public void Open_CorruptSegment_QuarantinesItAndKeepsTheRest()
    {
        var options = new OutboxOptions { SegmentItems = 100, MinFreeDiskBytes = 0 };
        using (var store = Open(options))
        {
            store.Append(TestData.Readings("dev-a", 100));
            store.Append(TestData.Readings("dev-a", 50, firstSeq: 101));
        }

        var first = Directory.GetFiles(_dir.Path, "seg-*.db").Where(f => !f.EndsWith("-log.db", StringComparison.Ordinal)).Order(StringComparer.Ordinal).First();
        var garbage = new byte[64 * 1024];
        new Random(7).NextBytes(garbage);
        File.WriteAllBytes(first, garbage);

        using var reopened = Open(options);
        var folder = Assert.Single(reopened.Quarantined);
        Assert.True(File.Exists(Path.Combine(folder, Path.GetFileName(first))));
        Assert.Equal(50, reopened.PendingCount);
        reopened.Append(TestData.Readings("dev-a", 2, firstSeq: 151));
        Assert.Equal(52, reopened.PendingCount);
    }

    [Fact]
    public async Task WaitForAppend_WakesWhenSomethingIsCommitted()
    {
        using var store = Open();
        var wait = store.WaitForAppendAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
        Assert.False(wait.IsCompleted);
        store.Append(TestData.Readings("dev-a", 1));
        Assert.True(await wait);
    }

    [Fact]
    public void Quota_Reject_RefusesNewItemsOfThatClassAndCountsThem()
    {
        var options = new OutboxOptions { MinFreeDiskBytes = 0 };
        options.Classes["vitals"].QuotaBytes = 20_000;
        options.Classes["vitals"].FullPolicy = "reject";
        using var store = Open(options);
        var first = store.Append(TestData.Readings("dev-a", 50));
        var second = store.Append([.. TestData.Readings("dev-a", 200, firstSeq: 51), TestData.AlertItem(1)]);

        Assert.Empty(first.Rejected);
        Assert.NotEmpty(second.Rejected);
        Assert.Contains(second.Stored, i => i.Alert is not null);
        Assert.True(store.PendingBytesOf(DataClass.Vitals) <= 20_000 + 1_000);
        Assert.Equal(second.Rejected.Count, store.Counters.Get(DataClass.Vitals, "quota_reject"));
    }

    [Fact]
    public void Quota_DropOldest_KeepsTheNewestWithinQuota()
    {
        var options = new OutboxOptions { MinFreeDiskBytes = 0 };
        options.Classes["vitals"].QuotaBytes = 20_000;
        options.Classes["vitals"].FullPolicy = "drop_oldest";
        using var store = Open(options);
        for (var i = 0; i < 10; i++)
        {
            store.Append(TestData.Readings("dev-a", 50, firstSeq: 1 + (i * 50)));
        }

        var kept = All(store);
        Assert.True(store.PendingBytesOf(DataClass.Vitals) <= 20_000);
        Assert.Equal(500, kept[^1].Item.Reading!.Seq);
        Assert.True(kept[0].Item.Reading!.Seq > 1);
        Assert.Equal(500 - kept.Count, store.Counters.Get(DataClass.Vitals, "quota_drop_oldest"));
    }

    [Fact]
    public void Quota_Downsample_ThinsTheOldestButKeepsTheStartOfTheSpan()
    {
        var options = new OutboxOptions { MinFreeDiskBytes = 0 };
        options.Classes["vitals"].QuotaBytes = 30_000;
        options.Classes["vitals"].FullPolicy = "downsample";
        using var store = Open(options);
        for (var i = 0; i < 6; i++)
        {
            store.Append(TestData.Readings("dev-a", 50, firstSeq: 1 + (i * 50)));
        }

        var kept = All(store);
        Assert.True(store.PendingBytesOf(DataClass.Vitals) <= 30_000);
        Assert.Equal(1, kept[0].Item.Reading!.Seq);
        Assert.Equal(300, kept[^1].Item.Reading!.Seq);
        Assert.True(store.Counters.Get(DataClass.Vitals, "quota_downsample") > 0);
    }

    [Fact]
    public void SweepExpired_RemovesOnlyItemsOlderThanTheirClassTtl()
    {
        var options = new OutboxOptions { MinFreeDiskBytes = 0 };
        options.Classes["vitals"].Ttl = TimeSpan.FromMinutes(10);
        using var store = Open(options);
        store.Append(TestData.Readings("dev-a", 30)); // measured at T0 + seq seconds
        store.Append([TestData.AlertItem(1)]);

        var expired = store.SweepExpired(TestData.T0.AddMinutes(10).AddSeconds(15));
        Assert.Equal(14, expired);
        Assert.Equal(15, All(store)[0].Item.Reading!.Seq);
        Assert.Single(All(store, DataClass.Alarm));
        Assert.Equal(14, store.Counters.Get(DataClass.Vitals, "ttl_expired"));
    }
}
