namespace Edge.Provisioning.Tests;

public sealed class UsageTests
{
    [Fact]
    public async Task NoVerb_IsAUsageError_ListingTheVerbs()
    {
        var result = await Edgectl.RunAsync();

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("provision, check, status", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownVerb_IsAUsageError_PointingAtHelp()
    {
        var result = await Edgectl.RunAsync("frobnicate");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("frobnicate", result.Error, StringComparison.Ordinal);
        Assert.Contains("edgectl --help", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownOption_IsAUsageError_PointingAtTheVerbsHelp()
    {
        var result = await Edgectl.RunAsync("status", "--colour");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--colour", result.Error, StringComparison.Ordinal);
        Assert.Contains("edgectl status --help", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OutOfRangeNumber_IsAUsageError()
    {
        var result = await Edgectl.RunAsync("devices", "scan", "--seconds", "5");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--seconds must be between 10 and 600", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_ExitsZero_AndDescribesTheVerb()
    {
        var result = await Edgectl.RunAsync("check", "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("--strict", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_WithJson_IsAJsonDocument()
    {
        var result = await Edgectl.RunAsync("version", "--json");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("{", result.Out.Trim(), StringComparison.Ordinal);
        Assert.Contains("\"version\"", result.Out, StringComparison.Ordinal);
    }
}
