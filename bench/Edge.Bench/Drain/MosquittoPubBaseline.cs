using System.Diagnostics;
using System.Globalization;

namespace Edge.Bench.Drain;

/// <summary>
/// Baseline (b): <c>mosquitto_pub -f FILE -q 1 --repeat R</c>, one invocation per payload file, in sequence. Not
/// <c>-l -q 1</c>: that mode exits at end of input with its queue unsent and silently loses messages
/// (<c>reference/toolchain.md</c>). With <c>--repeat</c> at QoS 1, mosquitto_pub waits for each PUBACK before the next
/// publish (one in flight).
/// </summary>
internal static class MosquittoPubBaseline
{
    public static async Task<(long Messages, TimeSpan Elapsed)> RunAsync(LocalMosquitto broker, string topic, IReadOnlyList<string> files, int repeat)
    {
        var started = TimeProvider.System.GetTimestamp();
        foreach (var file in files)
        {
            using var process = Process.Start(new ProcessStartInfo(
                "mosquitto_pub",
                ["-h", broker.Host, "-p", broker.Port.ToString(CultureInfo.InvariantCulture), "-V", "mqttv5", "-q", "1", "-t", topic,
                 "-f", file, "--repeat", repeat.ToString(CultureInfo.InvariantCulture)])
            {
                RedirectStandardError = true,
            }) ?? throw new InvalidOperationException("mosquitto_pub did not start.");
            var errors = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"mosquitto_pub exited with {process.ExitCode}: {errors}");
            }
        }

        return ((long)files.Count * repeat, TimeProvider.System.GetElapsedTime(started));
    }
}
