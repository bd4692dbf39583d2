using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Edge.Provisioning.Tests;

public sealed class DiagAndAnalyzeTests : IDisposable
{
    private const string Password = "hunter2-Very-Secret";
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private static Dictionary<string, string> ReadBundle(string path)
    {
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        while (tar.GetNextEntry() is { } entry)
        {
            using var reader = new StreamReader(entry.DataStream!, Encoding.UTF8);
            entries[entry.Name] = reader.ReadToEnd();
        }

        return entries;
    }

    [Fact]
    public async Task DiagBundle_HoldsMaskedConfigAndCleanLogs_AndNoSecretsOrPhi()
    {
        var data = _dir.Path("data");
        var passwordFile = _dir.Write("etc/secrets/pw", Password + "\n");
        var config = _dir.Write("etc/edge.json", new JsonObject
        {
            ["Edge"] = new JsonObject
            {
                ["DataDirectory"] = data,
                ["Site"] = new JsonObject { ["Tenant"] = "acme", ["Site"] = "home-1", ["Gateway"] = "gw-1", ["Jurisdiction"] = "DE" },
                ["Uplink"] = new JsonObject { ["Host"] = "broker.example.net", ["Password"] = Password, ["PasswordFile"] = passwordFile },
                ["Patients"] = new JsonArray(new JsonObject
                {
                    ["Id"] = "pt-7f3a9c", ["Label"] = "Mrs Example",
                    ["Devices"] = new JsonArray(new JsonObject { ["Source"] = "A4:C1:38:12:34:56", ["DeviceId"] = "dev-1" }),
                }),
                ["Serial"] = new JsonObject { ["Ports"] = new JsonArray(new JsonObject { ["Path"] = "/dev/serial/by-id/usb-FTDI_SN998877-if00", ["Protocol"] = "Masimo" }) },
            },
        }.ToJsonString());
        _dir.Write("data/logs/edge-20260601.clef", string.Join('\n',
            """{"@t":"2026-06-01T10:00:00Z","@mt":"Paired {PatientId} at {Address}","PatientId":"pt-7f3a9c","Address":"A4:C1:38:12:34:56","EventId":{"Id":2001}}""",
            """{"@t":"2026-06-01T10:00:01Z","@mt":"Reading {Value}","Value":97,"Kind":"spo2"}""",
            """{"@t":"2026-06-01T10:00:02Z","@mt":"Uplink connected","Host":"broker.example.net"}""",
            "plain text line about A4:C1:38:12:34:56"));
        _dir.Write("data/outbox/segment-0001.db", "LITEDB pt-7f3a9c 97");
        _dir.Write("data/dead-letters.jsonl", "pt-7f3a9c");
        var bundle = _dir.Path("diag.tar.gz");

        var result = await Edgectl.RunWithAsync(null, _dir.Path("no.sock"), default, "diag", "bundle", "--config", config, "--output", bundle, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var entries = ReadBundle(bundle);
        Assert.Equal(["config.json", "logs/edge-20260601.clef", "manifest.json"], entries.Keys.Order().ToArray());
        var everything = string.Join('\n', entries.Values);
        Assert.DoesNotContain(Password, everything, StringComparison.Ordinal);
        Assert.DoesNotContain("pt-7f3a9c", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("Mrs Example", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("A4:C1:38", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("SN998877", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("\"Value\"", everything, StringComparison.Ordinal);
        Assert.Contains("Uplink connected", everything, StringComparison.Ordinal);
        using var masked = JsonDocument.Parse(entries["config.json"]);
        var uplink = masked.RootElement.GetProperty("Edge").GetProperty("Uplink");
        Assert.Equal("***", uplink.GetProperty("Password").GetString());
        Assert.Equal(passwordFile, uplink.GetProperty("PasswordFile").GetString());
        Assert.Equal("broker.example.net", uplink.GetProperty("Host").GetString());
        using var manifest = JsonDocument.Parse(entries["manifest.json"]);
        Assert.False(manifest.RootElement.GetProperty("gatewayAnswered").GetBoolean());
        Assert.Equal(1, manifest.RootElement.GetProperty("logFiles").GetInt32());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(bundle));
    }

    [Fact]
    public async Task DiagBundle_WithTheGatewayUp_IncludesItsDiagnosticsMaskedAgain()
    {
        await using var api = await FakeControlApi.StartAsync(_dir.Path("edge.sock"));
        api.Routes["GET /v1/diagnostics"] = (200, """{"versions":{"host":"1.2.3"},"metrics":{"sent":5},"config":{"Uplink":{"Password":"leaked-by-a-bug"}}}""");
        api.Routes["GET /v1/status"] = (200, FakeControlApi.Status());
        var bundle = _dir.Path("diag.tar.gz");

        var result = await Edgectl.RunWithAsync(null, api.SocketPath, default, "diag", "bundle", "--output", bundle);

        Assert.True(result.ExitCode == 0, result.ToString());
        var entries = ReadBundle(bundle);
        Assert.Contains("\"host\": \"1.2.3\"", entries["gateway/diagnostics.json"], StringComparison.Ordinal);
        Assert.DoesNotContain("leaked-by-a-bug", entries["gateway/diagnostics.json"], StringComparison.Ordinal);
        Assert.Contains("gateway/status.json", entries.Keys);
    }

    [Fact]
    public async Task DiagBundle_ExistingOutput_IsRefusedWithoutForce()
    {
        var bundle = _dir.Write("diag.tar.gz", "keep me");

        var result = await Edgectl.RunWithAsync(null, _dir.Path("no.sock"), default, "diag", "bundle", "--output", bundle);

        Assert.Equal(6, result.ExitCode);
        Assert.Equal("keep me", File.ReadAllText(bundle));
    }

    [Fact]
    public async Task Analyze_RunsTheOfflineEngine_AndStreamsJsonLinesEndingInASummary()
    {
        var lines = new StringBuilder();
        var start = new DateTimeOffset(2026, 1, 5, 8, 0, 0, TimeSpan.Zero);
        for (var minute = 0; minute < 30; minute++)
        {
            var t = start.AddMinutes(minute).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
            lines.Append(System.Globalization.CultureInfo.InvariantCulture, $"{{\"time\":\"{t}\",\"patient\":\"p-1\",\"device\":\"oxi-1\",\"kind\":\"spo2\",\"value\":{(minute < 20 ? 97 : 84)}}}\n");
            lines.Append(System.Globalization.CultureInfo.InvariantCulture, $"{{\"time\":\"{t}\",\"patient\":\"p-1\",\"device\":\"hr-1\",\"kind\":\"heart_rate\",\"value\":{(minute < 20 ? 72 : 135)}}}\n");
        }

        var file = _dir.Write("obs.jsonl", lines.ToString());

        var json = await Edgectl.RunAsync("analyze", file, "--json", "--no-model");
        var human = await Edgectl.RunAsync("analyze", file, "--no-model", "--output", _dir.Path("out.jsonl"));

        Assert.True(json.ExitCode == 0, json.ToString());
        var output = json.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        var summary = output[^1];
        Assert.Equal("summary", summary.GetProperty("type").GetString());
        Assert.Equal(60, summary.GetProperty("readings").GetInt32());
        Assert.True(summary.GetProperty("degraded").GetBoolean());
        Assert.Contains(output, l => l.GetProperty("type").GetString() == "news2");
        Assert.Equal(0, human.ExitCode);
        Assert.Contains("60 readings", human.Out, StringComparison.Ordinal);
        Assert.Contains("analytics degraded", human.Out, StringComparison.Ordinal);
        Assert.Equal(output.Count, File.ReadAllLines(_dir.Path("out.jsonl")).Length);
    }

    [Fact]
    public async Task Analyze_BadLines_AreNamedByLineNumber_AndExit4()
    {
        var file = _dir.Write("obs.jsonl", "{\"time\":\"2026-01-05T08:00:05Z\",\"patient\":\"p-1\",\"device\":\"d\",\"kind\":\"spo2\",\"value\":97}\nnot json\n{\"time\":\"x\"}\n");

        var result = await Edgectl.RunAsync("analyze", file, "--no-model");

        Assert.Equal(4, result.ExitCode);
        Assert.Contains("line 2:", result.Error, StringComparison.Ordinal);
        Assert.Contains("line 3:", result.Error, StringComparison.Ordinal);
        Assert.Contains("1 readings", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyze_MissingFile_IsExit4()
    {
        var result = await Edgectl.RunAsync("analyze", _dir.Path("absent.jsonl"));

        Assert.Equal(4, result.ExitCode);
        Assert.Contains("does not exist", result.Error, StringComparison.Ordinal);
    }
}
