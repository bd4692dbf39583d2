using Edge.Provisioning.Cli;

namespace Edge.Provisioning.Tests;

/// <summary>Runs edgectl in-process with captured output, a chosen clock and a chosen default socket.</summary>
public static class Edgectl
{
    public sealed record Result(int ExitCode, string Out, string Error)
    {
        public string All => Out + Error;

        public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}\n--- stderr\n{Error}";
    }

    public static Task<Result> RunAsync(params string[] args) => RunWithAsync(null, null, default, args);

    public static async Task<Result> RunWithAsync(TimeProvider? time, string? socketPath, CancellationToken ct, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var environment = new EdgectlEnvironment(output, error)
        {
            Time = time ?? TimeProvider.System,
            SocketPath = socketPath,
            ConfigPath = "/nonexistent/edge.json",
        };
        var exitCode = await EdgectlApp.RunAsync(args, environment, ct);
        return new Result(exitCode, output.ToString(), error.ToString());
    }
}
