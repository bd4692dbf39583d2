using Edge.Core;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Analytics.Tests;

public sealed class AnalyticsOptionsTests
{
    [Fact]
    public void Defaults_AreFifteenMinutesAndScale1ForEveryone()
    {
        var options = new AnalyticsOptions();

        Assert.Equal(TimeSpan.FromMinutes(15), options.InputMaxAge);
        Assert.Equal(TimeSpan.FromMinutes(15), options.RealertAfter);
        Assert.Empty(options.SpO2ScaleByPatient);
        options.Validate();
    }

    public static TheoryData<AnalyticsOptions, string> BadOptions => new()
    {
        { new AnalyticsOptions { InputMaxAge = TimeSpan.Zero }, "InputMaxAge" },
        { new AnalyticsOptions { InputMaxAge = TimeSpan.FromMinutes(-1) }, "InputMaxAge" },
        { new AnalyticsOptions { RealertAfter = TimeSpan.Zero }, "RealertAfter" },
        { new AnalyticsOptions { SpO2ScaleByPatient = null! }, "SpO2ScaleByPatient" },
        { new AnalyticsOptions { SpO2ScaleByPatient = new Dictionary<string, int> { ["patient-secret-7"] = 3 } }, "SpO2ScaleByPatient" },
        { new AnalyticsOptions { SpO2ScaleByPatient = new Dictionary<string, int> { ["patient-secret-7"] = 0 } }, "SpO2ScaleByPatient" },
        { new AnalyticsOptions { SpO2ScaleByPatient = new Dictionary<string, int> { [string.Empty] = 2 } }, "SpO2ScaleByPatient" },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void Constructor_BadSetting_ThrowsNamingTheSettingButNoPatient(AnalyticsOptions options, string setting)
    {
        var ex = Assert.Throws<ArgumentException>(() => new AnalyticsEngine(options));

        Assert.Equal(setting, ex.ParamName);
        Assert.Contains("AnalyticsOptions." + setting, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("patient-secret-7", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_CopiesTheOptions_SoLaterChangesHaveNoEffect()
    {
        var scales = new Dictionary<string, int> { ["patient-copd"] = 2 };
        var options = new AnalyticsOptions { SpO2ScaleByPatient = scales };
        var engine = new AnalyticsEngine(options);
        var feed = new PatientFeed("patient-copd", new FakeTimeProvider());

        scales["patient-copd"] = 1;
        var outcome = engine.Process(feed.Reading(VitalKind.SpO2, 86));

        Assert.Equal(1, outcome.News2!.SpO2Score);
    }
}
