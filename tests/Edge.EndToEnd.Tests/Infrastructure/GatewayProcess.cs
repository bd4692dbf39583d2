namespace Edge.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The gateway (Edge.Host) as a separate OS process, <c>dotnet Edge.Host.dll --config FILE</c>, so tests can crash
/// it for real (SIGKILL), stop it the way systemd and Ctrl+C do (SIGINT), and restart it on the same data.
/// </summary>
/// <remarks>
/// The host reads its data directory and other settings from the config file, from <c>EDGE_</c>-prefixed
/// environment variables (<c>EDGE_Edge__DataDirectory</c>) and from the command line. Its stdout is a pipe, so it
/// prints a status line every ~2 s: <c>status readings=.. stored=.. sent=.. backlog=.. uplink=..</c>.
/// Output is captured for assertions and dumped in failure messages. Disposing kills the process if it still runs.
/// </remarks>
public sealed class GatewayProcess : IAsyncDisposable
{
    private static readonly Lazy<string> HostAssembly = new(LocateHostAssembly);
    private static readonly TimeSpan DefaultStopTimeout = TimeSpan.FromSeconds(20);
    private readonly ChildProcess _process;

    private GatewayProcess(ChildProcess process) => _process = process;

    /// <summary>
    /// Edge.Host.dll next to the test assembly (the project reference copies it there with its runtimeconfig.json),
    /// else firmware-host/bin/{Debug|Release}/net10.0.
    /// </summary>
    /// <exception cref="FileNotFoundException">Neither exists: build the test project first.</exception>
    public static string HostAssemblyPath => HostAssembly.Value;

    /// <summary>The OS process id (the <c>dotnet</c> muxer, which runs the host in-process).</summary>
    public int Id => _process.Id;

    /// <summary>Every line printed so far, stdout and stderr interleaved.</summary>
    public IReadOnlyList<string> Output => _process.Output.Lines;

    public bool HasExited => _process.HasExited;

    /// <summary>Null while running; 128 + N when killed by signal N.</summary>
    public int? ExitCode => _process.ExitCode;

    /// <summary>Starts the gateway.</summary>
    /// <param name="configPath">Passed as <c>--config</c>; null runs the host's embedded demo configuration.</param>
    /// <param name="workingDirectory">Where relative paths (the default data directory <c>data</c>) resolve.</param>
    /// <param name="environment">Extra variables, e.g. <c>EDGE_Edge__DataDirectory</c>; a null value unsets one.</param>
    /// <param name="arguments">Extra command-line arguments (configuration overrides such as <c>--Edge:ClockTrust=trusted</c>).</param>
    public static GatewayProcess Start(
        string? configPath,
        string workingDirectory,
        IReadOnlyDictionary<string, string?>? environment = null,
        IEnumerable<string>? arguments = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(workingDirectory);
        List<string> args = [HostAssemblyPath];
        if (configPath is not null)
        {
            args.AddRange(["--config", configPath]);
        }

        args.AddRange(arguments ?? []);
        return new GatewayProcess(ChildProcess.Start("Edge.Host", DotnetHost(), args, workingDirectory, environment));
    }

    /// <summary>The first line (already printed or still to come) matching <paramref name="predicate"/>.</summary>
    /// <exception cref="TimeoutException">None within <paramref name="timeout"/>; the message holds the output.</exception>
    /// <exception cref="InvalidOperationException">The gateway exited without printing one.</exception>
    public Task<string> WaitForOutputAsync(Func<string, bool> predicate, TimeSpan timeout) =>
        _process.Output.WaitForAsync(predicate, timeout);

    /// <summary>
    /// SIGKILL to the gateway and any children, through <see cref="System.Diagnostics.Process.Kill(bool)"/> (on Linux
    /// that API sends SIGKILL). No shutdown code runs: this is a crash or a power-cut of the process (not of the disk:
    /// the OS page cache survives). Returns at once; use <see cref="WaitForExitAsync"/> to wait.
    /// </summary>
    public void Kill9() => _process.Kill9();

    /// <summary>
    /// SIGINT (<c>kill -INT pid</c>, what Ctrl+C sends; .NET's host shuts down gracefully on it as on SIGTERM), then
    /// waits; SIGKILL if it is still running after <paramref name="timeout"/> (default 20 s).
    /// </summary>
    /// <returns>The exit code: 0 for a clean shutdown, 137 if it had to be killed.</returns>
    public Task<int> StopAsync(TimeSpan? timeout = null) => _process.StopAsync("INT", timeout ?? DefaultStopTimeout);

    /// <summary>Waits for the gateway to exit by itself (or after <see cref="Kill9"/>).</summary>
    public Task<int> WaitForExitAsync(TimeSpan timeout) => _process.WaitForExitAsync(timeout);

    /// <summary>The captured output, for a failure message.</summary>
    public string DumpOutput() => _process.Output.Dump();

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    private static string LocateHostAssembly()
    {
        List<string> candidates = [AppContext.BaseDirectory];
        // bin/<Configuration>/net10.0/ of this test project: look in the same configuration of firmware-host first.
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = framework.Parent?.Name ?? "Debug";
        var repository = framework.Parent;
        while (repository is not null && !File.Exists(Path.Combine(repository.FullName, "Edge.sln")))
        {
            repository = repository.Parent;
        }

        if (repository is not null)
        {
            foreach (var candidate in new[] { configuration, "Debug", "Release" }.Distinct())
            {
                candidates.Add(Path.Combine(repository.FullName, "firmware-host", "bin", candidate, framework.Name));
            }
        }

        // `dotnet Edge.Host.dll` needs the runtimeconfig.json beside it, or it fails with a confusing host error.
        var found = candidates.FirstOrDefault(directory =>
            File.Exists(Path.Combine(directory, "Edge.Host.dll")) && File.Exists(Path.Combine(directory, "Edge.Host.runtimeconfig.json")));
        return found is not null
            ? Path.Combine(found, "Edge.Host.dll")
            : throw new FileNotFoundException(
                "Edge.Host.dll with its Edge.Host.runtimeconfig.json was not found in: " + string.Join(", ", candidates) +
                ". Build tests/Edge.EndToEnd.Tests (it references firmware-host/Edge.Host.csproj).");
    }

    // The same dotnet that runs the tests, so the host gets the runtime the tests were built against.
    private static string DotnetHost()
    {
        var fromCli = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (File.Exists(fromCli))
        {
            return fromCli;
        }

        var self = Environment.ProcessPath;
        if (self is not null && Path.GetFileName(self) == "dotnet")
        {
            return self;
        }

        var root = Environment.GetEnvironmentVariable("DOTNET_ROOT");
        if (root is not null && File.Exists(Path.Combine(root, "dotnet")))
        {
            return Path.Combine(root, "dotnet");
        }

        return ExternalTool.Find("dotnet", "the .NET SDK");
    }
}
