using System.Text.RegularExpressions;
using Edge.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Edge.EndToEnd.Tests;

/// <summary>
/// "No acknowledgement before the fsync of its commit", checked on the real process with strace: every write to the
/// commit journal (the gateway's acknowledgement that items are stored) must be preceded, since the previous
/// acknowledgement, by an fsync of an outbox segment file.
/// </summary>
[Collection(EndToEndGroup.Name)]
public sealed partial class DurabilityOrderTests(ITestOutputHelper output)
{
    [Fact]
    public async Task EveryAcknowledgement_FollowsAnFsyncOfTheOutbox_InSyscallOrder()
    {
        using var paths = new TestPaths();
        await using var broker = await MosquittoBroker.StartNewAsync();
        var run = new GatewayRun(paths, broker, readingsPerDevice: 100, intervalMs: 20);
        var trace = paths.Combine("strace.txt");
        await using (var traced = ChildProcess.Start(
            "strace",
            ExternalTool.Find("strace", "strace"),
            ["-f", "-y", "-qq", "-e", "trace=fsync,fdatasync,write,pwrite64,writev", "-o", trace, "dotnet", GatewayProcess.HostAssemblyPath, "--config", run.ConfigPath],
            paths.Root))
        {
            await traced.Output.WaitForAsync(l => l.Contains("Source simulator finished", StringComparison.Ordinal), TimeSpan.FromSeconds(120));
            await traced.StopAsync("INT", TimeSpan.FromSeconds(30));
        }

        var acknowledgements = 0;
        var fsyncsSinceLastAck = 0;
        var violations = new List<string>();
        foreach (var line in File.ReadLines(trace))
        {
            if (SegmentFsync().IsMatch(line))
            {
                fsyncsSinceLastAck++;
            }
            else if (JournalWrite().IsMatch(line))
            {
                acknowledgements++;
                if (fsyncsSinceLastAck == 0)
                {
                    violations.Add(line);
                }

                fsyncsSinceLastAck = 0;
            }
        }

        output.WriteLine($"{acknowledgements} journal writes, {run.AcknowledgedIds().Count} ids acknowledged, {violations.Count} without a preceding fsync");
        Assert.True(acknowledgements > 10, $"too few acknowledgements traced ({acknowledgements})");
        Assert.Empty(violations);
    }

    [GeneratedRegex(@"\b(fsync|fdatasync)\(\d+<[^>]*/outbox/seg-\d+(-log)?\.db>\)\s+=\s+0")]
    private static partial Regex SegmentFsync();

    [GeneratedRegex(@"\b(write|pwrite64|writev)\(\d+<[^>]*/journal\.txt>")]
    private static partial Regex JournalWrite();
}
