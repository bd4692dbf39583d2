using Edge.EndToEnd.Tests.Infrastructure;

namespace Edge.EndToEnd.Tests;

/// <summary>A bad configuration stops the gateway at start with exit code 78 and a message naming each bad key.</summary>
[Collection(EndToEndGroup.Name)]
public sealed class ConfigurationErrorTests
{
    private static async Task<(int ExitCode, string Output)> RunAsync(TestPaths paths, string? configJson, string configName = "edge.json")
    {
        var config = configJson is null ? paths.Combine(configName) : paths.WriteFile(configName, configJson);
        await using var gateway = GatewayProcess.Start(config, paths.Root);
        var exitCode = await gateway.WaitForExitAsync(TimeSpan.FromSeconds(30));
        return (exitCode, string.Join('\n', gateway.Output));
    }

    [Fact]
    public async Task InvalidValues_StopTheGateway_NamingEveryBadKey()
    {
        using var paths = new TestPaths();
        var (exitCode, output) = await RunAsync(paths, """
            { "Edge": { "Uplink": { "Port": 0 }, "Site": { "Site": "a/b" },
                        "Patients": [ { "Id": "has space", "Devices": [] } ] } }
            """);

        Assert.Equal(78, exitCode);
        Assert.Contains("Edge:Uplink", output, StringComparison.Ordinal);
        Assert.Contains("'Port'", output, StringComparison.Ordinal);
        Assert.Contains("Edge:Site", output, StringComparison.Ordinal);
        Assert.Contains("Edge:Patients:0:Id", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(paths.Combine("data", "outbox")), "nothing may be opened before the configuration is valid");
    }

    [Fact]
    public async Task MissingConfigFile_IsAnError_NotASilentDemo()
    {
        using var paths = new TestPaths();
        var (exitCode, output) = await RunAsync(paths, null, "absent.json");
        Assert.Equal(78, exitCode);
        Assert.Contains("does not exist", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MalformedJson_NamesTheFile()
    {
        using var paths = new TestPaths();
        var (exitCode, output) = await RunAsync(paths, "{ \"Edge\": { ");
        Assert.Equal(78, exitCode);
        Assert.Contains("edge.json", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeviceBoundTwice_IsRejected()
    {
        using var paths = new TestPaths();
        var (exitCode, output) = await RunAsync(paths, """
            { "Edge": { "Patients": [
                { "Id": "pt-x1", "Devices": [ { "Source": "AA:BB:CC:DD:EE:01", "DeviceId": "dev-1" } ] },
                { "Id": "pt-x2", "Devices": [ { "Source": "AA:BB:CC:DD:EE:01", "DeviceId": "dev-2" } ] } ] } }
            """);
        Assert.Equal(78, exitCode);
        Assert.Contains("Edge:Patients:1:Devices:0:Source is bound twice", output, StringComparison.Ordinal);
        Assert.DoesNotContain("AA:BB:CC", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MalformedResidencyPolicy_StopsTheGateway_NamingTheLineAndTheRule()
    {
        using var paths = new TestPaths();
        var policy = paths.WriteFile("policy.json", "{\n  \"version\": \"1\",\n  \"rules\": [\n    { \"id\": \"care\", \"effect\": \"allow\",\n      \"classes\": [\"vitalz\"] }\n  ]\n}\n");
        var (exitCode, output) = await RunAsync(paths, "{ \"Edge\": { \"Residency\": { \"PolicyFile\": \"" + policy + "\" } } }");
        Assert.Equal(78, exitCode);
        Assert.Contains("Edge:Residency", output, StringComparison.Ordinal);
        Assert.Contains("policy.json:5: rule 'care': unknown class 'vitalz'", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(paths.Combine("data", "outbox")), "nothing may be opened before the policy is valid");
    }

    [Fact]
    public async Task NoResidencyPolicy_StopsTheGateway_BecauseResidencyIsDefaultDeny()
    {
        using var paths = new TestPaths();
        var (exitCode, output) = await RunAsync(paths, "{ \"Edge\": { } }");
        Assert.Equal(78, exitCode);
        Assert.Contains("Edge:Residency", output, StringComparison.Ordinal);
        Assert.Contains("default-deny", output, StringComparison.Ordinal);
    }
}
