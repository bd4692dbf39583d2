using System.Security.Cryptography.X509Certificates;
using Edge.EndToEnd.Tests.Infrastructure;
using MQTTnet;
using MQTTnet.Exceptions;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Edge.EndToEnd.Tests;

/// <summary>
/// Proves the end-to-end fixtures are the real thing and can fail: a real mosquitto that checks passwords, speaks TLS
/// with its own CA, persists across a restart and forgets on a crash; real child processes that get real signals.
/// </summary>
public sealed class InfrastructureTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Broker_RightPassword_RoundTripsAQos1Message(bool useTls)
    {
        await using var broker = await MosquittoBroker.StartNewAsync();
        await using var client = new MqttTestClient();

        // With TLS, ClientOptions trusts only the fixture CA: UseTls().WithTargetHost("localhost").WithTrustChain(ca).
        var connect = await client.ConnectAsync(broker.ClientOptions("roundtrip", useTls).Build());
        await client.SubscribeAsync("edge/test/roundtrip");
        var publish = await client.PublishAsync("edge/test/roundtrip", """{"hr":72}""");
        var received = await client.ReceiveAsync(Timeout);

        Assert.Equal(MqttClientConnectResultCode.Success, connect.ResultCode);
        Assert.True(publish.IsSuccess, $"PUBACK reason {publish.ReasonCode}");
        Assert.Equal(("edge/test/roundtrip", """{"hr":72}""", MqttQualityOfServiceLevel.AtLeastOnce), (received.Topic, received.Payload, received.QualityOfService));
    }

    [Theory]
    [InlineData("wrong-password")]
    [InlineData(null)]
    public async Task Broker_WrongOrNoPassword_IsRefusedWithNotAuthorized(string? password)
    {
        await using var broker = await MosquittoBroker.StartNewAsync();
        await using var client = new MqttTestClient();
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer(broker.Host, broker.Port)
            .WithClientId("intruder")
            .WithProtocolVersion(MqttProtocolVersion.V500);
        if (password is not null)
        {
            options = options.WithCredentials(broker.Username, password);
        }

        // MQTTnet 5 reports a refused CONNECT as a result code; it does not throw.
        var connect = await client.ConnectAsync(options.Build());

        Assert.Equal(MqttClientConnectResultCode.NotAuthorized, connect.ResultCode);
        Assert.False(client.Client.IsConnected);
    }

    [Fact]
    public async Task Broker_TlsClientTrustingAnotherCa_FailsTheHandshake()
    {
        await using var broker = await MosquittoBroker.StartNewAsync();
        using var stranger = new TestCertificateAuthority("Some Other CA");
        using var strangerCertificate = X509CertificateLoader.LoadCertificate(stranger.Certificate.Export(X509ContentType.Cert));
        await using var client = new MqttTestClient();
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer(broker.Host, broker.TlsPort)
            .WithCredentials(broker.Username, broker.Password)
            .WithClientId("stranger")
            .WithTlsOptions(tls => tls.UseTls().WithTargetHost("localhost").WithTrustChain(new X509Certificate2Collection(strangerCertificate)))
            .Build();

        var error = await Assert.ThrowsAnyAsync<MqttCommunicationException>(() => client.ConnectAsync(options));

        Assert.False(client.Client.IsConnected, error.ToString());
    }

    [Fact]
    public async Task Broker_RestartAsync_KeepsPortsRetainedMessagesAndPersistentSessions()
    {
        await using var broker = await MosquittoBroker.StartNewAsync();
        var (port, tlsPort, pid) = (broker.Port, broker.TlsPort, broker.ProcessId);
        var consumerOptions = broker.ClientOptions("cloud-consumer").WithCleanStart(false).WithSessionExpiryInterval(3600).Build();
        await using (var consumer = new MqttTestClient())
        {
            await consumer.ConnectAsync(consumerOptions);
            await consumer.SubscribeAsync("edge/test/queued");
        }

        await using (var publisher = new MqttTestClient())
        {
            await publisher.ConnectAsync(broker.ClientOptions("publisher").Build());
            await publisher.PublishAsync("edge/test/retained", "r1", retain: true);
            await publisher.PublishAsync("edge/test/queued", "q1");
        }

        await broker.RestartAsync();

        await using var resumed = new MqttTestClient();
        var resumedConnect = await resumed.ConnectAsync(consumerOptions);
        var queued = await resumed.ReceiveAsync(Timeout);
        await using var late = new MqttTestClient();
        await late.ConnectAsync(broker.ClientOptions("late-subscriber", useTls: true).Build());
        await late.SubscribeAsync("edge/test/retained");
        var retained = await late.ReceiveAsync(Timeout);

        Assert.Equal((port, tlsPort), (broker.Port, broker.TlsPort));
        Assert.NotEqual(pid, broker.ProcessId);
        Assert.True(File.Exists(Path.Combine(broker.DataDirectory, "mosquitto.db")));
        Assert.True(resumedConnect.IsSessionPresent);
        Assert.Equal(("edge/test/queued", "q1"), (queued.Topic, queued.Payload));
        Assert.Equal(("r1", true), (retained.Payload, retained.Retain));
    }

    [Fact]
    public async Task Broker_KillAsync_IsACrash_SessionsSinceTheLastSaveAreLost()
    {
        await using var broker = await MosquittoBroker.StartNewAsync();
        var consumerOptions = broker.ClientOptions("cloud-consumer").WithCleanStart(false).WithSessionExpiryInterval(3600).Build();
        await using (var consumer = new MqttTestClient())
        {
            await consumer.ConnectAsync(consumerOptions);
            await consumer.SubscribeAsync("edge/test/queued");
        }

        await broker.KillAsync();
        await using var whileDown = new MqttTestClient();
        await Assert.ThrowsAnyAsync<MqttCommunicationException>(() => whileDown.ConnectAsync(broker.ClientOptions("while-down").Build()));
        await broker.StartAsync();
        await using var resumed = new MqttTestClient();
        var resumedConnect = await resumed.ConnectAsync(consumerOptions);

        // Autosave is 30 min by default and SIGKILL skips the save on exit: the session never reached the disk.
        Assert.Equal(MqttClientConnectResultCode.Success, resumedConnect.ResultCode);
        Assert.False(resumedConnect.IsSessionPresent);
    }

    [Fact]
    public void ExternalTool_Missing_ErrorTellsToRunInstallDeps()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ExternalTool.Find("edge-no-such-tool", "edge-no-such-package"));

        Assert.Contains("scripts/install-deps.sh", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChildProcess_StopAsync_DeliversSigintToTheProcess()
    {
        using var paths = new TestPaths();
        await using var process = ChildProcess.Start(
            "sh", "/bin/sh", ["-c", "trap 'echo got INT; exit 3' INT; echo ready; while :; do sleep 0.1; done"], paths.Root);
        await process.Output.WaitForAsync(line => line == "ready", Timeout);

        var exitCode = await process.StopAsync("INT", Timeout);

        Assert.Equal(3, exitCode);
        Assert.Contains("got INT", process.Output.Lines);
    }

    [Fact]
    public async Task ChildProcess_StopAsync_ProcessIgnoringTheSignal_IsKilledAfterTheGrace()
    {
        using var paths = new TestPaths();
        await using var process = ChildProcess.Start(
            "sh", "/bin/sh", ["-c", "trap '' INT; echo ready; while :; do sleep 0.1; done"], paths.Root);
        await process.Output.WaitForAsync(line => line == "ready", Timeout);

        var exitCode = await process.StopAsync("INT", TimeSpan.FromSeconds(1));

        Assert.Equal(128 + 9, exitCode);
    }

    [Fact]
    public async Task ChildProcess_WaitForOutput_NoMatch_FailsWithTheOutputInTheMessage()
    {
        using var paths = new TestPaths();
        await using var running = ChildProcess.Start("sh", "/bin/sh", ["-c", "echo hello from a running process; sleep 30"], paths.Root);
        await using var exited = ChildProcess.Start("sh", "/bin/sh", ["-c", "echo hello from an exited process; echo oops >&2"], paths.Root);

        var timeout = await Assert.ThrowsAsync<TimeoutException>(() => running.Output.WaitForAsync(line => line == "never", TimeSpan.FromMilliseconds(500)));
        var ended = await Assert.ThrowsAsync<InvalidOperationException>(() => exited.Output.WaitForAsync(line => line == "never", Timeout));

        Assert.Contains("hello from a running process", timeout.Message, StringComparison.Ordinal);
        Assert.Contains("hello from an exited process", ended.Message, StringComparison.Ordinal);
        Assert.Contains("! oops", ended.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GatewayProcess_HostAssembly_IsCopiedNextToTheTests()
    {
        var path = GatewayProcess.HostAssemblyPath;

        Assert.Equal(Path.Combine(AppContext.BaseDirectory, "Edge.Host.dll"), path);
        Assert.True(File.Exists(Path.ChangeExtension(path, ".runtimeconfig.json")));
    }

    [Fact]
    public async Task GatewayProcess_Demo_PrintsStatusLinesAndStopsCleanlyOnSigint()
    {
        using var paths = new TestPaths();
        var brokerPort = FreeTcpPort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture);
        await using var gateway = GatewayProcess.Start(
            configPath: null,
            workingDirectory: paths.Root,
            environment: new Dictionary<string, string?>
            {
                ["EDGE_Edge__DataDirectory"] = paths.Combine("data"),
                // The demo's in-process broker has a fixed default port; tests run in parallel.
                ["EDGE_Edge__DemoBroker__Port"] = brokerPort,
                ["EDGE_Edge__Uplink__Port"] = brokerPort,
            });

        var status = await gateway.WaitForOutputAsync(line => line.StartsWith("status readings=", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
        var exitCode = await gateway.StopAsync();

        Assert.Matches(@"^status readings=\d+ stored=\d+ sent=\d+ backlog=\d+ uplink=\w+$", status);
        Assert.True(exitCode == 0, $"exit code {exitCode}\n{gateway.DumpOutput()}");
        Assert.True(File.Exists(paths.Combine("data", "status.json")), gateway.DumpOutput());
    }
}
