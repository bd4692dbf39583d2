using Edge.Bench.Ingest;
using Edge.Core;
using Edge.Sync.Dialects;
using Edge.Sync.Outbox;
using Edge.Sync.Uplink;
using Edge.Sync.Wire;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Edge.Bench.Drain;

/// <summary>
/// One round: fill a real outbox, time its re-open against an empty one, then in the same broker and the same minutes
/// run the naive publisher, mosquitto_pub, and finally the real <see cref="MqttUplinkService"/> until the outbox is
/// empty. A mosquitto_sub in its own process counts what every phase delivered.
/// </summary>
internal static class DrainRun
{
    private const int PayloadFiles = 10;
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);

    public static async Task<DrainRound> RunAsync(DrainOptions options, int round, string dir, LocalMosquitto broker)
    {
        var time = TimeProvider.System;
        var outboxDir = Path.Combine(dir, "outbox");
        var result = new DrainRound(round);

        // 1. Fill. Measured times start a few hours ago, well inside every TTL.
        var start = time.GetUtcNow().AddHours(-6);
        var fillTime = TimeSpan.Zero;
        using (var outbox = OutboxStore.Open(outboxDir, new OutboxOptions(), time, NullLogger.Instance))
        {
            for (var first = 0; first < options.Readings; first += DrainOptions.FillBatch)
            {
                var batch = SyntheticReadings.Batch(first, Math.Min(DrainOptions.FillBatch, options.Readings - first), start);
                var t = time.GetTimestamp();
                var appended = outbox.Append(batch);
                fillTime += time.GetElapsedTime(t);
                if (appended.Stored.Count != batch.Count)
                {
                    throw new InvalidOperationException($"the outbox stored {appended.Stored.Count} of {batch.Count}");
                }
            }

            result = result with
            {
                FillSeconds = fillTime.TotalSeconds,
                FillRate = options.Readings / fillTime.TotalSeconds,
                FillFsyncs = outbox.FsyncCount,
                Segments = outbox.SegmentCount,
            };
        }

        result = result with { StoreBytes = new DirectoryInfo(outboxDir).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length) };
        Progress(round, $"filled {options.Readings:N0} in {fillTime.TotalSeconds:F1} s; open timings");

        // 2. Start-up: an empty store, the full one, an empty one again (brackets the noise).
        ProcessMetrics.CollectAndTrim();
        result = result with { OpenEmptyMs = TimeOpen(Path.Combine(dir, "empty1")) };
        var opening = time.GetTimestamp();
        using var store = OutboxStore.Open(outboxDir, new OutboxOptions(), time, NullLogger.Instance);
        result = result with { OpenFullMs = time.GetElapsedTime(opening).TotalMilliseconds, PendingAfterOpen = store.PendingCount };
        result = result with { OpenEmptyAfterMs = TimeOpen(Path.Combine(dir, "empty2")) };

        // Payloads for the baselines: the first stored readings, written by the real wire writer.
        var site = new SiteOptions();
        var writer = new WirePayloadWriter(site);
        var topic = new Topics(site).Vitals;
        var now = time.GetUtcNow();
        var head = store.Read(DataClass.Vitals, 0, long.MaxValue, Math.Max(options.Naive, PayloadFiles * 100));
        var singles = head.Take(options.Naive).Select(i => (i, writer.Write([i], now))).ToList();
        var files = Path.Combine(dir, "payloads");
        Directory.CreateDirectory(files);
        var singleFiles = new List<string>();
        var batchFiles = new List<string>();
        for (var f = 0; f < PayloadFiles; f++)
        {
            var single = Path.Combine(files, $"single{f}.json");
            await File.WriteAllBytesAsync(single, writer.Write([head[f]], now));
            singleFiles.Add(single);
            var batch = Path.Combine(files, $"batch{f}.json");
            await File.WriteAllBytesAsync(batch, writer.Write(head.Skip(f * 100).Take(100).ToList(), now));
            batchFiles.Add(batch);
        }

        result = result with
        {
            SinglePayloadBytes = (int)new FileInfo(singleFiles[0]).Length,
            BatchPayloadBytes = (int)new FileInfo(batchFiles[0]).Length,
            PubBatchReadingsPerMessage = 100,
        };
        head = [];

        using var subscriber = await CountingSubscriber.StartAsync(broker, "edge/#", $"counter-r{round}", dir);
        var options5 = new UplinkOptions { Host = broker.Host, Port = broker.Port };
        var dialect = new GenericMqttDialect(options5, site);

        // 3a. Naive.
        Progress(round, $"naive publisher x {options.Naive:N0}");
        var before = subscriber.Count();
        var naive = await NaivePublisher.RunAsync(broker, dialect, singles);
        singles = [];
        result = result with
        {
            NaiveReadings = naive.Published,
            NaiveRate = naive.Published / naive.Elapsed.TotalSeconds,
            NaiveFirstPubackMs = naive.ConnectToFirstPuback.TotalMilliseconds,
            NaiveReceived = await subscriber.SettleAsync(before + naive.Published, Settle) - before,
        };

        // 3b. mosquitto_pub, one reading per message, then the uplink's 100-reading payloads.
        Progress(round, "mosquitto_pub");
        before = subscriber.Count();
        var pubSingle = await MosquittoPubBaseline.RunAsync(broker, topic, singleFiles, Math.Max(1, options.Naive / PayloadFiles));
        result = result with
        {
            PubSingleMessages = pubSingle.Messages,
            PubSingleRate = pubSingle.Messages / pubSingle.Elapsed.TotalSeconds,
            PubSingleReceived = await subscriber.SettleAsync(before + pubSingle.Messages, Settle) - before,
        };
        before = subscriber.Count();
        var repeat = Math.Max(1, options.Readings / 100 / PayloadFiles);
        var pubBatch = await MosquittoPubBaseline.RunAsync(broker, topic, batchFiles, repeat);
        result = result with
        {
            PubBatchMessages = pubBatch.Messages,
            PubBatchRate = pubBatch.Messages * 100 / pubBatch.Elapsed.TotalSeconds,
            PubBatchReceived = await subscriber.SettleAsync(before + pubBatch.Messages, Settle) - before,
        };

        // 4. The drain.
        Progress(round, $"drain of {store.PendingCount:N0}");
        ProcessMetrics.CollectAndTrim();
        before = subscriber.Count();
        var status = new UplinkStatus();
        using var uplink = new MqttUplinkService(
            store,
            Options.Create(options5),
            Options.Create(site),
            dialect,
            Edge.Sync.Residency.ResidencyGate.AllowingAll("cloud"),
            status,
            new DeadLetterStore(Path.Combine(dir, "deadletter"), time),
            time,
            NullLogger<MqttUplinkService>.Instance);
        var target = store.PendingCount;
        var rssBefore = ProcessMetrics.Rss();
        var cpu0 = ProcessMetrics.CpuTime();
        var broker0 = broker.CpuTime();
        var machine0 = ProcessMetrics.MachineCpu();
        var began = time.GetTimestamp();
        await uplink.StartAsync(CancellationToken.None);
        TimeSpan? firstAck = null;
        var samples = new List<(double Progress, long Rss)>();
        var lastSample = began;
        while (status.AckedItems < target)
        {
            if (firstAck is null && status.AckedItems > 0)
            {
                firstAck = time.GetElapsedTime(began);
            }

            if (time.GetElapsedTime(lastSample) >= TimeSpan.FromMilliseconds(500))
            {
                lastSample = time.GetTimestamp();
                samples.Add(((double)status.AckedItems / target, ProcessMetrics.Rss()));
            }

            if (time.GetElapsedTime(began) > TimeSpan.FromMinutes(20))
            {
                throw new TimeoutException($"the drain stalled at {status.AckedItems:N0} of {target:N0}");
            }

            await Task.Delay(firstAck is null ? 1 : 10);
        }

        var drained = time.GetElapsedTime(began);
        var cpu = ProcessMetrics.CpuTime() - cpu0;
        var brokerCpu = broker.CpuTime() - broker0;
        var machine1 = ProcessMetrics.MachineCpu();
        await uplink.StopAsync(CancellationToken.None);
        var steady = samples.Where(s => s.Progress is >= 0.1 and <= 0.9).Select(s => (double)s.Rss).Order().ToList();
        var acked = status.AckedItems;
        var firstAt = firstAck ?? drained;
        result = result with
        {
            DrainSeconds = drained.TotalSeconds,
            DrainRate = acked / drained.TotalSeconds,
            DrainRateAfterFirstAck = acked / (drained - firstAt).TotalSeconds,
            FirstAckMs = firstAt.TotalMilliseconds,
            DrainAckedItems = acked,
            DrainAckedMessages = status.AckedMessages,
            DrainReceived = await subscriber.SettleAsync(before + status.AckedMessages, Settle) - before,
            PendingAfterDrain = store.PendingCount,
            SegmentsAfterDrain = store.SegmentCount,
            CpuSecondsPer10k = cpu.TotalSeconds / (acked / 10_000.0),
            BrokerCpuSecondsPer10k = brokerCpu.TotalSeconds / (acked / 10_000.0),
            RssBeforeMb = Mb(rssBefore),
            RssSteadyMb = steady.Count > 0 ? Mb(steady[steady.Count / 2]) : Mb(samples.Select(s => s.Rss).DefaultIfEmpty(rssBefore).Max()),
            RssMaxMb = Mb(samples.Select(s => s.Rss).DefaultIfEmpty(rssBefore).Max()),
            OtherCores = ((machine1.Busy - machine0.Busy) - cpu).TotalSeconds / drained.TotalSeconds,
            StealCores = (machine1.Steal - machine0.Steal).TotalSeconds / drained.TotalSeconds,
            Reconnects = status.Reconnects,
        };
        Progress(round, $"drain {result.DrainRate:N0} readings/s, naive {result.NaiveRate:N0}, mosquitto_pub batch {result.PubBatchRate:N0}");
        return result;
    }

    /// <summary>Warm-up (JIT, tiered compilation, LiteDB first use): a small fill and drain, not reported.</summary>
    public static async Task WarmUpAsync(string dir, LocalMosquitto broker, int readings)
    {
        var time = TimeProvider.System;
        using var store = OutboxStore.Open(Path.Combine(dir, "outbox"), new OutboxOptions(), time, NullLogger.Instance);
        store.Append(SyntheticReadings.Batch(0, readings, time.GetUtcNow().AddHours(-1)));
        var options = new UplinkOptions { Host = broker.Host, Port = broker.Port, ClientId = "bench-warm" };
        var status = new UplinkStatus();
        using var uplink = new MqttUplinkService(
            store, Options.Create(options), Options.Create(new SiteOptions()), new GenericMqttDialect(options, new SiteOptions()),
            Edge.Sync.Residency.ResidencyGate.AllowingAll("cloud"), status, new DeadLetterStore(Path.Combine(dir, "deadletter"), time), time, NullLogger<MqttUplinkService>.Instance);
        await uplink.StartAsync(CancellationToken.None);
        var began = time.GetTimestamp();
        while (status.AckedItems < readings && time.GetElapsedTime(began) < TimeSpan.FromMinutes(2))
        {
            await Task.Delay(20);
        }

        await uplink.StopAsync(CancellationToken.None);
    }

    /// <summary>Creates an empty store (segment, ballast), closes it, and times its re-open: the same path as the full one.</summary>
    private static double TimeOpen(string dir)
    {
        var time = TimeProvider.System;
        OutboxStore.Open(dir, new OutboxOptions(), time, NullLogger.Instance).Dispose();
        var t = time.GetTimestamp();
        using (OutboxStore.Open(dir, new OutboxOptions(), time, NullLogger.Instance))
        {
            return time.GetElapsedTime(t).TotalMilliseconds;
        }
    }

    private static double Mb(double bytes) => bytes / (1024 * 1024);

    private static void Progress(int round, string message) => Console.Error.WriteLine($"[drain] round {round}: {message}");
}
