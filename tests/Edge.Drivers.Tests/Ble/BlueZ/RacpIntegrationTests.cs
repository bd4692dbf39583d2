using Edge.Core;
using Tmds.DBus.Protocol;

namespace Edge.Drivers.Tests.Ble.BlueZ;

/// <summary>Glucose RACP against the double's meter: sync, link lost mid-procedure, durability gate, timeout.</summary>
public sealed class RacpIntegrationTests
{
    private const string Meter = "AA:BB:CC:00:20:01";
    private const string MeterPath = "/org/bluez/hci0/dev_AA_BB_CC_00_20_01";

    private static async Task<string> MeterWithRecordsAsync(BlueZDouble bz, int count)
    {
        await bz.AddAdapterAsync();
        var (device, racp) = await bz.AddGlucoseMeterAsync(Meter);
        for (ushort seq = 1; seq <= count; seq++)
        {
            await bz.AddGlucoseRecordAsync(device, BlueZClientIntegrationTests.GlucoseRecord(seq), []);
        }

        return racp;
    }

    private static string Hex(VariantValue[] writeValueArgs) => Convert.ToHexString(writeValueArgs[0].GetArray<byte>());

    [Fact]
    public async Task StoredRecords_AreSyncedAndTheCursorMovesOnlyOnDurableAcknowledgement()
    {
        await using var bz = await BlueZDouble.StartAsync();
        var racp = await MeterWithRecordsAsync(bz, 5);
        await using var h = new CentralHarness(bz, devices: Meter);
        await h.StartAsync();

        var obs = await h.NextAsync(5);
        Assert.Equal([91.0, 92.0, 93.0, 94.0, 95.0], obs.Select(o => o.Value));
        Assert.All(obs, o => Assert.Equal(VitalKind.Glucose, o.Kind));
        Assert.Equal("0101", Hex(Assert.Single(await bz.CallsAsync(racp, "WriteValue"))));
        Assert.Null(h.Cursors.Get(Meter)); // received is not stored

        h.Acknowledger.OnStored(obs.Take(3).ToList());
        Assert.Equal((ushort)3, h.Cursors.Get(Meter));
        h.Acknowledger.OnStored(obs.Skip(3).ToList());
        Assert.Equal((ushort)5, h.Cursors.Get(Meter));

        // The next connection asks only for what is newer than the durable cursor.
        await bz.AddGlucoseRecordAsync(MeterPath, BlueZClientIntegrationTests.GlucoseRecord(6), []);
        await bz.DropLinkAsync(MeterPath);
        var next = await h.NextAsync();
        Assert.Equal(96.0, next.Value);
        var writes = await bz.CallsAsync(racp, "WriteValue");
        Assert.Equal("0103010600", Hex(writes[^1]));
    }

    [Fact]
    public async Task LinkLostMidRacp_ResumesWithNothingLostOrDoubled()
    {
        await using var bz = await BlueZDouble.StartAsync();
        var racp = await MeterWithRecordsAsync(bz, 12);
        await bz.SetRacpBehaviourAsync(MeterPath, dropLinkAfter: 5, silent: false);
        await using var h = new CentralHarness(bz, devices: Meter);
        await h.StartAsync();

        // Play the ingest stage: every observation read is committed and acknowledged at once.
        var values = new List<double>();
        for (var i = 0; i < 12; i++)
        {
            var o = await h.NextAsync();
            values.Add(o.Value);
            h.Acknowledger.OnStored([o]);
        }

        Assert.Equal(Enumerable.Range(91, 12).Select(v => (double)v), values);
        Assert.True(await h.NothingMoreAsync(TimeSpan.FromMilliseconds(300)));
        var writes = await bz.CallsAsync(racp, "WriteValue");
        Assert.Equal(2, writes.Count);
        Assert.Equal("0101", Hex(writes[0]));
        Assert.StartsWith("010301", Hex(writes[1]), StringComparison.Ordinal); // incremental, from the durable cursor
        Assert.Equal((ushort)12, h.Cursors.Get(Meter));
    }

    [Fact]
    public async Task WithoutAcknowledgement_TheNextSyncAsksForEverythingAgainButNothingIsEmittedTwice()
    {
        await using var bz = await BlueZDouble.StartAsync();
        var racp = await MeterWithRecordsAsync(bz, 3);
        await using var h = new CentralHarness(bz, devices: Meter);
        await h.StartAsync();
        await h.NextAsync(3);

        await bz.DropLinkAsync(MeterPath);
        await Eventually.HoldsAsync(async () => (await bz.CallsAsync(racp, "WriteValue")).Count, n => n >= 2, "a second sync");

        Assert.All(await bz.CallsAsync(racp, "WriteValue"), w => Assert.Equal("0101", Hex(w)));
        Assert.True(await h.NothingMoreAsync(TimeSpan.FromMilliseconds(500)));
        Assert.Null(h.Cursors.Get(Meter));
    }

    [Fact]
    public async Task SilentMeter_IsAbortedAfterTheTimeout()
    {
        await using var bz = await BlueZDouble.StartAsync();
        var racp = await MeterWithRecordsAsync(bz, 2);
        await bz.SetRacpBehaviourAsync(MeterPath, dropLinkAfter: -1, silent: true);
        await using var h = new CentralHarness(bz, racpTimeoutMs: 300, devices: Meter);
        await h.StartAsync();

        var writes = await Eventually.HoldsAsync(() => bz.CallsAsync(racp, "WriteValue"), w => w.Count >= 2, "the abort");
        Assert.Equal("0101", Hex(writes[0]));
        Assert.Equal("0300", Hex(writes[1]));
    }
}
