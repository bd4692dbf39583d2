using System.Diagnostics;
using Edge.EndToEnd.Tests.Infrastructure;

namespace Edge.EndToEnd.Tests.Systemd;

/// <summary>Runs a short-lived Debian tool to completion and captures what it printed.</summary>
internal static class Tool
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public string Output => Stdout + Stderr;
    }

    /// <param name="name">The executable, found on PATH.</param>
    /// <param name="package">The Debian package that provides it, named in the error when it is missing.</param>
    /// <param name="arguments">Arguments, passed without a shell.</param>
    /// <param name="timeout">Default 60 s; the process is killed after it.</param>
    public static async Task<Result> RunAsync(string name, string package, IEnumerable<string> arguments, TimeSpan? timeout = null)
    {
        var psi = new ProcessStartInfo(ExternalTool.Find(name, package))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            psi.ArgumentList.Add(argument);
        }

        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{name} {string.Join(' ', psi.ArgumentList)} did not finish in time.");
        }

        return new Result(process.ExitCode, await stdout, await stderr);
    }
}
