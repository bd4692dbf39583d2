namespace Edge.EndToEnd.Tests;

/// <summary>What a consumer relies on: per device, sequence numbers 1..max with no gap, one id per sequence number.</summary>
internal static class DeliveryAssertions
{
    public static void GapFreeSequencesWithStableIds(IReadOnlyCollection<ReceivedItem> items)
    {
        var readings = items.Where(i => i.Type == "reading").ToList();
        Assert.NotEmpty(readings);
        foreach (var device in readings.GroupBy(r => r.Device))
        {
            // A duplicate is allowed only as the same (seq, id) pair: one id per sequence number, one seq per id.
            var bySeq = device.GroupBy(r => r.Seq).ToDictionary(g => g.Key, g => g.Select(r => r.Id).Distinct().ToList());
            Assert.All(bySeq, kv => Assert.Single(kv.Value));
            var max = bySeq.Keys.Max();
            Assert.Equal(Enumerable.Range(1, (int)max).Select(i => (long)i), bySeq.Keys.Order());
        }

        Assert.All(items.GroupBy(i => i.Id), g => Assert.Single(g.Select(i => (i.Device, i.Seq)).Distinct()));
    }
}
