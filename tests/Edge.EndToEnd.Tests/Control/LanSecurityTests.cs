using System.Net;
using System.Text.Json;
using Edge.EndToEnd.Tests.Infrastructure;

namespace Edge.EndToEnd.Tests.Control;

/// <summary>
/// The LAN side of the control API on a real gateway process: nothing but the page and the login without a session,
/// no PHI before login, the cookie's flags, PIN attempts limited per address, and never an address or device path.
/// </summary>
[Collection(EndToEndGroup.Name)]
public sealed class LanSecurityTests
{
    private static readonly string[] Endpoints =
    [
        "v1/status", "v1/devices", "v1/patients", "v1/alerts", "v1/diagnostics", "v1/pairing/candidates", "v1/pairing/confirmation/ble-0",
    ];

    [Fact]
    public async Task Lan_WithoutSessionEverythingIs401_LoggedInTheDevicesStillCarryNoAddress()
    {
        using var paths = new TestPaths();
        await using var ble = await BleDouble.StartAsync(paths);
        await using var gateway = await ControlGateway.StartAsync(paths, ble);
        using var lan = gateway.LanClient();

        foreach (var path in Endpoints)
        {
            using var response = await lan.GetAsync(path);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{path}: {(int)response.StatusCode} {body}");
            Assert.Equal("no-session", JsonDocument.Parse(body).RootElement.GetProperty("error").GetString());
            Assert.DoesNotContain(ControlGateway.PatientA, body, StringComparison.Ordinal);
            Assert.DoesNotContain(ControlGateway.LabelA, body, StringComparison.Ordinal);
            Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        }

        foreach (var (method, path) in new[] { (HttpMethod.Post, "v1/pairing/start"), (HttpMethod.Post, "v1/pairing/pair"), (HttpMethod.Delete, "v1/devices/ble-0"), (HttpMethod.Post, "v1/patients/pt-ctl-0001/bind") })
        {
            using var request = new HttpRequestMessage(method, path) { Content = ControlApiSocketTests.Json("{}") };
            using var response = await lan.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path}: {(int)response.StatusCode}");
        }

        // The page itself is public and holds nothing but the app; it forbids framing and foreign scripts.
        using (var page = await lan.GetAsync(""))
        {
            var html = await page.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("Site PIN", html, StringComparison.Ordinal);
            Assert.DoesNotContain(ControlGateway.LabelA, html, StringComparison.Ordinal);
            Assert.Contains("frame-ancestors 'none'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        }

        // Log in: an HttpOnly, SameSite=Strict session cookie.
        using (var login = await lan.PostAsync("v1/session", ControlApiSocketTests.Json($$"""{"pin":"{{ControlGateway.Pin}}"}""")))
        {
            Assert.Equal(HttpStatusCode.NoContent, login.StatusCode);
            var cookie = login.Headers.GetValues("Set-Cookie").Single();
            Assert.StartsWith("edge_session=", cookie, StringComparison.Ordinal);
            Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.Matches("^edge_session=[A-Za-z0-9_-]{43};", cookie); // 256 random bits
        }

        // Pair through the socket, then look from the LAN: the same device, without its address.
        var (device, characteristic) = await ble.AddHeartRateStrapAsync("AA:BB:CC:00:60:01", "HRM<script>\u00e9/../x");
        ble.StartHeartRate(characteristic, 72);
        using var socket = gateway.SocketClient();
        using (await socket.PostAsync("v1/pairing/start", null))
        {
        }

        var candidates = await ControlApiSocketTests.EventuallyAsync(() => ControlApiSocketTests.JsonAsync(lan, "v1/pairing/candidates"), c => c.GetArrayLength() == 1, "a candidate on the LAN");
        Assert.Equal("HRM_script___.._x", candidates[0].GetProperty("name").GetString()); // hostile advertised name, made safe
        var paired = await ControlApiSocketTests.PostAsync(lan, "v1/pairing/pair", $$"""{"candidateId":"{{candidates[0].GetProperty("candidateId").GetString()}}","patientId":"{{ControlGateway.PatientB}}"}""");
        Assert.Equal(HttpStatusCode.OK, paired.Status);
        var deviceId = paired.Body.GetProperty("deviceId").GetString()!;
        await ControlApiSocketTests.EventuallyAsync(() => ControlApiSocketTests.JsonAsync(lan, "v1/devices"), d => ControlApiSocketTests.Device(d, deviceId)?.GetProperty("link").GetString() == "connected", "connected on the LAN");
        foreach (var path in Endpoints.Take(5))
        {
            var text = (await ControlApiSocketTests.JsonAsync(lan, path)).GetRawText();
            Assert.DoesNotContain("AA:BB:CC", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("/org/bluez", text, StringComparison.Ordinal);
            Assert.DoesNotContain("\"address\"", text, StringComparison.Ordinal);
        }

        Assert.Equal("AA:BB:CC:00:60:01", ControlApiSocketTests.Device(await ControlApiSocketTests.JsonAsync(socket, "v1/devices"), deviceId)!.Value.GetProperty("address").GetString());
        Assert.NotEmpty(device);

        // Logged out: the cookie no longer opens anything.
        using (var logout = await lan.DeleteAsync("v1/session"))
        {
            Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        }

        using var after = await lan.GetAsync("v1/devices");
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task Lan_FiveWrongPins_Then429WithRetryAfter_EvenForTheRightPin_AndTheLogsHoldNoPin()
    {
        using var paths = new TestPaths();
        await using var gateway = await ControlGateway.StartAsync(paths, ble: null);
        using var lan = gateway.LanClient();

        var bad = await ControlApiSocketTests.PostAsync(lan, "v1/session", """{"pin":123}""");
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
        Assert.Equal("Field 'pin' has the wrong type (line 1, byte 11).", bad.Body.GetProperty("message").GetString());

        for (var i = 0; i < 5; i++)
        {
            var wrong = await ControlApiSocketTests.PostAsync(lan, "v1/session", """{"pin":"135790"}""");
            Assert.Equal((HttpStatusCode.Unauthorized, "wrong-pin"), (wrong.Status, wrong.Body.GetProperty("error").GetString()));
        }

        using var limited = await lan.PostAsync("v1/session", ControlApiSocketTests.Json($$"""{"pin":"{{ControlGateway.Pin}}"}"""));
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.InRange(limited.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 250, 300);
        Assert.False(limited.Headers.Contains("Set-Cookie"));

        // The socket is not rate-limited and needs no PIN.
        using var socket = gateway.SocketClient();
        Assert.Equal("gw-0001", (await ControlApiSocketTests.JsonAsync(socket, "v1/status")).GetProperty("gatewayId").GetString());

        await gateway.Process.StopAsync();
        var logs = string.Join('\n', Directory.GetFiles(paths.Combine("data", "logs")).Select(File.ReadAllText)) + string.Join('\n', gateway.Process.Output);
        Assert.Contains("Wrong PIN on the nurse page", logs, StringComparison.Ordinal);
        Assert.Contains("rate-limited", logs, StringComparison.Ordinal);
        Assert.DoesNotContain("135790", logs, StringComparison.Ordinal);
        Assert.DoesNotContain(ControlGateway.Pin, logs, StringComparison.Ordinal);
    }
}
