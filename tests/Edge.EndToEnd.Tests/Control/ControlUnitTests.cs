using System.Net;
using Edge.Host.Control;
using Microsoft.Extensions.Time.Testing;

namespace Edge.EndToEnd.Tests.Control;

/// <summary>The control API's pure parts: PIN hash, attempt limiter, sessions, name sanitiser, LAN URL, masking.</summary>
public sealed class ControlUnitTests
{
    private static readonly IPAddress Nurse = IPAddress.Parse("192.168.1.20");
    private static readonly IPAddress Other = IPAddress.Parse("192.168.1.21");

    [Fact]
    public void PinHash_RoundTripsThroughItsStoredForm_AndVerifiesOnlyThePin()
    {
        var hash = PinHash.Create("246810", PinHash.MinIterations);
        Assert.Matches(@"^pbkdf2-sha256\$10000\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$", hash.ToString());
        Assert.True(PinHash.TryParse(hash + "\n", out var parsed, out _));
        Assert.True(parsed.Verify("246810"));
        Assert.False(parsed.Verify("246811"));
        Assert.False(parsed.Verify(""));
        Assert.NotEqual(hash.ToString(), PinHash.Create("246810", PinHash.MinIterations).ToString()); // fresh salt
    }

    [Fact]
    public void PinHash_KnownVector_MatchesPbkdf2Sha256()
    {
        // The stored form is plain PBKDF2-HMAC-SHA256, as edgectl writes it: a hash derived independently verifies.
        var salt = Convert.FromBase64String("c2FsdHNhbHRzYWx0c2FsdA==");
        var derived = System.Security.Cryptography.Rfc2898DeriveBytes.Pbkdf2("135790"u8.ToArray(), salt, 10_000, System.Security.Cryptography.HashAlgorithmName.SHA256, 32);
        Assert.True(PinHash.TryParse($"pbkdf2-sha256$10000${Convert.ToBase64String(salt)}${Convert.ToBase64String(derived)}", out var hash, out _));
        Assert.True(hash.Verify("135790"));
    }

    [Theory]
    [InlineData("", "not in the form")]
    [InlineData("sha1$10000$c2FsdHNhbHQ=$aGFzaGhhc2hoYXNoaGFzaA==", "not in the form")]
    [InlineData("pbkdf2-sha256$99$c2FsdHNhbHQ=$aGFzaGhhc2hoYXNoaGFzaA==", "iterations")]
    [InlineData("pbkdf2-sha256$99999999999$c2FsdHNhbHQ=$aGFzaGhhc2hoYXNoaGFzaA==", "iterations")]
    [InlineData("pbkdf2-sha256$10000$!!$aGFzaGhhc2hoYXNoaGFzaA==", "base64")]
    [InlineData("pbkdf2-sha256$10000$c2FsdHNhbHQ=$aGFzaA==", "base64")]
    public void PinHash_DamagedFile_IsRefusedWithoutEchoingIt(string text, string problem)
    {
        Assert.False(PinHash.TryParse(text, out _, out var message));
        Assert.Contains(problem, message, StringComparison.Ordinal);
        Assert.DoesNotContain("c2FsdHNhbHQ", message, StringComparison.Ordinal);
    }

    [Fact]
    public void RateLimiter_FiveFailuresInTheWindow_BlockThatAddressOnly_UntilTheOldestLeaves()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var limiter = new LoginRateLimiter(5, TimeSpan.FromMinutes(5), time);
        for (var i = 0; i < 5; i++)
        {
            Assert.True(limiter.TryAcquire(Nurse, out _));
            Assert.Equal(i + 1, limiter.Failed(Nurse));
            time.Advance(TimeSpan.FromSeconds(10));
        }

        Assert.False(limiter.TryAcquire(Nurse, out var retry));
        Assert.Equal(TimeSpan.FromSeconds(250), retry); // the first failure leaves the window at 300 s
        Assert.True(limiter.TryAcquire(Other, out _));
        time.Advance(TimeSpan.FromSeconds(249));
        Assert.False(limiter.TryAcquire(Nurse, out _));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(limiter.TryAcquire(Nurse, out _));
    }

    [Fact]
    public void RateLimiter_ASuccess_ClearsTheAddress()
    {
        var time = new FakeTimeProvider();
        var limiter = new LoginRateLimiter(2, TimeSpan.FromMinutes(5), time);
        limiter.Failed(Nurse);
        limiter.Succeeded(Nurse);
        limiter.Failed(Nurse);
        Assert.True(limiter.TryAcquire(Nurse, out _));
        limiter.Failed(Nurse);
        Assert.False(limiter.TryAcquire(Nurse, out _));
    }

    [Fact]
    public void RateLimiter_ManyAddresses_StaysBounded()
    {
        var limiter = new LoginRateLimiter(1, TimeSpan.FromMinutes(5), new FakeTimeProvider());
        for (var i = 0; i < LoginRateLimiter.MaxAddresses + 10; i++)
        {
            limiter.Failed(new IPAddress(BitConverter.GetBytes(i)));
        }

        // The stalest were forgotten, the newest are still blocked.
        Assert.True(limiter.TryAcquire(new IPAddress(BitConverter.GetBytes(0)), out _));
        Assert.False(limiter.TryAcquire(new IPAddress(BitConverter.GetBytes(LoginRateLimiter.MaxAddresses + 9)), out _));
    }

    [Fact]
    public void Sessions_ExpireAfterIdleTime_AndEachRequestRestartsIt()
    {
        var time = new FakeTimeProvider();
        var sessions = new SessionStore(TimeSpan.FromHours(12), time);
        var token = sessions.Create();
        Assert.Matches("^[A-Za-z0-9_-]{43}$", token);
        time.Advance(TimeSpan.FromHours(11));
        Assert.True(sessions.Touch(token));
        time.Advance(TimeSpan.FromHours(11));
        Assert.True(sessions.Touch(token));
        time.Advance(TimeSpan.FromHours(12));
        Assert.False(sessions.Touch(token));
        Assert.False(sessions.Touch(token + "x"));
        Assert.False(sessions.Touch(null));
        var other = sessions.Create();
        sessions.End(other);
        Assert.False(sessions.Touch(other));
    }

    [Theory]
    [InlineData("HRM-Test", "HRM-Test")]
    [InlineData("Polar H10 12345678", "Polar H10 12345678")]
    [InlineData("<img src=x onerror=alert(1)>", "_img src_x onerror_alert_1__")]
    [InlineData("edge/v1/#/+", "edge_v1____")]
    [InlineData("Ω-cuff\u0000\n", "_-cuff__")]
    [InlineData("0123456789012345678901234567890123456789", "01234567890123456789012345678901")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void CandidateNames_KeepOnlySafeCharacters_AndAtMost32(string? advertised, string expected) =>
        Assert.Equal(expected, CandidateNames.Sanitise(advertised));

    [Theory]
    [InlineData("http://0.0.0.0:8080", "0.0.0.0", 8080)]
    [InlineData("http://127.0.0.1:0", "127.0.0.1", 0)]
    [InlineData("http://*:8080/", "0.0.0.0", 8080)]
    [InlineData("http://localhost:9000", "127.0.0.1", 9000)]
    [InlineData("http://[::1]:8080", "::1", 8080)]
    public void LanEndpoint_ParsesPlainHttpAddressAndPort(string url, string address, int port)
    {
        Assert.True(LanEndpoint.TryParse(url, out var endpoint, out _));
        Assert.Equal((IPAddress.Parse(address), port), (endpoint.Address, endpoint.Port));
    }

    [Theory]
    [InlineData("https://0.0.0.0:8443")]
    [InlineData("http://gateway.local:8080")]
    [InlineData("http://0.0.0.0")]
    [InlineData("http://0.0.0.0:8080/page")]
    [InlineData("http://0.0.0.0:70000")]
    public void LanEndpoint_RefusesWhatKestrelCouldNotBindPlainly(string url) =>
        Assert.False(LanEndpoint.TryParse(url, out _, out _));

    [Theory]
    [InlineData("Edge:Uplink:PasswordFile", "/etc/edge/secrets/mqtt", "/etc/edge/secrets/mqtt")]
    [InlineData("Edge:Uplink:Password", "hunter2", "***")]
    [InlineData("Edge:IotHub:SharedAccessKey", "abc=", "***")]
    [InlineData("Edge:Control:DemoPin", "246810", "***")]
    [InlineData("Edge:Patients:0:Label", "Room 3", "***")]
    [InlineData("Edge:Patients:0:Devices:0:Source", "whatever", "***")]
    [InlineData("Edge:Ble:Devices:0", "A4:C1:38:12:34:56", "***")]
    [InlineData("Edge:Serial:Ports:0:Path", "/dev/serial/by-id/usb-Masimo-if00", "***")]
    [InlineData("Edge:Uplink:Host", "user:pw@broker", "***")]
    [InlineData("Edge:Uplink:Host", "broker.example.net", "broker.example.net")]
    [InlineData("Edge:Board:LedPin", "17", "17")]
    [InlineData("Edge:Site:Gateway", "gw-0001", "gw-0001")]
    public void Diagnostics_MaskSecretsLabelsAndHardwareIds(string key, string value, string shown) =>
        Assert.Equal(shown, StatusQueries.Mask(key, value));
}
