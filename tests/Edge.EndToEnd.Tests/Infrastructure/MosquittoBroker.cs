using System.Globalization;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using MQTTnet;
using MQTTnet.Formatter;

namespace Edge.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A real Debian mosquitto for one test: password authentication (no anonymous clients), a plain and a TLS listener
/// on free loopback ports, persistence, and queues as deep as a slow cloud consumer needs. Everything (config,
/// password file, throwaway CA and server certificate, <c>mosquitto.db</c>, log) lives in a temporary folder that is
/// deleted on dispose.
/// </summary>
/// <remarks>
/// <para>Ports are chosen once and kept by <see cref="RestartAsync"/> and <see cref="StartAsync"/> after a stop or
/// kill, as are the data: a restarted broker is the same broker to its clients.</para>
/// <para>Not thread-safe: start, stop, kill and restart from the test's own flow.</para>
/// <para>mosquitto missing is an error naming <c>scripts/install-deps.sh</c>, never a skipped test.</para>
/// </remarks>
public sealed class MosquittoBroker : IAsyncDisposable
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);
    private readonly MosquittoBrokerOptions _options;
    private readonly string _mosquitto;
    private readonly TestPaths _paths;
    private readonly string _configPath;
    private X509Certificate2? _caCertificate;
    private ChildProcess? _process;
    private bool _startedOnce;

    /// <summary>Prepares a broker; nothing runs until <see cref="StartAsync"/>.</summary>
    /// <exception cref="InvalidOperationException">mosquitto is not installed.</exception>
    public MosquittoBroker(MosquittoBrokerOptions? options = null)
    {
        _options = options ?? new MosquittoBrokerOptions();
        _mosquitto = ExternalTool.Find("mosquitto", "mosquitto");
        _paths = new TestPaths("mosquitto");
        _configPath = _paths.Combine("mosquitto.conf");
        Username = _options.Username;
        Password = _options.Password ?? Convert.ToHexString(RandomNumberGenerator.GetBytes(12));
        CaCertPath = _paths.Combine("certs", "ca.crt");
        DataDirectory = _paths.Combine("data");
        LogPath = _paths.Combine("log", "mosquitto.log");
        PickPorts();
    }

    /// <summary>The address both listeners bind: <c>127.0.0.1</c>.</summary>
    public string Host { get; } = "127.0.0.1";

    /// <summary>The plain MQTT port.</summary>
    public int Port { get; private set; }

    /// <summary>The MQTT-over-TLS port (TLS 1.2+, server certificate for <c>localhost</c> and <c>127.0.0.1</c>).</summary>
    public int TlsPort { get; private set; }

    public string Username { get; }

    public string Password { get; }

    /// <summary>PEM file of the throwaway CA that issued the server certificate: the only thing a client should trust.</summary>
    public string CaCertPath { get; }

    /// <summary>The persistence folder; <c>mosquitto.db</c> appears there after the first save.</summary>
    public string DataDirectory { get; }

    /// <summary>mosquitto's own log file (connections, errors), kept across restarts.</summary>
    public string LogPath { get; }

    /// <summary>The broker's process id while it runs.</summary>
    public int? ProcessId => IsRunning ? _process!.Id : null;

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Creates and starts a broker, disposing it again if the start fails.</summary>
    public static async Task<MosquittoBroker> StartNewAsync(MosquittoBrokerOptions? options = null)
    {
        var broker = new MosquittoBroker(options);
        try
        {
            await broker.StartAsync();
            return broker;
        }
        catch
        {
            await broker.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts mosquitto and returns once both ports accept TCP connections.</summary>
    /// <exception cref="InvalidOperationException">It exited or did not listen within the timeout (default 15 s); the
    /// message holds its log.</exception>
    public async Task StartAsync(TimeSpan? timeout = null)
    {
        if (IsRunning)
        {
            throw new InvalidOperationException("The broker is already running.");
        }

        if (!_startedOnce && !File.Exists(_configPath))
        {
            await PrepareFilesAsync();
        }

        for (var attempt = 1; ; attempt++)
        {
            if (_process is not null)
            {
                await _process.DisposeAsync();
            }

            _process = ChildProcess.Start("mosquitto", _mosquitto, ["-c", _configPath], _paths.Root);
            var failure = await WaitUntilListeningAsync(timeout ?? DefaultTimeout);
            if (failure is null)
            {
                _startedOnce = true;
                return;
            }

            _process.Kill9();
            // Another process can grab a port between FreeTcpPort.Next and mosquitto's bind. Before the first
            // successful start nobody has seen the ports yet, so picking new ones is safe; afterwards it is not.
            if (!_startedOnce && attempt < 3 && failure.Contains("Address already in use", StringComparison.Ordinal))
            {
                PickPorts();
                WriteConfig();
                continue;
            }

            throw new InvalidOperationException($"mosquitto did not start: {failure}");
        }
    }

    /// <summary>
    /// SIGTERM, which makes mosquitto save its state to <c>mosquitto.db</c> and exit; waits for the exit.
    /// </summary>
    /// <exception cref="InvalidOperationException">It did not exit cleanly within the timeout (default 15 s) and was
    /// killed, so the state was not saved.</exception>
    public async Task StopAsync(TimeSpan? timeout = null)
    {
        if (!IsRunning)
        {
            return;
        }

        var exitCode = await _process!.StopAsync("TERM", timeout ?? DefaultTimeout);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"mosquitto exited with {exitCode} after SIGTERM.\n{Diagnostics()}");
        }
    }

    /// <summary>SIGKILL: a broker crash. State since the last autosave is lost. Waits for the exit.</summary>
    public async Task KillAsync()
    {
        if (!IsRunning)
        {
            return;
        }

        _process!.Kill9();
        await _process.WaitForExitAsync(DefaultTimeout);
    }

    /// <summary>A clean stop and a start on the same ports with the same data.</summary>
    public async Task RestartAsync(TimeSpan? timeout = null)
    {
        await StopAsync(timeout);
        await StartAsync(timeout);
    }

    /// <summary>
    /// Client options for this broker with its credentials, MQTT 5, and for <paramref name="useTls"/> the TLS port
    /// with the fixture CA as the only trusted root (target host <c>localhost</c>).
    /// </summary>
    public MqttClientOptionsBuilder ClientOptions(string clientId, bool useTls = false)
    {
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(Host, useTls ? TlsPort : Port)
            .WithCredentials(Username, Password)
            .WithClientId(clientId)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithTimeout(TimeSpan.FromSeconds(10));
        if (useTls)
        {
            _caCertificate ??= X509CertificateLoader.LoadCertificateFromFile(CaCertPath);
            var trusted = new X509Certificate2Collection(_caCertificate);
            builder = builder.WithTlsOptions(tls => tls.UseTls().WithTargetHost("localhost").WithTrustChain(trusted));
        }

        return builder;
    }

    /// <summary>The tail of mosquitto's log and its stdout/stderr, for failure messages.</summary>
    public string Diagnostics()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"--- {LogPath} (tail) ---");
        if (File.Exists(LogPath))
        {
            foreach (var line in File.ReadLines(LogPath).TakeLast(40))
            {
                text.AppendLine(line);
            }
        }

        return text.Append(_process?.Output.Dump() ?? "(never started)").ToString();
    }

    /// <summary>Kills the broker if it runs and deletes its folder.</summary>
    public async ValueTask DisposeAsync()
    {
        // No clean stop: the data is about to be deleted, and a kill cannot hang.
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        _caCertificate?.Dispose();
        _paths.Dispose();
    }

    private void PickPorts()
    {
        Port = FreeTcpPort.Next();
        do
        {
            TlsPort = FreeTcpPort.Next();
        }
        while (TlsPort == Port);
    }

    private async Task PrepareFilesAsync()
    {
        _paths.CreateDirectory("certs");
        _paths.CreateDirectory("data");
        _paths.CreateDirectory("log");
        using (var ca = new TestCertificateAuthority("Edge Test Broker CA"))
        {
            ca.WriteCertificatePem(CaCertPath);
            ca.IssueServerCertificate(_paths.Combine("certs", "server.crt"), _paths.Combine("certs", "server.key"));
        }

        // -c creates the file; -b takes the password from the command line (fine for a throwaway test secret).
        var passwordFile = _paths.Combine("passwd");
        await using var passwd = ChildProcess.Start(
            "mosquitto_passwd",
            ExternalTool.Find("mosquitto_passwd", "mosquitto"),
            ["-c", "-b", passwordFile, Username, Password]);
        if (await passwd.WaitForExitAsync(DefaultTimeout) != 0)
        {
            throw new InvalidOperationException($"mosquitto_passwd failed.\n{passwd.Output.Dump()}");
        }

        WriteConfig();
    }

    private void WriteConfig()
    {
        string[] lines =
        [
            "# Written by Edge.EndToEnd.Tests MosquittoBroker; one broker per test.",
            "per_listener_settings false",
            "allow_anonymous false",
            $"password_file {_paths.Combine("passwd")}",
            "persistence true",
            // The trailing slash matters: mosquitto appends the file name to this string.
            $"persistence_location {DataDirectory}/",
            $"autosave_interval {_options.AutosaveIntervalSeconds}",
            // 0 = unlimited. The default (1000) silently drops QoS 1 messages for a slow or offline subscriber.
            "max_queued_messages 0",
            "max_inflight_messages 100",
            $"log_dest file {LogPath}",
            "log_type error",
            "log_type warning",
            "log_type notice",
            "log_type information",
            "connection_messages true",
            // Started as root, mosquitto would drop to the 'mosquitto' user, which cannot write this root-owned folder.
            // As any other user this line has no effect.
            "user root",
            $"listener {Port} {Host}",
            $"listener {TlsPort} {Host}",
            $"cafile {CaCertPath}",
            $"certfile {_paths.Combine("certs", "server.crt")}",
            $"keyfile {_paths.Combine("certs", "server.key")}",
            "tls_version tlsv1.2",
            .. _options.ExtraConfigLines,
        ];
        File.WriteAllText(_configPath, string.Join('\n', lines) + "\n");
    }

    // Null when both listeners accept connections, else why not.
    private async Task<string?> WaitUntilListeningAsync(TimeSpan timeout)
    {
        var time = TimeProvider.System;
        var started = time.GetTimestamp();
        while (time.GetElapsedTime(started) < timeout)
        {
            if (_process!.HasExited)
            {
                await _process.WaitForExitAsync(DefaultTimeout);
                return $"it exited with code {_process.ExitCode}.\n{Diagnostics()}";
            }

            if (await AcceptsAsync(Port) && await AcceptsAsync(TlsPort))
            {
                return null;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), time);
        }

        return $"it did not listen on {Port} and {TlsPort} within {timeout.TotalSeconds:0.#} s.\n{Diagnostics()}";
    }

    private async Task<bool> AcceptsAsync(int port)
    {
        using var client = new TcpClient();
        using var timer = new CancellationTokenSource(TimeSpan.FromSeconds(1), TimeProvider.System);
        try
        {
            await client.ConnectAsync(Host, port, timer.Token);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (OperationCanceledException) when (timer.IsCancellationRequested)
        {
            return false;
        }
    }
}
