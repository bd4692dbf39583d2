using BenchmarkDotNet.Running;
using Edge.Bench.Drain;
using Edge.Bench.Ingest;

// Three benchmarks, one entry point: the end-to-end ingest harness, the outbox drain harness and the BenchmarkDotNet
// micro benchmarks.
return args switch
{
    ["ingest", .. var rest] => await IngestHarness.RunAsync(rest),
    ["micro", .. var rest] => RunMicro(rest),
    ["drain", .. var rest] => await DrainHarness.RunAsync(rest),
    _ => Usage(),
};

static int RunMicro(string[] benchmarkArgs)
{
    var summaries = BenchmarkSwitcher.FromAssembly(typeof(IngestHarness).Assembly).Run(benchmarkArgs).ToList();
    return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
}

static int Usage()
{
    Console.Error.WriteLine("""
        usage:
          dotnet run -c Release --project bench/Edge.Bench -- ingest [--readings N] [--rounds R] [--patients P] [--naive M] [--dir PATH]
              end-to-end ingest (IngestService + OutboxStore, fsync per group commit) against raw LiteDB baselines;
              defaults: N = 200000, R = 3, P = 16, M = min(N, 20000), PATH = system temp folder
          dotnet run -c Release --project bench/Edge.Bench -- micro [BenchmarkDotNet args, e.g. --filter * --job short]
              parser, NEWS2, analytics and wire-writer micro benchmarks
          dotnet run -c Release --project bench/Edge.Bench -- drain [--readings N] [--rounds R] [--naive M] [--dir PATH]
              start-up with N queued and the drain of them by MqttUplinkService to a private mosquitto at QoS 1, against a
              naive awaited-per-reading publisher and mosquitto_pub --repeat; defaults: N = 1000000, R = 1, M = min(N, 50000)
        """);
    return 2;
}
