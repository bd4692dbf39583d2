using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;
using Edge.Drivers.Tests.Ble.BlueZ;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Provisioning.Tests;

public sealed class CheckTests : IDisposable
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Config(Action<JsonObject>? edit = null)
    {
        var policy = _dir.Write("etc/policy.json", Policies.AllowCare);
        var password = _dir.Write("etc/secrets/pw", "pw\n");
        File.SetUnixFileMode(password, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var edge = new JsonObject
        {
            ["DataDirectory"] = _dir.Path("data"),
            ["Site"] = new JsonObject { ["Tenant"] = "acme", ["Site"] = "home-1", ["Gateway"] = "gw-1", ["Jurisdiction"] = "DE" },
            ["Uplink"] = new JsonObject { ["Host"] = "127.0.0.1", ["Port"] = ClosedPort(), ["Username"] = "gw-1", ["PasswordFile"] = password },
            ["Residency"] = new JsonObject { ["PolicyFile"] = policy },
        };
        edit?.Invoke(edge);
        return _dir.Write("etc/edge.json", new JsonObject { ["Edge"] = edge }.ToJsonString());
    }

    private static Dictionary<string, JsonElement> Checks(Edgectl.Result result)
    {
        using var doc = JsonDocument.Parse(result.Out);
        return doc.RootElement.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c.Clone());
    }

    private static string Status(Dictionary<string, JsonElement> checks, string name) => checks[name].GetProperty("status").GetString()!;

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Fact]
    public async Task Check_MissingConfig_IsExit78NamingTheFix()
    {
        var result = await Edgectl.RunAsync("check", "--config", _dir.Path("absent.json"));

        Assert.Equal(78, result.ExitCode);
        Assert.Contains("does not exist", result.Out, StringComparison.Ordinal);
        Assert.Contains("edgectl provision", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_BadValues_FailTheConfigCheckNamingEachKey_AndSkipTheBroker()
    {
        var config = Config(e =>
        {
            e["Uplink"]!["Port"] = 0;
            e["Site"]!["Site"] = "A/B";
            e["Patients"] = new JsonArray(new JsonObject { ["Id"] = "has space" });
        });

        var result = await Edgectl.RunAsync("check", "--config", config, "--json");

        Assert.Equal(1, result.ExitCode);
        var checks = Checks(result);
        Assert.Equal("fail", Status(checks, "config"));
        var message = checks["config"].GetProperty("message").GetString()!;
        Assert.Contains("Edge:Uplink:Port", message, StringComparison.Ordinal);
        Assert.Contains("Edge:Site:Site", message, StringComparison.Ordinal);
        Assert.Contains("Edge:Patients:0:Id", message, StringComparison.Ordinal);
        Assert.DoesNotContain("has space", message, StringComparison.Ordinal);
        Assert.Equal("skip", Status(checks, "broker"));
    }

    [Fact]
    public async Task Check_NothingListening_ReportsTheBrokerUnreachable()
    {
        var result = await Edgectl.RunAsync("check", "--config", Config(), "--json", "--timeout", "5");

        Assert.Equal(1, result.ExitCode);
        var broker = Checks(result)["broker"];
        Assert.Equal("fail", broker.GetProperty("status").GetString());
        Assert.StartsWith("unreachable", broker.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("Edge:Uplink:Port", broker.GetProperty("fix").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_SecretReadableByOthers_Warns_AndStrictMakesItExit1()
    {
        var config = Config();
        File.SetUnixFileMode(_dir.Path("etc", "secrets", "pw"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        var lax = await Edgectl.RunAsync("check", "--config", config, "--offline", "--json");
        var strict = await Edgectl.RunAsync("check", "--config", config, "--offline", "--json", "--strict");

        var secrets = Checks(lax)["secrets"];
        Assert.Equal("warn", secrets.GetProperty("status").GetString());
        Assert.Contains("Edge:Uplink:PasswordFile", secrets.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("chmod 0600", secrets.GetProperty("fix").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, strict.ExitCode);
    }

    [Theory]
    [InlineData(100, "pass")]
    [InlineData(10, "warn")]
    [InlineData(-1, "fail")]
    public async Task Check_ClientCertificate_ByDaysLeft(int daysLeft, string expected)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var cert = new CertificateRequest("CN=gw-1", key, HashAlgorithmName.SHA256)
            .CreateSelfSigned(Clock.GetUtcNow().AddDays(-400), Clock.GetUtcNow().AddDays(daysLeft));
        var certFile = _dir.Write("etc/client.crt", cert.ExportCertificatePem());
        var keyFile = _dir.Write("etc/secrets/client.key", key.ExportPkcs8PrivateKeyPem());
        File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var config = Config(e =>
        {
            e["Uplink"]!["ClientCertFile"] = certFile;
            e["Uplink"]!["ClientKeyFile"] = keyFile;
        });

        var result = await Edgectl.RunWithAsync(Clock, null, default, "check", "--config", config, "--offline", "--json");

        var check = Checks(result)["client-cert"];
        Assert.Equal(expected, check.GetProperty("status").GetString());
        Assert.Contains("Edge:Uplink:ClientCertFile", check.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_CsrNotYetSigned_FailsNamingTheCsr()
    {
        var keyFile = _dir.Write("etc/secrets/client.key", "x");
        File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        _dir.Write("etc/client.csr", "-----BEGIN CERTIFICATE REQUEST-----");
        var config = Config(e =>
        {
            e["Uplink"]!["ClientCertFile"] = _dir.Path("etc", "client.crt");
            e["Uplink"]!["ClientKeyFile"] = keyFile;
        });

        var result = await Edgectl.RunAsync("check", "--config", config, "--offline", "--json");

        var check = Checks(result)["client-cert"];
        Assert.Equal("fail", check.GetProperty("status").GetString());
        Assert.Contains("client.csr", check.GetProperty("fix").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_MissingSerialPort_FailsNamingThePortByIndexNotPath()
    {
        var config = Config(e => e["Serial"] = new JsonObject
        {
            ["Enabled"] = true,
            ["Ports"] = new JsonArray(new JsonObject { ["Path"] = "/dev/serial/by-id/usb-FTDI_A1B2C3-if00-port0", ["Protocol"] = "Masimo" }),
        });

        var result = await Edgectl.RunAsync("check", "--config", config, "--offline", "--json");

        var serial = Checks(result)["serial"];
        Assert.Equal("fail", serial.GetProperty("status").GetString());
        Assert.Contains("Edge:Serial:Ports:0 (Masimo)", serial.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("A1B2C3", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_PolicyMissing_FailsBecauseTheGatewayWouldNotStart()
    {
        var config = Config(e => e.Remove("Residency"));

        var result = await Edgectl.RunAsync("check", "--config", config, "--offline", "--json");

        Assert.Equal("fail", Status(Checks(result), "policy"));
    }

    [Fact]
    public async Task Check_Ble_NoBusAtTheAddress_Fails()
    {
        var result = await Edgectl.RunAsync("check", "--config", Config(), "--offline", "--json", "--bus-address", "unix:path=" + _dir.Path("no-bus"));

        var ble = Checks(result)["ble"];
        Assert.Equal("fail", ble.GetProperty("status").GetString());
        Assert.Contains("cannot connect to the D-Bus system bus", ble.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_Ble_AgainstTheBlueZDouble_FailsWithoutAnAdapterAndPassesWithOne()
    {
        await using var bluez = await BlueZDouble.StartAsync();
        var config = Config();

        var without = await Edgectl.RunAsync("check", "--config", config, "--offline", "--json", "--bus-address", bluez.Address);
        await bluez.AddAdapterAsync("hci0");
        var with = await Edgectl.RunAsync("check", "--config", config, "--offline", "--json", "--bus-address", bluez.Address);

        var before = Checks(without)["ble"];
        Assert.Equal("fail", before.GetProperty("status").GetString());
        Assert.Contains("no adapter hci0", before.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("pass", Status(Checks(with), "ble"));
    }

    [Fact]
    public async Task Check_Gateway_WarnsWhenNotRunning_AndPassesWhenItAnswersConnected()
    {
        var socket = _dir.Path("edge.sock");
        var config = Config(e => e["Control"] = new JsonObject { ["SocketPath"] = socket });

        var before = await Edgectl.RunAsync("check", "--config", config, "--offline", "--json");
        await using var api = (await FakeControlApi.StartAsync(socket)).WithStatusDevicesAlerts();
        var running = await Edgectl.RunAsync("check", "--config", config, "--offline", "--json");
        api.Routes["GET /v1/status"] = (200, FakeControlApi.Status("disconnected"));
        var disconnected = await Edgectl.RunAsync("check", "--config", config, "--offline", "--json");

        Assert.Equal("warn", Status(Checks(before), "gateway"));
        Assert.Contains("not running", Checks(before)["gateway"].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("pass", Status(Checks(running), "gateway"));
        Assert.Contains("version 1.2.3, uplink connected", Checks(running)["gateway"].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("warn", Status(Checks(disconnected), "gateway"));
    }

    [Fact]
    public async Task Check_HumanOutput_ShowsEveryCheckWithAFixForEachProblem()
    {
        var result = await Edgectl.RunAsync("check", "--config", Config(), "--timeout", "5");

        Assert.Equal(1, result.ExitCode);
        foreach (var name in new[] { "config", "secrets", "policy", "pin", "clock", "disk", "client-cert", "broker", "ble", "serial", "gateway" })
        {
            Assert.Matches($@"(pass|warn|FAIL|skip)\s+{name}\s", result.Out);
        }

        Assert.Contains("fix: nothing listens on that port", result.Out, StringComparison.Ordinal);
        Assert.Matches(@"\d+ passed, \d+ warnings, \d+ failed, \d+ skipped", result.Out);
        Assert.Contains("... checking broker", result.Error, StringComparison.Ordinal);
    }
}
