using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Provisioning.Tests;

/// <summary>status, devices and patients against the control API contract on a real Unix socket.</summary>
public sealed class ControlVerbTests : IAsyncLifetime, IDisposable
{
    private readonly TempFolder _dir = new();
    private FakeControlApi _api = null!;

    public async Task InitializeAsync() => _api = (await FakeControlApi.StartAsync(_dir.Path("edge.sock"))).WithStatusDevicesAlerts();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    public void Dispose() => _dir.Dispose();

    private Task<Edgectl.Result> RunAsync(params string[] args) => Edgectl.RunWithAsync(null, _api.SocketPath, default, args);

    [Fact]
    public async Task Status_ShowsUplinkBacklogPerClassDevicesAndAlerts()
    {
        var result = await RunAsync("status");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("gateway gw-0042 at site home-0042", result.Out, StringComparison.Ordinal);
        Assert.Contains("uplink connected: sent 1234, reconnects 2", result.Out, StringComparison.Ordinal);
        Assert.Matches(@"vitals\s+17\s+4 KiB\s+12m34s", result.Out);
        Assert.Matches(@"dev-ox-0001\s+pulse-oximeter\s+serial\s+pt-0001 \(Room 3\)\s+disconnected\s+1h01m", result.Out);
        Assert.Matches(@"news2-medium\s+medium", result.Out);
        Assert.DoesNotContain("A4:C1:38", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StatusJson_CarriesTheThreeDocuments()
    {
        var result = await RunAsync("status", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var doc = JsonDocument.Parse(result.Out);
        Assert.Equal(17, doc.RootElement.GetProperty("status").GetProperty("backlog")[0].GetProperty("count").GetInt32());
        Assert.Equal(2, doc.RootElement.GetProperty("devices").GetArrayLength());
        Assert.Equal("a-1", doc.RootElement.GetProperty("alerts")[0].GetProperty("id").GetString());
        Assert.Contains(_api.Requests, r => r.PathAndQuery == "/v1/alerts?limit=10");
    }

    [Fact]
    public async Task StatusWatch_RefreshesEveryTwoSeconds_UntilCancelled()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero));
        using var stop = new CancellationTokenSource();
        var run = Edgectl.RunWithAsync(time, _api.SocketPath, stop.Token, "status", "--watch", "--json");
        // Wait for a fourth request: the watch loop prints a document before it asks again, so three are printed.
        for (var i = 0; i < 400 && _api.Requests.Count(r => r.PathAndQuery == "/v1/status") < 4; i++)
        {
            await Task.Delay(20);
            time.Advance(TimeSpan.FromSeconds(2));
        }

        await stop.CancelAsync();
        var result = await run;

        Assert.Equal(0, result.ExitCode);
        var documents = result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(documents.Length >= 3, result.ToString());
        Assert.All(documents, d => JsonDocument.Parse(d).Dispose());
    }

    [Fact]
    public async Task Status_NoGateway_IsExit3NamingTheSocketAndTheFix()
    {
        var result = await Edgectl.RunWithAsync(null, _dir.Path("absent.sock"), default, "status");

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("absent.sock", result.Error, StringComparison.Ordinal);
        Assert.Contains("does not exist", result.Error, StringComparison.Ordinal);
        Assert.Contains("fix: start the gateway", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_StaleSocketFile_IsExit3ConnectionRefused()
    {
        var stale = _dir.Path("stale.sock");
        // Bound but not listening: what a crashed gateway's socket file looks like to a client (ECONNREFUSED).
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        socket.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(stale));

        var result = await Edgectl.RunWithAsync(null, stale, default, "status", "--json");

        Assert.Equal(3, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Out);
        Assert.Equal("unreachable", doc.RootElement.GetProperty("error").GetString());
        Assert.Contains("refused", doc.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DevicesPair_SendsTheContractBody_AndShowsTheConfirmation()
    {
        _api.Routes["POST /v1/pairing/pair"] = (200, """{"deviceId":"dev-hr-0009"}""");
        _api.Routes["GET /v1/pairing/confirmation/dev-hr-0009"] = (200, """{"confirmed":true,"vital":"heart-rate","value":85,"unit":"/min","display":"85 bpm received"}""");

        var result = await RunAsync("devices", "pair", "--candidate", "c-7", "--patient", "pt-0001", "--passkey", "123456", "--wait", "30");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("confirmed: 85 bpm received", result.Out, StringComparison.Ordinal);
        var pair = _api.Requests.Single(r => r.PathAndQuery == "/v1/pairing/pair");
        using var body = JsonDocument.Parse(pair.Body);
        Assert.Equal("c-7", body.RootElement.GetProperty("candidateId").GetString());
        Assert.Equal("pt-0001", body.RootElement.GetProperty("patientId").GetString());
        Assert.Equal("123456", body.RootElement.GetProperty("passkey").GetString());
        Assert.Contains(_api.Requests, r => r.PathAndQuery == "/v1/pairing/confirmation/dev-hr-0009?timeoutSeconds=30");
    }

    [Fact]
    public async Task DevicesPair_Conflict_IsExit5WithTheGatewaysMessageAndFix()
    {
        _api.Routes["POST /v1/pairing/pair"] = (409, """{"error":"already-paired","message":"that device is already paired","fix":"unpair it first"}""");

        var result = await RunAsync("devices", "pair", "--candidate", "c-7", "--patient", "pt-0001");

        Assert.Equal(5, result.ExitCode);
        Assert.Contains("409", result.Error, StringComparison.Ordinal);
        Assert.Contains("already-paired", result.Error, StringComparison.Ordinal);
        Assert.Contains("fix: unpair it first", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DevicesPair_BadPasskey_IsAUsageErrorBeforeAnyRequest()
    {
        var result = await RunAsync("devices", "pair", "--candidate", "c-7", "--patient", "pt-0001", "--passkey", "12345");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--passkey", result.Error, StringComparison.Ordinal);
        Assert.Empty(_api.Requests);
    }

    [Fact]
    public async Task DevicesScan_StartsPairingMode_AndListsTheCandidates()
    {
        _api.Routes["POST /v1/pairing/start"] = (202, """{"active":true,"secondsLeft":120}""");
        _api.Routes["GET /v1/pairing/candidates"] = (200, """[{"candidateId":"c-1","kind":"heart-rate","name":"HRM Pro","rssi":-61,"needsPasskey":false}]""");

        var result = await RunAsync("devices", "scan", "--listen", "1");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches(@"c-1\s+heart-rate\s+HRM Pro\s+-61\s+no", result.Out);
        Assert.Contains("found heart-rate 'HRM Pro'", result.Error, StringComparison.Ordinal);
        using var start = JsonDocument.Parse(_api.Requests.Single(r => r.PathAndQuery == "/v1/pairing/start").Body);
        Assert.Equal(120, start.RootElement.GetProperty("seconds").GetInt32());
    }

    [Fact]
    public async Task Status_MarkupInGatewayStrings_IsPrintedLiterally()
    {
        _api.Routes["GET /v1/devices"] = (200, """[{"deviceId":"dev-[x]","kind":"[red]heart-rate","transport":"ble","patientId":"pt-1","link":"connected"}]""");

        var result = await RunAsync("status");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("dev-[x]", result.Out, StringComparison.Ordinal);
        Assert.Contains("[red]heart-rate", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DevicesUnpair_AndPatientsBind_UseTheContractPaths()
    {
        _api.Routes["DELETE /v1/devices/dev-hr-0001"] = (200, string.Empty);
        _api.Routes["POST /v1/patients/pt-0002/bind"] = (200, string.Empty);

        var unpair = await RunAsync("devices", "unpair", "dev-hr-0001");
        var bind = await RunAsync("patients", "bind", "--patient", "pt-0002", "--device", "dev-hr-0001");

        Assert.True(unpair.ExitCode == 0, unpair.ToString());
        Assert.True(bind.ExitCode == 0, bind.ToString());
        using var body = JsonDocument.Parse(_api.Requests.Single(r => r.Method == "POST").Body);
        Assert.Equal("dev-hr-0001", body.RootElement.GetProperty("deviceId").GetString());
    }

    [Fact]
    public async Task DevicesList_ShowsAddressesOnlyWhenAsked()
    {
        var plain = await RunAsync("devices", "list");
        var withAddress = await RunAsync("devices", "list", "--show-address");

        Assert.DoesNotContain("A4:C1:38:00:00:01", plain.Out, StringComparison.Ordinal);
        Assert.Contains("A4:C1:38:00:00:01", withAddress.Out, StringComparison.Ordinal);
    }
}
