using System.Diagnostics;

namespace Edge.Bench.Drain;

/// <summary>
/// A <c>mosquitto_sub -q 1</c> in its own process that writes one line (the payload length) per message to a file, so
/// delivery can be checked by counting lines without spending this process's CPU. Stopped by its PID.
/// </summary>
internal sealed class CountingSubscriber : IDisposable
{
    private readonly Process _process;
    private readonly string _output;

    private CountingSubscriber(Process process, string output)
    {
        _process = process;
        _output = output;
    }

    public static async Task<CountingSubscriber> StartAsync(LocalMosquitto broker, string topicFilter, string clientId, string directory)
    {
        Directory.CreateDirectory(directory);
        var output = Path.Combine(directory, clientId + ".lines");
        // exec: the PID we hold is mosquitto_sub's, not the shell's, so stopping it by PID stops the subscriber.
        var command = $"exec mosquitto_sub -h {broker.Host} -p {broker.Port} -q 1 -V mqttv5 -i {clientId} -t '{topicFilter}' -F '%l' > '{output}'";
        var process = Process.Start(new ProcessStartInfo("sh", ["-c", command]))
            ?? throw new InvalidOperationException("mosquitto_sub did not start.");
        var subscriber = new CountingSubscriber(process, output);
        await broker.WaitForSubscriptionAsync(clientId, TimeSpan.FromSeconds(10));
        return subscriber;
    }

    /// <summary>Messages received so far.</summary>
    public long Count()
    {
        if (!File.Exists(_output))
        {
            return 0;
        }

        using var stream = new FileStream(_output, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        long lines = 0;
        var buffer = new byte[1 << 16];
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            lines += buffer.AsSpan(0, read).Count((byte)'\n');
        }

        return lines;
    }

    /// <summary>
    /// Waits until <paramref name="expected"/> messages arrived or the count stopped moving for two seconds, and
    /// returns the count.
    /// </summary>
    public async Task<long> SettleAsync(long expected, TimeSpan timeout)
    {
        var started = TimeProvider.System.GetTimestamp();
        var last = -1L;
        var still = TimeProvider.System.GetTimestamp();
        while (TimeProvider.System.GetElapsedTime(started) < timeout)
        {
            var count = Count();
            if (count >= expected)
            {
                return count;
            }

            if (count != last)
            {
                last = count;
                still = TimeProvider.System.GetTimestamp();
            }
            else if (TimeProvider.System.GetElapsedTime(still) > TimeSpan.FromSeconds(2))
            {
                return count;
            }

            await Task.Delay(50);
        }

        return Count();
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
}
