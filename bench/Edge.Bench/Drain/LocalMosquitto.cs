using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Edge.Bench.Drain;

/// <summary>
/// A private mosquitto for the bench on a free loopback port: anonymous, no persistence (the bench measures the
/// gateway's store, not the broker's), <c>max_queued_messages 0</c> so a slow counting subscriber never makes the broker
/// drop. Stopped by its own PID on dispose.
/// </summary>
internal sealed class LocalMosquitto : IDisposable
{
    private readonly Process _process;

    private LocalMosquitto(Process process, int port, string logPath)
    {
        _process = process;
        Port = port;
        LogPath = logPath;
    }

    public string Host => "127.0.0.1";

    public int Port { get; }

    public string LogPath { get; }

    public int ProcessId => _process.Id;

    public static async Task<LocalMosquitto> StartAsync(string directory)
    {
        Directory.CreateDirectory(directory);
        var port = FreePort();
        var logPath = Path.Combine(directory, "mosquitto.log");
        var config = Path.Combine(directory, "mosquitto.conf");
        string[] lines =
        [
            "per_listener_settings false",
            "allow_anonymous true",
            "persistence false",
            // 0 = unlimited: mosquitto's default of 1000 drops QoS 1 messages for a subscriber that falls behind.
            "max_queued_messages 0",
            "max_inflight_messages 100",
            $"log_dest file {logPath}",
            "log_type error",
            "log_type warning",
            "log_type notice",
            "log_type subscribe",
            "connection_messages true",
            // Started as root, mosquitto would otherwise switch to the 'mosquitto' user and fail to open the log.
            "user root",
            string.Create(CultureInfo.InvariantCulture, $"listener {port} 127.0.0.1"),
        ];
        await File.WriteAllTextAsync(config, string.Join('\n', lines) + "\n");
        var process = Process.Start(new ProcessStartInfo("mosquitto", ["-c", config]) { RedirectStandardOutput = true, RedirectStandardError = true })
            ?? throw new InvalidOperationException("mosquitto did not start (run scripts/install-deps.sh).");
        var broker = new LocalMosquitto(process, port, logPath);
        var started = TimeProvider.System.GetTimestamp();
        while (TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(10))
        {
            if (process.HasExited)
            {
                break;
            }

            if (await AcceptsAsync(port))
            {
                return broker;
            }

            await Task.Delay(50);
        }

        broker.Dispose();
        throw new InvalidOperationException($"mosquitto did not listen on {port}; see {logPath}.");
    }

    /// <summary>Waits until the broker log shows <paramref name="clientId"/> subscribed.</summary>
    public async Task WaitForSubscriptionAsync(string clientId, TimeSpan timeout)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (TimeProvider.System.GetElapsedTime(started) < timeout)
        {
            if (File.Exists(LogPath) && ReadShared(LogPath).Contains(clientId + " 1 ", StringComparison.Ordinal))
            {
                return;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"{clientId} did not subscribe within {timeout.TotalSeconds:0} s; see {LogPath}.");
    }

    /// <summary>User plus system CPU time of the broker so far, from <c>/proc/PID/stat</c> (USER_HZ = 100).</summary>
    public TimeSpan CpuTime() => ProcCpu(_process.Id);

    public static TimeSpan ProcCpu(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // Fields 14 and 15 of stat(5) (utime, stime) are at 11 and 12 after the command name.
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromMilliseconds(ticks * 10);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(5_000);
        }

        _process.Dispose();
    }

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
