using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Edge.Host.Control;

/// <summary>
/// The control API's web server: one lean Kestrel (no MVC, routing core only) with two listeners, the Unix socket
/// for <c>edgectl</c> and, when <see cref="ControlOptions.LanUrl"/> is set, the LAN for the nurse page. It runs
/// beside the pipeline: handlers read in-memory state and the outbox's counters, never the store itself, and a
/// failure to start is logged while the gateway carries on collecting readings.
/// </summary>
public sealed class ControlServer : BackgroundService
{
    private const string SocketMarker = "edge.control.socket";
    private readonly ControlOptions _options;
    private readonly StatusQueries _status;
    private readonly DeviceDirectory _devices;
    private readonly PairingEndpoints _pairing;
    private readonly SessionGate _gate;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger<ControlServer> _logger;

    /// <summary>Creates the server; nothing listens before the host starts it.</summary>
    public ControlServer(
        IOptions<ControlOptions> options,
        StatusQueries status,
        DeviceDirectory devices,
        PairingEndpoints pairing,
        SessionGate gate,
        ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        (_options, _status, _devices, _pairing, _gate, _loggerFactory) = (options.Value, status, devices, pairing, gate, loggerFactory);
        _logger = loggerFactory.CreateLogger<ControlServer>();
    }

    /// <summary>The nurse page's URL once it listens (with the port actually bound), else null.</summary>
    public string? NurseUrl { get; private set; }

    /// <summary>The Unix socket's path once it listens, else null.</summary>
    public string? SocketPath { get; private set; }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Off the host's start path: the pipeline never waits for the web server (JIT of Kestrel is seconds on
        // a slow board or under qemu), and stopping is never held up by it either.
        await Task.Yield();
        var lan = string.IsNullOrEmpty(_options.LanUrl) ? null : LanEndpoint.TryParse(_options.LanUrl, out var e, out _) ? e : null;
        if (!_options.Enabled && lan is null)
        {
            return;
        }

        WebApplication app;
        try
        {
            WriteDemoPin();
            if (_options.Enabled)
            {
                await RemoveStaleSocketAsync(_options.SocketPath, stoppingToken);
            }

            app = Build(lan);
            await app.StartAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex) when (ex is IOException or SocketException or UnauthorizedAccessException or InvalidOperationException)
        {
            ControlLog.StartFailed(_logger, ex.GetType().Name, ex);
            return;
        }

        await using (app)
        {
            Announce(app, lan);
            try
            {
                await Task.Delay(Timeout.Infinite, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                // Stopping.
            }

            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await app.StopAsync(grace.Token);
            if (SocketPath is not null && File.Exists(SocketPath))
            {
                File.Delete(SocketPath);
            }
        }
    }

    private void Announce(WebApplication app, LanEndpoint? lan)
    {
        if (_options.Enabled && !OperatingSystem.IsWindows())
        {
            // Owner and group may connect; nobody else. Kestrel created the file with the umask's mode.
            File.SetUnixFileMode(_options.SocketPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite);
            SocketPath = _options.SocketPath;
            ControlLog.SocketListening(_logger, SocketPath);
        }

        if (lan is not null)
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            // The socket is listed too, as http://unix:/path (which a URI parser reads as port 80).
            var bound = addresses
                .Where(a => !a.Contains("unix:", StringComparison.Ordinal))
                .Select(a => Uri.TryCreate(a, UriKind.Absolute, out var u) ? u.Port : -1)
                .FirstOrDefault(p => p > 0);
            NurseUrl = lan.BrowserUrl(bound > 0 ? bound : lan.Port);
            ControlLog.LanListening(_logger, NurseUrl);
        }
    }

    private WebApplication Build(LanEndpoint? lan)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = "Edge.Host.Control" });
        // The gateway's own logging (Serilog, Microsoft.* at warning and above): no request lines, so no ids in logs.
        builder.Services.AddSingleton(_loggerFactory);
        builder.Services.AddRoutingCore();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = 16 * 1024;
            kestrel.Limits.MaxRequestHeadersTotalSize = 16 * 1024;
            kestrel.Limits.MaxConcurrentConnections = 64;
            kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(15);
            if (_options.Enabled)
            {
                kestrel.ListenUnixSocket(_options.SocketPath, listen => listen.Use(next => connection =>
                {
                    // The socket's file mode is the authentication: mark its connections as trusted.
                    connection.Items[SocketMarker] = true;
                    return next(connection);
                }));
            }

            if (lan is not null)
            {
                kestrel.Listen(lan.Address, lan.Port);
            }
        });

        var app = builder.Build();
        app.Use(GuardAsync);
        ControlRoutes.Map(app, _status, _devices, _pairing, _gate, IsSocket, _logger);
        return app;
    }

    /// <summary>LAN requests to /v1 need a session (except the login itself); the socket needs nothing.</summary>
    private async Task GuardAsync(HttpContext context, RequestDelegate next)
    {
        if (context.Request.Path.StartsWithSegments("/v1", StringComparison.Ordinal))
        {
            context.Response.Headers.CacheControl = "no-store";
            if (!IsSocket(context) && !context.Request.Path.Equals("/v1/session", StringComparison.Ordinal) && _gate.Authorise(context) is { } denied)
            {
                await denied.ExecuteAsync(context);
                return;
            }
        }

        await next(context);
    }

    /// <summary>Fails closed: only a connection Kestrel accepted on the Unix socket counts as one.</summary>
    private static bool IsSocket(HttpContext context) =>
        context.Features.Get<IConnectionItemsFeature>()?.Items.TryGetValue(SocketMarker, out var marked) == true && marked is true;

    private void WriteDemoPin()
    {
        if (string.IsNullOrEmpty(_options.DemoPin) || File.Exists(_options.PinFile) || OperatingSystem.IsWindows())
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(_options.PinFile)!);
        var temp = _options.PinFile + ".tmp";
        using (var stream = new FileStream(temp, new FileStreamOptions
        {
            Mode = FileMode.Create,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        }))
        using (var writer = new StreamWriter(stream))
        {
            // The fewest iterations allowed: the demo PIN guards nothing, and a slow board (or qemu) should not spend
            // seconds of CPU on it at start.
            writer.WriteLine(PinHash.Create(_options.DemoPin, PinHash.MinIterations).ToString());
        }

        File.Move(temp, _options.PinFile, overwrite: true);
        ControlLog.DemoPinWritten(_logger, _options.PinFile);
    }

    /// <summary>
    /// Removes a socket file left by a gateway that died (nobody answers on it); refuses to touch a folder, a file with
    /// content, or a socket another live process still answers on.
    /// </summary>
    private async Task RemoveStaleSocketAsync(string path, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var info = new FileInfo(path);
        if (!info.Exists && !Directory.Exists(path))
        {
            return;
        }

        // .NET has no file-type API: a socket has length 0, so anything with content (or a folder) is not ours.
        if (Directory.Exists(path) || info.Length > 0)
        {
            throw new IOException($"{path} exists and is not a socket; Edge:Control:SocketPath must name a free path.");
        }

        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await probe.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken);
        }
        catch (SocketException)
        {
            File.Delete(path);
            ControlLog.StaleSocketRemoved(_logger);
            return;
        }

        throw new IOException($"Another process is serving {path}; is a second gateway running?");
    }
}
