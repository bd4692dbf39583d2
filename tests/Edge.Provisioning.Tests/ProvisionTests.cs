using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Edge.Provisioning.Provision;

namespace Edge.Provisioning.Tests;

public sealed class ProvisionTests : IDisposable
{
    private const UnixFileMode Secret = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const string Pin = "482916";
    private static readonly Microsoft.Extensions.Time.Testing.FakeTimeProvider Clock = new(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private string ConfigPath => _dir.Path("etc", "edge.json");

    private List<string> Args(params string[] extra)
    {
        var password = _dir.Write("in/password", "s3cret-Pa55\n");
        var policy = _dir.Write("in/policy.json", Policies.AllowCare);
        return
        [
            "provision", "--config", ConfigPath, "--tenant", "acme", "--site", "home-0042", "--gateway", "gw-0042",
            "--jurisdiction", "DE", "--region", "eu-de", "--broker", "mqtts://broker.example.net:8883",
            "--username", "gw-0042", "--password-file", password, "--policy", policy, "--data-dir", _dir.Path("data"),
            "--socket-path", _dir.Path("edge.sock"), .. extra,
        ];
    }

    [Fact]
    public async Task Provision_Broker_WritesConfigWithTheGatewaysKeys_AndSecretsAt0600()
    {
        var result = await Edgectl.RunAsync([.. Args("--pin", Pin, "--generate-key")]);

        Assert.True(result.ExitCode == 0, result.ToString());
        using var config = JsonDocument.Parse(File.ReadAllText(ConfigPath));
        var edge = config.RootElement.GetProperty("Edge");
        Assert.Equal("home-0042", edge.GetProperty("Site").GetProperty("Site").GetString());
        Assert.Equal("DE", edge.GetProperty("Site").GetProperty("Jurisdiction").GetString());
        var uplink = edge.GetProperty("Uplink");
        Assert.Equal("broker.example.net", uplink.GetProperty("Host").GetString());
        Assert.Equal(8883, uplink.GetProperty("Port").GetInt32());
        Assert.True(uplink.GetProperty("UseTls").GetBoolean());
        Assert.Equal("eu-de", uplink.GetProperty("Region").GetString());
        var passwordFile = uplink.GetProperty("PasswordFile").GetString()!;
        Assert.Equal("s3cret-Pa55\n", File.ReadAllText(passwordFile));
        var pinFile = edge.GetProperty("Control").GetProperty("PinFile").GetString()!;
        var policyFile = edge.GetProperty("Residency").GetProperty("PolicyFile").GetString()!;

        Assert.Equal(Secret, File.GetUnixFileMode(passwordFile));
        Assert.Equal(Secret, File.GetUnixFileMode(pinFile));
        Assert.Equal(Secret, File.GetUnixFileMode(uplink.GetProperty("ClientKeyFile").GetString()!));
        Assert.Equal(Secret | UnixFileMode.GroupRead, File.GetUnixFileMode(policyFile));
        Assert.Equal(Secret | UnixFileMode.GroupRead, File.GetUnixFileMode(ConfigPath));
        Assert.Equal(Secret | UnixFileMode.UserExecute, File.GetUnixFileMode(_dir.Path("etc", "secrets")));
        Assert.Empty(Directory.GetFiles(_dir.Path("etc"), "*.tmp", SearchOption.AllDirectories));
        Assert.Empty(Directory.GetFiles(_dir.Path("etc"), ".*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Provision_Pin_IsStoredAsAPbkdf2HashInTheContractFormat_AndNeverPrinted()
    {
        var result = await Edgectl.RunAsync([.. Args("--pin", Pin, "--json")]);

        Assert.True(result.ExitCode == 0, result.ToString());
        var line = File.ReadAllText(_dir.Path("etc", "secrets", "nurse-pin")).Trim();
        var parts = line.Split('$');
        Assert.Equal("pbkdf2-sha256", parts[0]);
        Assert.Equal(PinHash.Iterations, int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(16, Convert.FromBase64String(parts[2]).Length);
        Assert.Equal(32, Convert.FromBase64String(parts[3]).Length);
        Assert.True(PinHash.Verify(Pin, line));
        Assert.False(PinHash.Verify("482917", line));
        Assert.DoesNotContain(Pin, result.All, StringComparison.Ordinal);
        Assert.DoesNotContain(Pin, File.ReadAllText(ConfigPath), StringComparison.Ordinal);
        Assert.True(JsonDocument.Parse(result.Out).RootElement.GetProperty("ok").GetBoolean());
    }

    [Fact]
    public async Task Provision_GenerateKey_WritesAP256KeyAndACsrForTheGateway()
    {
        var result = await Edgectl.RunAsync([.. Args("--generate-key")]);

        Assert.True(result.ExitCode == 0, result.ToString());
        var csr = CertificateRequest.LoadSigningRequestPem(
            File.ReadAllText(_dir.Path("etc", "client.csr")), HashAlgorithmName.SHA256, CertificateRequestLoadOptions.UnsafeLoadCertificateExtensions);
        Assert.Equal("CN=gw-0042", csr.SubjectName.Name);
        using var key = ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(_dir.Path("etc", "secrets", "client.key")));
        Assert.Equal(256, key.KeySize);
        Assert.Equal(
            Convert.ToBase64String(key.ExportSubjectPublicKeyInfo()),
            Convert.ToBase64String(csr.PublicKey.ExportSubjectPublicKeyInfo()));
        Assert.Contains(csr.CertificateExtensions, e => e is X509EnhancedKeyUsageExtension eku && eku.EnhancedKeyUsages.Cast<Oid>().Any(o => o.Value == "1.3.6.1.5.5.7.3.2"));
        Assert.Contains("client.csr", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Provision_ExistingConfig_IsRefusedWithoutForce_AndReplacedWithIt()
    {
        Assert.Equal(0, (await Edgectl.RunAsync([.. Args()])).ExitCode);
        var before = File.ReadAllText(ConfigPath);

        var refused = await Edgectl.RunAsync([.. Args()]);
        Assert.Equal(6, refused.ExitCode);
        Assert.Contains("--force", refused.Error, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(ConfigPath));

        var forced = await Edgectl.RunAsync([.. Args("--force", "--lan-url", "http://0.0.0.0:8080")]);
        Assert.True(forced.ExitCode == 0, forced.ToString());
        Assert.Contains("http://0.0.0.0:8080", File.ReadAllText(ConfigPath), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Provision_ReplacingAWorldReadableSecret_LeavesIt0600()
    {
        var target = _dir.Write("etc/secrets/mqtt-password", "old\n");
        File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        var result = await Edgectl.RunAsync([.. Args("--force")]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(Secret, File.GetUnixFileMode(target));
        Assert.Equal("s3cret-Pa55\n", File.ReadAllText(target));
    }

    [Fact]
    public async Task Provision_BadValues_AreAllNamedWithExit2_AndNothingIsWritten()
    {
        var args = Args("--pin", "12ab56");
        args[args.IndexOf("home-0042")] = "Home/42";
        args[args.IndexOf("DE")] = "germany";
        args[args.IndexOf("eu-de")] = "EU DE";

        var result = await Edgectl.RunAsync([.. args]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--site", result.Error, StringComparison.Ordinal);
        Assert.Contains("--jurisdiction", result.Error, StringComparison.Ordinal);
        Assert.Contains("--region", result.Error, StringComparison.Ordinal);
        Assert.Contains("--pin must be 6 to 12 digits", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("12ab56", result.All, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_dir.Path("etc")), "nothing may be written when a value is bad");
    }

    [Theory]
    [InlineData("mqtt://broker:1883", "--allow-plaintext")]
    [InlineData("https://broker:8883", "mqtts://HOST:PORT")]
    [InlineData("mqtts://user:pw@broker:8883", "never in the URL")]
    public async Task Provision_BadBrokerUrl_IsAUsageErrorNamingTheFix(string url, string fix)
    {
        var args = Args();
        args[args.IndexOf("mqtts://broker.example.net:8883")] = url;

        var result = await Edgectl.RunAsync([.. args]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(fix, result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(ConfigPath));
    }

    [Fact]
    public async Task Provision_MissingRequiredOption_IsAUsageError()
    {
        var result = await Edgectl.RunAsync("provision", "--config", ConfigPath, "--tenant", "acme");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--site", result.Error, StringComparison.Ordinal);
        Assert.Contains("edgectl provision --help", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Provision_MissingPasswordFile_IsABadInputFile_Exit4()
    {
        var args = Args();
        args[args.IndexOf("--password-file") + 1] = _dir.Path("in", "absent");

        var result = await Edgectl.RunAsync([.. args]);

        Assert.Equal(4, result.ExitCode);
        Assert.Contains("--password-file", result.Error, StringComparison.Ordinal);
        Assert.Contains("does not exist", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(ConfigPath));
    }

    [Fact]
    public async Task Provision_CaThatIsNotAPemCertificate_IsABadInputFile()
    {
        var result = await Edgectl.RunAsync([.. Args("--ca", _dir.Write("in/ca.pem", "not a certificate"))]);

        Assert.Equal(4, result.ExitCode);
        Assert.Contains("--ca", result.Error, StringComparison.Ordinal);
        Assert.Contains("PEM", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(ConfigPath));
    }

    [Fact]
    public async Task Provision_InvalidPolicy_IsRejectedByTheGatewaysLoader_NamingTheLine()
    {
        var args = Args();
        args[args.IndexOf("--policy") + 1] = _dir.Write("in/bad-policy.json", "{\n  \"version\": \"x\",\n  \"rules\": [ { \"id\": \"r1\", \"effect\": \"maybe\" } ]\n}\n");

        var result = await Edgectl.RunAsync([.. args]);

        Assert.Equal(4, result.ExitCode);
        Assert.Contains("residency policy", result.Error, StringComparison.Ordinal);
        Assert.Contains("bad-policy.json:3:", result.Error, StringComparison.Ordinal);
        Assert.Contains("rule 'r1'", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(ConfigPath));
    }

    [Fact]
    public async Task Provision_ImportedCertificateAndKey_AreCheckedToMatch()
    {
        var now = Clock.GetUtcNow();
        var (cert, key) = WriteCertificate("good", now.AddDays(-1), now.AddDays(365));
        var (_, otherKey) = WriteCertificate("other", now.AddDays(-1), now.AddDays(365));
        var (expired, expiredKey) = WriteCertificate("old", now.AddDays(-60), now.AddDays(-1));

        var mismatch = await Edgectl.RunWithAsync(Clock, null, default, [.. Args("--import-cert", cert, "--import-key", otherKey)]);
        Assert.Equal(4, mismatch.ExitCode);
        Assert.Contains("does not match", mismatch.Error, StringComparison.Ordinal);

        var old = await Edgectl.RunWithAsync(Clock, null, default, [.. Args("--import-cert", expired, "--import-key", expiredKey)]);
        Assert.Equal(4, old.ExitCode);
        Assert.Contains("expired", old.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(ConfigPath));

        var ok = await Edgectl.RunWithAsync(Clock, null, default, [.. Args("--import-cert", cert, "--import-key", key)]);
        Assert.True(ok.ExitCode == 0, ok.ToString());
        Assert.Equal(Secret, File.GetUnixFileMode(_dir.Path("etc", "secrets", "client.key")));
        Assert.Equal(File.ReadAllText(cert), File.ReadAllText(_dir.Path("etc", "client.crt")));
    }

    [Fact]
    public async Task Provision_GenerateKeyAndImport_ExcludeEachOther()
    {
        var now = Clock.GetUtcNow();
        var (cert, key) = WriteCertificate("good", now.AddDays(-1), now.AddDays(365));

        var result = await Edgectl.RunAsync([.. Args("--generate-key", "--import-cert", cert, "--import-key", key)]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("exclude each other", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Provision_IotHub_WritesTheIotHubDialectWithTheDeviceKeyAt0600()
    {
        var deviceKey = _dir.Write("in/device.key", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) + "\n");
        var args = Args();
        var at = args.IndexOf("--broker");
        args.RemoveRange(at, 2);
        args.RemoveRange(args.IndexOf("--username"), 4);
        args.AddRange(["--iothub", "contoso.azure-devices.net", "--device-id", "gw-0042", "--device-key-file", deviceKey]);

        var result = await Edgectl.RunAsync([.. args]);

        Assert.True(result.ExitCode == 0, result.ToString());
        using var config = JsonDocument.Parse(File.ReadAllText(ConfigPath));
        var uplink = config.RootElement.GetProperty("Edge").GetProperty("Uplink");
        Assert.Equal("iothub", uplink.GetProperty("Dialect").GetString());
        Assert.Equal("contoso.azure-devices.net", uplink.GetProperty("IotHub").GetProperty("HostName").GetString());
        var keyFile = uplink.GetProperty("IotHub").GetProperty("SharedAccessKeyFile").GetString()!;
        Assert.Equal(Secret, File.GetUnixFileMode(keyFile));
    }

    [Fact]
    public async Task Provision_BothDestinations_IsAUsageError()
    {
        var result = await Edgectl.RunAsync([.. Args("--iothub", "contoso.azure-devices.net")]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("exactly one destination", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProvisionedConfig_PassesTheConfigCheck()
    {
        Assert.Equal(0, (await Edgectl.RunAsync([.. Args("--pin", Pin)])).ExitCode);

        var check = await Edgectl.RunAsync("check", "--config", ConfigPath, "--offline", "--json");

        using var report = JsonDocument.Parse(check.Out);
        var checks = report.RootElement.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("status").GetString());
        Assert.Equal("pass", checks["config"]);
        Assert.Equal("pass", checks["secrets"]);
        Assert.Equal("pass", checks["policy"]);
        Assert.Equal("pass", checks["pin"]);
        Assert.Equal("skip", checks["broker"]);
    }

    private (string Cert, string Key) WriteCertificate(string name, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=gw-0042", key, HashAlgorithmName.SHA256);
        using var cert = request.CreateSelfSigned(notBefore, notAfter);
        return (_dir.Write($"in/{name}.crt", cert.ExportCertificatePem() + "\n"), _dir.Write($"in/{name}.key", key.ExportPkcs8PrivateKeyPem() + "\n"));
    }
}
