using Edge.Bench.Ingest;
using static System.FormattableString;

namespace Edge.Bench.Drain;

/// <summary>
/// The drain benchmark (issue 3): start-up with a full outbox and the drain of it to a real mosquitto at QoS 1, each
/// next to baselines from the same round and broker. Markdown goes to stdout, progress to stderr.
/// </summary>
internal static class DrainHarness
{
    private const int WarmUpReadings = 20_000;

    public static async Task<int> RunAsync(string[] args)
    {
        if (!DrainOptions.TryParse(args, out var options, out var error))
        {
            await Console.Error.WriteLineAsync($"drain: {error}");
            return 2;
        }

        var root = Path.Combine(Path.GetFullPath(options.Directory), "edge-drain-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        try
        {
            using var broker = await LocalMosquitto.StartAsync(Path.Combine(root, "broker"));
            await WriteMachineAsync(Console.Out, root, broker);
            Console.Error.WriteLine($"[drain] mosquitto pid {broker.ProcessId} on 127.0.0.1:{broker.Port}; warm-up");
            await DrainRun.WarmUpAsync(Path.Combine(root, "warm"), broker, Math.Min(WarmUpReadings, options.Readings));
            var rounds = new List<DrainRound>();
            for (var r = 1; r <= options.Rounds; r++)
            {
                var dir = Path.Combine(root, $"round{r}");
                rounds.Add(await DrainRun.RunAsync(options, r, dir, broker));
                Directory.Delete(dir, recursive: true);
            }

            await WriteResultsAsync(Console.Out, options, rounds);
            return 0;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task WriteMachineAsync(TextWriter output, string root, LocalMosquitto broker)
    {
        await output.WriteLineAsync("## Machine");
        await output.WriteLineAsync();
        await output.WriteLineAsync("| | |");
        await output.WriteLineAsync("|---|---|");
        foreach (var (key, value) in MachineInfo.Describe(root))
        {
            await output.WriteLineAsync($"| {key} | {value} |");
        }

        await output.WriteLineAsync(Invariant($"| broker | mosquitto (pid {broker.ProcessId}) on 127.0.0.1:{broker.Port}, persistence off, max_queued_messages 0 |"));
    }

    private static async Task WriteResultsAsync(TextWriter o, DrainOptions options, List<DrainRound> rounds)
    {
        await o.WriteLineAsync();
        await o.WriteLineAsync(Invariant($"## Fill and start-up (N = {options.Readings:N0}, Append batches of {DrainOptions.FillBatch:N0}, {rounds.Count} round(s))"));
        await o.WriteLineAsync();
        await o.WriteLineAsync("| round | fill s | fill readings/s | fsyncs | segments | store MB | Open empty ms | Open full ms | Open empty again ms | full/empty | pending after open |");
        await o.WriteLineAsync("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in rounds)
        {
            await o.WriteLineAsync(Invariant(
                $"| {r.Round} | {r.FillSeconds:F1} | {r.FillRate:N0} | {r.FillFsyncs:N0} | {r.Segments} | {r.StoreBytes / 1048576.0:F0} | {r.OpenEmptyMs:F1} | {r.OpenFullMs:F1} | {r.OpenEmptyAfterMs:F1} | {r.OpenFullMs / Math.Max(r.OpenEmptyMs, r.OpenEmptyAfterMs):F1} | {r.PendingAfterOpen:N0} |"));
        }

        await o.WriteLineAsync();
        await o.WriteLineAsync(Invariant($"## Drain and baselines (same broker, same round; naive = {options.Naive:N0} readings)"));
        await o.WriteLineAsync();
        await o.WriteLineAsync("| round | drain readings/s | drain s | first ack ms | after first ack readings/s | (a) naive readings/s | naive connect→first PUBACK ms | (b1) mosquitto_pub 1/msg readings/s | (b2) mosquitto_pub 100/msg readings/s | drain/naive | drain/(b1) | drain/(b2) |");
        await o.WriteLineAsync("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in rounds)
        {
            await o.WriteLineAsync(Invariant(
                $"| {r.Round} | {r.DrainRate:N0} | {r.DrainSeconds:F1} | {r.FirstAckMs:F0} | {r.DrainRateAfterFirstAck:N0} | {r.NaiveRate:N0} | {r.NaiveFirstPubackMs:F1} | {r.PubSingleRate:N0} | {r.PubBatchRate:N0} | {r.VersusNaive:F1} | {r.VersusPubSingle:F1} | {r.VersusPubBatch:F2} |"));
        }

        if (rounds.Count > 1)
        {
            await o.WriteLineAsync(Invariant(
                $"| **median** | **{Median(rounds, r => r.DrainRate):N0}** | {Median(rounds, r => r.DrainSeconds):F1} | {Median(rounds, r => r.FirstAckMs):F0} | {Median(rounds, r => r.DrainRateAfterFirstAck):N0} | {Median(rounds, r => r.NaiveRate):N0} | {Median(rounds, r => r.NaiveFirstPubackMs):F1} | {Median(rounds, r => r.PubSingleRate):N0} | {Median(rounds, r => r.PubBatchRate):N0} | **{Median(rounds, r => r.VersusNaive):F1}** | **{Median(rounds, r => r.VersusPubSingle):F1}** | **{Median(rounds, r => r.VersusPubBatch):F2}** |"));
        }

        await o.WriteLineAsync();
        await o.WriteLineAsync("## Delivery check (mosquitto_sub -q 1 in its own process, messages counted)");
        await o.WriteLineAsync();
        await o.WriteLineAsync("| round | naive sent / received | mosquitto_pub 1/msg sent / received | mosquitto_pub 100/msg sent / received | drain acked items | drain acked messages / received | pending after drain | segments after drain | reconnects |");
        await o.WriteLineAsync("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in rounds)
        {
            await o.WriteLineAsync(Invariant(
                $"| {r.Round} | {r.NaiveReadings:N0} / {r.NaiveReceived:N0} | {r.PubSingleMessages:N0} / {r.PubSingleReceived:N0} | {r.PubBatchMessages:N0} / {r.PubBatchReceived:N0} | {r.DrainAckedItems:N0} | {r.DrainAckedMessages:N0} / {r.DrainReceived:N0} | {r.PendingAfterDrain:N0} | {r.SegmentsAfterDrain} | {r.Reconnects} |"));
        }

        await o.WriteLineAsync();
        await o.WriteLineAsync("## Resources during the drain");
        await o.WriteLineAsync();
        await o.WriteLineAsync("| round | CPU-s per 10k readings (this process) | broker CPU-s per 10k | RSS before MB | steady RSS MB (median, 10-90 % of drain) | max RSS MB | other processes, cores | steal, cores |");
        await o.WriteLineAsync("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in rounds)
        {
            await o.WriteLineAsync(Invariant(
                $"| {r.Round} | {r.CpuSecondsPer10k:F3} | {r.BrokerCpuSecondsPer10k:F3} | {r.RssBeforeMb:F0} | {r.RssSteadyMb:F0} | {r.RssMaxMb:F0} | {r.OtherCores:F2} | {r.StealCores:F2} |"));
        }

        var first = rounds[0];
        await o.WriteLineAsync();
        await o.WriteLineAsync(Invariant(
            $"Payloads: one reading {first.SinglePayloadBytes} B; the uplink's 100-reading message {first.BatchPayloadBytes:N0} B (same wire writer). ") +
            "Drain rate = acknowledged-and-removed readings / (uplink start -> outbox empty), connect included. First ack = uplink start -> " +
            "first chunk (MaxInFlight x BatchSize items) acknowledged and removed.");
    }

    private static double Median(List<DrainRound> rounds, Func<DrainRound, double> selector)
    {
        var values = rounds.Select(selector).Order().ToList();
        var mid = values.Count / 2;
        return values.Count % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }

}
