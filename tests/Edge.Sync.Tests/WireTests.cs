using System.Text.Json;
using Edge.Sync.Outbox;
using Edge.Sync.Uplink;
using Edge.Sync.Wire;

namespace Edge.Sync.Tests;

public sealed class WireTests
{
    [Fact]
    public void Payload_CarriesIdSequenceLoincAndUcum_ForEveryReading()
    {
        var items = TestData.Readings("dev-a", 3).Select((item, i) => new StoredItem(i + 1, item, 200)).ToList();
        var json = new WirePayloadWriter(new SiteOptions()).Write(items, TestData.T0);
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        Assert.Equal(WirePayloadWriter.Schema, root.GetProperty("schema").GetString());
        var first = root.GetProperty("items")[0];
        Assert.Equal(items[0].Item.MessageId, first.GetProperty("id").GetGuid());
        Assert.Equal(1, first.GetProperty("seq").GetInt64());
        Assert.Equal("8867-4", first.GetProperty("loinc").GetString());
        Assert.Equal("/min", first.GetProperty("unit").GetString());
        Assert.Equal("dev-a", first.GetProperty("device").GetString());
        Assert.Equal(3, root.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public void Topics_AreBuiltFromSiteLevelsOnly()
    {
        var topics = new Topics(new SiteOptions { Tenant = "t1", Site = "s1", Gateway = "g1" });
        Assert.Equal("edge/v1/t1/s1/g1/vitals", topics.Vitals);
        Assert.Equal("edge/v1/t1/s1/g1/alerts", topics.For(Edge.Core.DataClass.Alarm));
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("a+")]
    [InlineData("#")]
    [InlineData("a\0b")]
    [InlineData("")]
    [InlineData("UPPER")]
    public void SiteLevel_WithTopicSyntaxOrJunk_FailsValidation(string level)
    {
        var site = new SiteOptions { Site = level };
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        var valid = System.ComponentModel.DataAnnotations.Validator.TryValidateObject(site, new(site), results, validateAllProperties: true);
        Assert.False(valid);
        Assert.Contains(results, r => r.MemberNames.Contains(nameof(SiteOptions.Site)));
    }

    [Fact]
    public void Backoff_StaysUnderADoublingCeilingCappedAtTheMaximum()
    {
        var backoff = new FullJitterBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1), new Random(3));
        var ceilings = new[] { 100, 200, 400, 800, 1000, 1000, 1000 };
        foreach (var ceiling in ceilings)
        {
            var delay = backoff.Next();
            Assert.InRange(delay.TotalMilliseconds, 0, ceiling);
        }

        backoff.Reset();
        Assert.InRange(backoff.Next().TotalMilliseconds, 0, 100);
    }
}
