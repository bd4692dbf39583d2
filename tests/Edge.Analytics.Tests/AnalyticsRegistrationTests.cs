using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Edge.Analytics.Tests;

public sealed class AnalyticsRegistrationTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddMetrics().AddEdgeAnalytics(configuration).BuildServiceProvider();
    }

    [Fact]
    public void AddEdgeAnalytics_BindsTheSectionAndBuildsAnEngineWithTheModel()
    {
        using var services = Build(new()
        {
            ["Edge:Analytics:RealertAfter"] = "00:30:00",
            ["Edge:Analytics:HardLimits:spo2:Low"] = "88",
            ["Edge:Analytics:TimeZone"] = "Europe/London",
            ["Edge:Analytics:Baseline:Period"] = "3.00:00:00",
        });

        var options = services.GetRequiredService<IOptions<AnalyticsOptions>>().Value;
        var engine = services.GetRequiredService<AnalyticsEngine>();

        Assert.Equal(TimeSpan.FromMinutes(30), options.RealertAfter);
        Assert.Equal(88, options.HardLimits["spo2"].Low);
        Assert.Equal(Core.AlertSeverity.High, options.HardLimits["spo2"].LowSeverity);
        Assert.Equal(40, options.HardLimits["heart_rate"].Low);
        Assert.Equal(TimeSpan.FromDays(3), options.Baseline.Period);
        Assert.False(engine.Status.Degraded);
    }

    [Fact]
    public void AddEdgeAnalytics_BadValues_FailAtStartNamingEveryKey()
    {
        using var services = Build(new()
        {
            ["Edge:Analytics:RecheckReadings"] = "1",
            ["Edge:Analytics:TimeZone"] = "Mars/Olympus_Mons",
            ["Edge:Analytics:HardLimits:blood_magic:Low"] = "1",
            ["Edge:Analytics:Quality:StuckAfter"] = "00:00:00",
        });

        var ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<AnalyticsOptions>>().Value);

        Assert.Contains("Edge:Analytics:RecheckReadings", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Edge:Analytics:TimeZone", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Edge:Analytics:HardLimits:blood_magic", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Edge:Analytics:Quality:StuckAfter", ex.Message, StringComparison.Ordinal);
    }
}
