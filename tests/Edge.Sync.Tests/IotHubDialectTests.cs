using Edge.Sync.Wire;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Edge.Sync.Dialects;
using Edge.Sync.Outbox;
using Edge.Sync.Uplink;
using Microsoft.Extensions.Time.Testing;
using MQTTnet;

namespace Edge.Sync.Tests;

/// <summary>
/// Formats from Microsoft's IoT Hub docs ("Communicate with an IoT hub using the MQTT protocol" and "Control access
/// to IoT Hub with shared access signatures"): user name, topic with property bag, and the SAS token, whose signature
/// is checked against an independent implementation (Python's hmac, as in Microsoft's own sample).
/// </summary>
public sealed class IotHubDialectTests
{
    private const string Key = "c2VjcmV0LWRldmljZS1rZXktZm9yLXRlc3RzLW9ubHk="; // synthetic
    private static readonly DateTimeOffset Expiry = DateTimeOffset.FromUnixTimeSeconds(1_795_000_000);

    [Fact]
    public void UserName_FollowsTheDocumentedShape()
    {
        Assert.Equal("contoso.azure-devices.net/gw-0001/?api-version=2021-04-12", IotHubDialect.UserName("contoso.azure-devices.net", "gw-0001"));
    }

    [Fact]
    public void TelemetryTopic_CarriesAUrlEncodedPropertyBag()
    {
        var topic = IotHubDialect.TelemetryTopic("gw-0001", [new("$.mid", "abc"), new("$.ct", "application/json"), new("$.ce", "utf-8"), new("class", "vitals")]);
        Assert.Equal("devices/gw-0001/messages/events/$.mid=abc&$.ct=application%2Fjson&$.ce=utf-8&class=vitals", topic);
    }

    [Fact]
    public void SasToken_HasTheDocumentedFieldsAndASignatureAnIndependentImplementationAgreesWith()
    {
        var token = IotHubDialect.SasToken("contoso.azure-devices.net", "gw-0001", Key, Expiry);
        var match = Regex.Match(token, "^SharedAccessSignature sr=(?<sr>[^&]+)&sig=(?<sig>[^&]+)&se=(?<se>[0-9]+)$");
        Assert.True(match.Success, token);
        Assert.Equal("contoso.azure-devices.net%2Fdevices%2Fgw-0001", match.Groups["sr"].Value);
        Assert.Equal("1795000000", match.Groups["se"].Value);
        Assert.Equal(PythonSignature("contoso.azure-devices.net/devices/gw-0001", Key, 1_795_000_000), match.Groups["sig"].Value);
    }

    [Fact]
    public void Configure_WithAnUntrustedClock_MintsNothing()
    {
        var dialect = new IotHubDialect(new IotHubOptions { HostName = "h", DeviceId = "d", SharedAccessKeyFile = "/nonexistent" }, new FakeTimeProvider(), () => false);
        Assert.NotNull(dialect.BlockedReason);
        Assert.Throws<InvalidOperationException>(() => dialect.Configure(new MqttClientOptionsBuilder()));
        Assert.Null(dialect.CredentialsExpireAt);
    }

    [Fact]
    public void Configure_MintsATokenThatExpiresAfterItsLifetime()
    {
        var keyFile = Path.GetTempFileName();
        File.WriteAllText(keyFile, Key + "\n");
        try
        {
            var time = new FakeTimeProvider(Expiry);
            var dialect = new IotHubDialect(new IotHubOptions { HostName = "contoso.azure-devices.net", DeviceId = "gw-0001", SharedAccessKeyFile = keyFile }, time, () => true);
            var builder = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", 8883);
            dialect.Configure(builder);
            var options = builder.Build();
            Assert.Equal("gw-0001", options.ClientId);
            Assert.Equal(MQTTnet.Formatter.MqttProtocolVersion.V311, options.ProtocolVersion);
            Assert.Equal(Expiry + TimeSpan.FromHours(1), dialect.CredentialsExpireAt);
            Assert.StartsWith("SharedAccessSignature sr=", System.Text.Encoding.UTF8.GetString(options.Credentials.GetPassword(options)), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(keyFile);
        }
    }

    [Fact]
    public void BatchId_IsStableForTheSameItems_AndDiffersForOthers()
    {
        var a = TestData.Readings("dev-a", 3).Select((r, i) => new StoredItem(i, r, 1)).ToList();
        var b = TestData.Readings("dev-b", 3).Select((r, i) => new StoredItem(i, r, 1)).ToList();
        Assert.Equal(IotHubDialect.BatchId(Wire(a)), IotHubDialect.BatchId(Wire(a.ToList())));
        Assert.NotEqual(IotHubDialect.BatchId(Wire(a)), IotHubDialect.BatchId(Wire(b)));
    }

    private static List<WireItem> Wire(List<StoredItem> items) => items.Select(i => new WireItem(i.Item, WireFields.None)).ToList();

    private static string PythonSignature(string resource, string key, long expiry)
    {
        var script = "import base64,hmac,hashlib,sys,urllib.parse\n" +
            "uri=urllib.parse.quote_plus(sys.argv[1]); key=base64.b64decode(sys.argv[2])\n" +
            "sig=base64.b64encode(hmac.new(key,(uri+'\\n'+sys.argv[3]).encode(),hashlib.sha256).digest()).decode()\n" +
            "print(urllib.parse.quote_plus(sig))";
        var info = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { "-c", script, resource, key, expiry.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(arg);
        }

        using var python = Process.Start(info)!;
        var output = python.StandardOutput.ReadToEnd().Trim();
        python.WaitForExit();
        Assert.Equal(0, python.ExitCode);
        return output;
    }
}
