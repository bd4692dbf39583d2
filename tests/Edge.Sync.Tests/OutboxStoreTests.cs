using Edge.Core;
using Edge.Sync.Outbox;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.Sync.Tests;

public sealed class OutboxStoreTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private OutboxStore Open() => OutboxStore.Open(_dir.Path, TimeProvider.System, NullLogger.Instance);

    [Fact]
    public void Append_ThenReopen_KeepsEveryItemFieldAndSequence()
    {
        var items = TestData.Readings("dev-a", 500);
        items.Add(TestData.AlertItem(1));
        items.AddRange(TestData.Readings("dev-b", 10, firstSeq: 41));
        using (var store = Open())
        {
            var (first, last) = store.Append(items);
            Assert.Equal(1, first);
            Assert.Equal(items.Count, last);
        }

        using var reopened = Open();
        Assert.Equal(items.Count, reopened.PendingCount);
        var stored = reopened.ReadAfter(0, 10_000);
        Assert.Equal(items.Select(i => i.MessageId), stored.Select(s => s.Item.MessageId));
        Assert.Equal(items[0].Reading, stored[0].Item.Reading);
        Assert.Equal(items[500].Alert, stored[500].Item.Alert);
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
    public void ReadAfter_ReturnsPositionOrderFromTheCursorUpToMax()
    {
        using var store = Open();
        store.Append(TestData.Readings("dev-a", 100));
        var page = store.ReadAfter(40, 25);
        Assert.Equal(Enumerable.Range(41, 25).Select(i => (long)i), page.Select(p => p.Position));
        Assert.Empty(store.ReadAfter(100, 10));
    }

    [Fact]
    public void Remove_DeletesOnlyTheGivenPositions_AndIsIdempotent()
    {
        using var store = Open();
        store.Append(TestData.Readings("dev-a", 10));
        Assert.Equal(3, store.Remove([2, 4, 6]));
        Assert.Equal(0, store.Remove([2, 4, 6]));
        Assert.Equal(7, store.PendingCount);
        Assert.Equal([1L, 3, 5, 7, 8, 9, 10], store.ReadAfter(0, 100).Select(s => s.Position));
    }

    [Fact]
    public void Positions_ContinueAfterReopen_EvenWhenEverythingWasRemoved()
    {
        using (var store = Open())
        {
            store.Append(TestData.Readings("dev-a", 5));
            store.Remove([1, 2, 3, 4, 5]);
        }

        using var reopened = Open();
        var (first, _) = reopened.Append(TestData.Readings("dev-a", 1, firstSeq: 6));
        Assert.True(first >= 1);
        Assert.Equal(6, reopened.LoadSequences()["dev-a"]);
    }

    [Fact]
    public void Open_WhileAnotherHandleHoldsTheStore_FailsInsteadOfSharingIt()
    {
        using var store = Open();
        Assert.Throws<IOException>(() => Open());
    }

    [Fact]
    public void Open_CorruptFile_QuarantinesItAndStartsEmpty()
    {
        var dataPath = Path.Combine(_dir.Path, "outbox.db");
        var garbage = new byte[64 * 1024];
        new Random(7).NextBytes(garbage);
        File.WriteAllBytes(dataPath, garbage);

        using var store = Open();
        Assert.NotNull(store.QuarantinedTo);
        Assert.True(File.Exists(Path.Combine(store.QuarantinedTo!, "outbox.db")));
        Assert.Equal(0, store.PendingCount);
        store.Append(TestData.Readings("dev-a", 2));
        Assert.Equal(2, store.PendingCount);
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
    public void CountByClass_SeparatesAlarmsFromVitals()
    {
        using var store = Open();
        var items = TestData.Readings("dev-a", 4);
        items.Add(TestData.AlertItem(9));
        store.Append(items);
        var counts = store.CountByClass();
        Assert.Equal(4, counts[DataClass.Vitals]);
        Assert.Equal(1, counts[DataClass.Alarm]);
    }
}
