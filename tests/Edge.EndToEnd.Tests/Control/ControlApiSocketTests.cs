using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Edge.EndToEnd.Tests.Infrastructure;

namespace Edge.EndToEnd.Tests.Control;

/// <summary>
/// The control API over the real Unix socket of a real gateway process, with BLE on the BlueZ double: no PIN, the
/// whole pairing flow (passkey included), local addresses visible here only, and precise 4xx answers to bad input.
/// </summary>
[Collection(EndToEndGroup.Name)]
public sealed class ControlApiSocketTests
{
    private const string Strap = "AA:BB:CC:00:40:01";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Socket_PairWithPasskeyConfirmRebindUnpair_NoPinAndAddressesOnlyHere()
    {
        using var paths = new TestPaths();
        await using var ble = await BleDouble.StartAsync(paths);
        var (device, characteristic) = await ble.AddHeartRateStrapAsync(Strap, "HRM-Test");
        await ble.SetPairingAsync(device, "passkey", 123456);
        ble.StartHeartRate(characteristic, 85);
        await using var gateway = await ControlGateway.StartAsync(paths, ble);
        using var http = gateway.SocketClient();

        // File permissions are the authentication: owner and group only.
        Assert.Equal(
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite,
            File.GetUnixFileMode(gateway.SocketPath));

        var status = await JsonAsync(http, "v1/status");
        Assert.False(status.GetProperty("pairing").GetProperty("active").GetBoolean());
        Assert.Equal(5, status.GetProperty("backlog").GetArrayLength());
        Assert.Equal(0, (await JsonAsync(http, "v1/pairing/candidates")).GetArrayLength()); // closed window: none

        using (var start = await http.PostAsync("v1/pairing/start", Json("""{"seconds":60}""")))
        {
            Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
            var body = await start.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(body.GetProperty("active").GetBoolean());
            Assert.InRange(body.GetProperty("secondsLeft").GetInt32(), 55, 60);
        }

        var candidate = await EventuallyAsync(async () => (await JsonAsync(http, "v1/pairing/candidates")).EnumerateArray().FirstOrDefault(), c => c.ValueKind == JsonValueKind.Object, "a candidate");
        Assert.Equal("heart-rate", candidate.GetProperty("kind").GetString());
        Assert.Equal("HRM-Test", candidate.GetProperty("name").GetString());
        Assert.Equal(-70, candidate.GetProperty("rssi").GetInt32());
        Assert.False(candidate.GetProperty("needsPasskey").GetBoolean());
        var candidateId = candidate.GetProperty("candidateId").GetString()!;
        Assert.DoesNotContain("AA:BB", candidateId, StringComparison.OrdinalIgnoreCase);

        // No passkey: the device asks for one; a wrong one is refused; the right one pairs.
        var none = await PostAsync(http, "v1/pairing/pair", $$"""{"candidateId":"{{candidateId}}","patientId":"{{ControlGateway.PatientA}}"}""");
        Assert.Equal((HttpStatusCode.Conflict, "passkey-required"), (none.Status, none.Body.GetProperty("error").GetString()));
        Assert.True((await JsonAsync(http, "v1/pairing/candidates"))[0].GetProperty("needsPasskey").GetBoolean());
        var wrong = await PostAsync(http, "v1/pairing/pair", $$"""{"candidateId":"{{candidateId}}","patientId":"{{ControlGateway.PatientA}}","passkey":"654321"}""");
        Assert.Equal((HttpStatusCode.Conflict, "pairing-failed"), (wrong.Status, wrong.Body.GetProperty("error").GetString()));
        var paired = await PostAsync(http, "v1/pairing/pair", $$"""{"candidateId":"{{candidateId}}","patientId":"{{ControlGateway.PatientA}}","passkey":"123456"}""");
        Assert.Equal(HttpStatusCode.OK, paired.Status);
        var deviceId = paired.Body.GetProperty("deviceId").GetString()!;
        Assert.Matches("^ble-[0-9a-f]{32}$", deviceId);

        var confirmation = await JsonAsync(http, $"v1/pairing/confirmation/{deviceId}?timeoutSeconds=30");
        Assert.True(confirmation.GetProperty("confirmed").GetBoolean());
        Assert.Equal("heart-rate", confirmation.GetProperty("vital").GetString());
        Assert.Equal(85, confirmation.GetProperty("value").GetDouble());
        Assert.Equal("/min", confirmation.GetProperty("unit").GetString());
        Assert.Equal("85 bpm received", confirmation.GetProperty("display").GetString());

        var tile = await EventuallyAsync(async () => Device(await JsonAsync(http, "v1/devices"), deviceId), d => d?.GetProperty("link").GetString() == "connected", "the link connected");
        Assert.Equal(Strap, tile!.Value.GetProperty("address").GetString()); // the socket may see the address
        Assert.Equal(("ble", "heart-rate", ControlGateway.PatientA, ControlGateway.LabelA), (tile.Value.GetProperty("transport").GetString(), tile.Value.GetProperty("kind").GetString(), tile.Value.GetProperty("patientId").GetString(), tile.Value.GetProperty("patientLabel").GetString()));
        Assert.InRange(tile.Value.GetProperty("lastReadingAgeSeconds").GetInt64(), 0, 10);

        // Already paired: a second pair of the same device is a conflict, not a second binding.
        var again = await PostAsync(http, "v1/pairing/pair", $$"""{"candidateId":"{{candidateId}}","patientId":"{{ControlGateway.PatientA}}"}""");
        Assert.Equal(HttpStatusCode.Conflict, again.Status);

        var rebind = await PostAsync(http, $"v1/patients/{ControlGateway.PatientB}/bind", $$"""{"deviceId":"{{deviceId}}"}""");
        Assert.Equal(HttpStatusCode.OK, rebind.Status);
        Assert.Equal(ControlGateway.PatientB, Device(await JsonAsync(http, "v1/devices"), deviceId)!.Value.GetProperty("patientId").GetString());

        using (var stop = await http.PostAsync("v1/pairing/stop", null))
        {
            Assert.Equal(HttpStatusCode.OK, stop.StatusCode);
        }

        Assert.False((await JsonAsync(http, "v1/status")).GetProperty("pairing").GetProperty("active").GetBoolean());

        using (var unpair = await http.DeleteAsync($"v1/devices/{deviceId}"))
        {
            Assert.Equal(HttpStatusCode.OK, unpair.StatusCode);
        }

        Assert.Null(Device(await JsonAsync(http, "v1/devices"), deviceId));
        Assert.Equal(1, await ble.CallCountAsync("/org/bluez/hci0", "RemoveDevice")); // BlueZ forgot the keys
        using (var twice = await http.DeleteAsync($"v1/devices/{deviceId}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, twice.StatusCode);
        }

        // Nothing to log in to on the socket.
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(http, "v1/session", """{"pin":"246810"}""")).Status);
        var audit = await File.ReadAllTextAsync(paths.Combine("data", "ble", "pairing-audit.jsonl"));
        Assert.DoesNotContain("AA:BB:CC", audit, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("123456", audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Socket_StaleSocketFileReplaced_BadInputGets400Or404WithThePreciseProblem()
    {
        using var paths = new TestPaths();
        await using var ble = await BleDouble.StartAsync(paths);
        // A gateway killed with -9 leaves its socket file behind and nobody answers on it. (.NET unlinks the sockets
        // it binds when they are disposed, so another process makes the stale one.)
        var socketPath = paths.Combine("data", "edge.sock");
        paths.CreateDirectory("data");
        using (var python = System.Diagnostics.Process.Start("/usr/bin/python3", ["-c", "import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])", socketPath]))
        {
            await python.WaitForExitAsync();
        }

        Assert.True(File.Exists(socketPath));
        await using var gateway = await ControlGateway.StartAsync(paths, ble);
        Assert.Contains(gateway.Process.Output, l => l.Contains("Removed a stale control socket file", StringComparison.Ordinal));
        using var http = gateway.SocketClient();

        var cases = new (string Path, string Body, HttpStatusCode Status, string Message)[]
        {
            ("v1/pairing/pair", """{"candidateId":"c","patientId":""", HttpStatusCode.BadRequest, "not valid JSON (line 1, byte"),
            ("v1/pairing/pair", """{"candidateId":7,"patientId":"p"}""", HttpStatusCode.BadRequest, "Field 'candidateId' has the wrong type"),
            ("v1/pairing/pair", """{"candidateId":"c","patientId":"p","pin":"1"}""", HttpStatusCode.BadRequest, "Field 'pin' is not part of this request"),
            ("v1/pairing/pair", """{"candidateId":"c"}""", HttpStatusCode.BadRequest, "Field 'patientId' is required"),
            ("v1/pairing/pair", "", HttpStatusCode.BadRequest, "The request body is empty"),
            ("v1/pairing/pair", """{"candidateId":"c","patientId":"p","passkey":"12ab56"}""", HttpStatusCode.BadRequest, "six digits"),
            ("v1/pairing/pair", """{"candidateId":"c","patientId":"nobody"}""", HttpStatusCode.NotFound, "No patient on the roster"),
            ("v1/pairing/pair", $$"""{"candidateId":"c","patientId":"{{ControlGateway.PatientA}}"}""", HttpStatusCode.Conflict, "pairing window is closed"),
            ("v1/pairing/start", """{"seconds":5}""", HttpStatusCode.BadRequest, "Field 'seconds' must be from 10 to"),
            ("v1/pairing/start", "[1]", HttpStatusCode.BadRequest, "must be a JSON object"),
            ("v1/patients/pt-ctl-0001/bind", """{"deviceId":"ble-0"}""", HttpStatusCode.NotFound, "No paired device"),
            ("v1/pairing/pair", $$"""{"candidateId":"{{new string('c', 20_000)}}","patientId":"p"}""", HttpStatusCode.BadRequest, "larger than 16 KiB"),
        };
        foreach (var (path, body, expected, message) in cases)
        {
            var (status, json) = await PostAsync(http, path, body);
            Assert.True(expected == status, $"{path} {body}: {status} {json}");
            Assert.Contains(message, json.GetProperty("message").GetString(), StringComparison.Ordinal);
            Assert.False(string.IsNullOrEmpty(json.GetProperty("fix").GetString()));
        }

        using var timeout = await http.GetAsync("v1/pairing/confirmation/ble-0?timeoutSeconds=abc");
        Assert.Equal(HttpStatusCode.BadRequest, timeout.StatusCode);
        using var limit = await http.GetAsync("v1/alerts?limit=0");
        Assert.Equal(HttpStatusCode.BadRequest, limit.StatusCode);
        using var unknown = await http.GetAsync("v1/pairing/confirmation/ble-0");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using var nowhere = await http.GetAsync("v1/nowhere");
        Assert.Equal(HttpStatusCode.NotFound, nowhere.StatusCode);
        Assert.Equal(2, (await JsonAsync(http, "v1/patients")).GetArrayLength());
        var diagnostics = await JsonAsync(http, "v1/diagnostics");
        Assert.Equal("***", diagnostics.GetProperty("config").GetProperty("Edge:Patients:0:Label").GetString());
        Assert.True(diagnostics.GetProperty("metrics").TryGetProperty("stored", out _));
    }

    internal static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    internal static async Task<JsonElement> JsonAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    internal static async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(HttpClient http, string path, string body)
    {
        using var response = await http.PostAsync(path, Json(body));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    internal static JsonElement? Device(JsonElement devices, string deviceId) =>
        devices.EnumerateArray().Where(d => d.GetProperty("deviceId").GetString() == deviceId).Select(d => (JsonElement?)d).FirstOrDefault();

    internal static async Task<T> EventuallyAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what)
    {
        var start = TimeProvider.System.GetTimestamp();
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }

            if (TimeProvider.System.GetElapsedTime(start) > Patience)
            {
                throw new TimeoutException($"Waited {Patience.TotalSeconds} s for {what}; last: {value}");
            }

            await Task.Delay(200);
        }
    }
}
