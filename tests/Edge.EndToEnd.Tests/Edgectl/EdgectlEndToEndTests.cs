using System.Text.Json;
using Edge.EndToEnd.Tests.Infrastructure;

namespace Edge.EndToEnd.Tests.Edgectl;

/// <summary>
/// The field tech's path with the real edgectl executable: provision a config for a real mosquitto (TLS, password
/// file, its own CA), check it (the broker check does a real TLS handshake and MQTT auth), then start the real
/// gateway on that config and read its status over the real control socket.
/// </summary>
[Collection(EndToEndGroup.Name)]
public sealed class EdgectlEndToEndTests
{
    private const string Pin = "135790";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static async Task<EdgectlExecutable.Result> ProvisionAsync(TestPaths paths, MosquittoBroker broker, string folder, string password)
    {
        var passwordFile = paths.WriteFile($"input-{folder}/password", password + "\n");
        var policy = paths.WriteFile($"input-{folder}/policy.json", """
            { "version": "e2e-1",
              "rules": [ { "id": "care", "effect": "allow", "classes": ["vitals", "alarm", "device-event", "diagnostics"],
                           "destinations": { "purposes": ["care"] } } ] }
            """);
        return await EdgectlExecutable.RunAsync(
            "provision", "--config", paths.Combine(folder, "edge.json"),
            "--tenant", "e2e", "--site", "site-e2e", "--gateway", "gw-e2e", "--jurisdiction", "DE", "--region", "local",
            "--broker", $"mqtts://{broker.Host}:{broker.TlsPort}", "--tls-server-name", "localhost", "--ca", broker.CaCertPath,
            "--username", broker.Username, "--password-file", passwordFile, "--policy", policy, "--pin", Pin,
            "--data-dir", paths.Combine(folder, "data"), "--socket-path", paths.Combine(folder, "edge.sock"), "--json");
    }

    private static JsonElement Check(EdgectlExecutable.Result result, string name)
    {
        using var report = JsonDocument.Parse(result.Out);
        return report.RootElement.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name).Clone();
    }

    [Fact]
    public async Task ProvisionCheckStatus_AgainstRealMosquittoAndTheRealGateway()
    {
        using var paths = new TestPaths();
        await using var broker = await MosquittoBroker.StartNewAsync();

        var provisioned = await ProvisionAsync(paths, broker, "etc", broker.Password);
        Assert.True(provisioned.ExitCode == 0, provisioned.ToString());
        var config = paths.Combine("etc", "edge.json");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(paths.Combine("etc", "secrets", "mqtt-password")));
        Assert.DoesNotContain(Pin, provisioned.Out + provisioned.Error, StringComparison.Ordinal);

        var check = await EdgectlExecutable.RunAsync("check", "--config", config, "--json");
        var brokerCheck = Check(check, "broker");
        Assert.True(brokerCheck.GetProperty("status").GetString() == "pass", check.ToString());
        Assert.Contains("authenticated", brokerCheck.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("pass", Check(check, "config").GetProperty("status").GetString());
        // The fixture's throwaway CA lives for days, not years, so its lifetime check may warn; it must not fail.
        Assert.NotEqual("fail", Check(check, "ca-cert").GetProperty("status").GetString());
        Assert.True(check.ExitCode == 0, check.ToString());

        await using var gateway = GatewayProcess.Start(config, paths.Root);
        var socket = paths.Combine("etc", "edge.sock");
        var start = TimeProvider.System.GetTimestamp();
        EdgectlExecutable.Result status;
        while (true)
        {
            Assert.False(gateway.HasExited, "the gateway stopped:\n" + gateway.DumpOutput());
            status = await EdgectlExecutable.RunAsync("status", "--config", config, "--json");
            if (status.ExitCode == 0 && JsonDocument.Parse(status.Out).RootElement.GetProperty("status").GetProperty("uplink").GetProperty("state").GetString() == "connected")
            {
                break;
            }

            Assert.True(TimeProvider.System.GetElapsedTime(start) < Patience, $"no connected status over {socket} in time:\n{status}\n{gateway.DumpOutput()}");
            await Task.Delay(500);
        }

        using (var document = JsonDocument.Parse(status.Out))
        {
            var root = document.RootElement;
            Assert.Equal("gw-e2e", root.GetProperty("status").GetProperty("gatewayId").GetString());
            var classes = root.GetProperty("status").GetProperty("backlog").EnumerateArray().Select(b => b.GetProperty("class").GetString()).ToList();
            Assert.Contains("vitals", classes);
            Assert.Contains("alarm", classes);
            Assert.Equal(JsonValueKind.Array, root.GetProperty("devices").ValueKind);
            Assert.Equal(JsonValueKind.Array, root.GetProperty("alerts").ValueKind);
        }

        var recheck = await EdgectlExecutable.RunAsync("check", "--config", config, "--json");
        Assert.True(Check(recheck, "gateway").GetProperty("status").GetString() == "pass", recheck.ToString());

        var human = await EdgectlExecutable.RunAsync("status", "--socket", socket);
        Assert.True(human.ExitCode == 0, human.ToString());
        Assert.Contains("gateway gw-e2e at site site-e2e", human.Out, StringComparison.Ordinal);
        Assert.Contains("uplink connected", human.Out, StringComparison.Ordinal);

        var stopped = await gateway.StopAsync();
        Assert.Equal(0, stopped);
        var gone = await EdgectlExecutable.RunAsync("status", "--socket", socket);
        Assert.Equal(3, gone.ExitCode);
        Assert.Contains("fix:", gone.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_WrongPassword_FailsTheBrokerCheckNamingNotAuthorized()
    {
        using var paths = new TestPaths();
        await using var broker = await MosquittoBroker.StartNewAsync();
        var provisioned = await ProvisionAsync(paths, broker, "etc", "not-the-password");
        Assert.True(provisioned.ExitCode == 0, provisioned.ToString());

        var check = await EdgectlExecutable.RunAsync("check", "--config", paths.Combine("etc", "edge.json"), "--json");

        Assert.Equal(1, check.ExitCode);
        var brokerCheck = Check(check, "broker");
        Assert.Equal("fail", brokerCheck.GetProperty("status").GetString());
        Assert.Contains("NotAuthorized", brokerCheck.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("Username", brokerCheck.GetProperty("fix").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_UntrustedBrokerCertificate_FailsAsCertificateRejected()
    {
        using var paths = new TestPaths();
        await using var broker = await MosquittoBroker.StartNewAsync();
        var provisioned = await ProvisionAsync(paths, broker, "etc", broker.Password);
        Assert.True(provisioned.ExitCode == 0, provisioned.ToString());
        using (var other = new TestCertificateAuthority("Some Other CA"))
        {
            other.WriteCertificatePem(paths.Combine("etc", "ca.pem"));
        }

        var check = await EdgectlExecutable.RunAsync("check", "--config", paths.Combine("etc", "edge.json"), "--json");

        Assert.Equal(1, check.ExitCode);
        var brokerCheck = Check(check, "broker");
        Assert.Equal("fail", brokerCheck.GetProperty("status").GetString());
        Assert.StartsWith("certificate rejected", brokerCheck.GetProperty("message").GetString(), StringComparison.Ordinal);
    }
}
