using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Edge.EndToEnd.Tests.Infrastructure;
using Edge.Host.Control;

namespace Edge.EndToEnd.Tests.Control;

/// <summary>
/// The real gateway as a process, set up for the control API: BLE on a <see cref="BleDouble"/>'s bus, the LAN page
/// on a free loopback port, the Unix socket in its data directory, a site PIN file, a roster of two synthetic
/// patients with no configured devices, and the in-process demo broker as its cloud (these tests are about the
/// control plane, not delivery).
/// </summary>
internal sealed partial class ControlGateway : IAsyncDisposable
{
    public const string Pin = "246810";
    public const string PatientA = "pt-ctl-0001";
    public const string PatientB = "pt-ctl-0002";
    public const string LabelA = "Synthetic patient A";
    public const string LabelB = "Synthetic patient B";

    private ControlGateway(GatewayProcess process, string socketPath, Uri lan)
    {
        (Process, SocketPath, Lan) = (process, socketPath, lan);
    }

    public GatewayProcess Process { get; }

    public string SocketPath { get; }

    /// <summary>The nurse page's base URL, as the gateway printed it.</summary>
    public Uri Lan { get; }

    /// <summary>Writes the config (and the PIN file unless <paramref name="withPin"/> is false) and starts the gateway.</summary>
    public static async Task<ControlGateway> StartAsync(TestPaths paths, BleDouble? ble, bool withPin = true)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var pinFile = paths.Combine("secrets", "pin");
        if (withPin)
        {
            paths.WriteFile("secrets/pin", PinHash.Create(Pin).ToString() + "\n");
            File.SetUnixFileMode(pinFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        var port = FreeTcpPort.Next();
        var config = new JsonObject
        {
            ["Edge"] = new JsonObject
            {
                ["DataDirectory"] = paths.Combine("data"),
                ["ClockTrust"] = "trusted",
                ["ConsoleView"] = true,
                ["Simulator"] = new JsonObject { ["Enabled"] = false },
                ["DemoBroker"] = new JsonObject { ["Enabled"] = true, ["Port"] = port },
                ["Uplink"] = new JsonObject { ["Host"] = "127.0.0.1", ["Port"] = port, ["UseTls"] = false },
                // The demo's policy ships in the host; these tests are about the control plane, not residency.
                ["Residency"] = new JsonObject { ["PolicyFile"] = "embedded:residency.demo.json" },
                ["Control"] = new JsonObject { ["LanUrl"] = "http://127.0.0.1:0", ["PinFile"] = pinFile },
                ["Ble"] = new JsonObject
                {
                    ["Enabled"] = ble is not null,
                    ["BusAddress"] = ble?.Address ?? "unix:path=/nonexistent",
                    ["BackoffBaseMs"] = 50,
                    ["BackoffCapMs"] = 500,
                    ["ConnectTimeoutMs"] = 5000,
                    ["ResolveTimeoutMs"] = 5000,
                },
                ["Patients"] = new JsonArray(
                    new JsonObject { ["Id"] = PatientA, ["Label"] = LabelA },
                    new JsonObject { ["Id"] = PatientB, ["Label"] = LabelB }),
            },
        };
        var configPath = paths.WriteFile("edge.json", config.ToJsonString());
        var process = GatewayProcess.Start(configPath, paths.Root);
        try
        {
            var lan = await process.WaitForOutputAsync(l => l.Contains("Nurse page listening on ", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
            await process.WaitForOutputAsync(l => l.Contains("Control API on unix socket", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
            return new ControlGateway(process, paths.Combine("data", "edge.sock"), new Uri(UrlIn().Match(lan).Value));
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    /// <summary>An HttpClient that talks HTTP over the gateway's Unix socket (the host part of URLs is ignored).</summary>
    public HttpClient SocketClient() => UnixSocketHttp.Create(SocketPath);

    /// <summary>An HttpClient for the LAN page with its own cookie jar.</summary>
    public HttpClient LanClient() => new(new SocketsHttpHandler { CookieContainer = new CookieContainer(), UseCookies = true }) { BaseAddress = Lan };

    public async ValueTask DisposeAsync()
    {
        await Process.StopAsync();
        await Process.DisposeAsync();
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+/")]
    private static partial Regex UrlIn();
}

/// <summary>HTTP over a Unix domain socket, as edgectl does it.</summary>
internal static class UnixSocketHttp
{
    public static HttpClient Create(string socketPath) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (_, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    })
    {
        BaseAddress = new Uri("http://edge.sock/"),
    };
}
