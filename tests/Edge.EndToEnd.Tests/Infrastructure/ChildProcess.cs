using System.Diagnostics;

namespace Edge.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A child OS process with its stdout and stderr captured line by line, and POSIX signals for stopping it.
/// The building block of <see cref="GatewayProcess"/> and <see cref="MosquittoBroker"/>.
/// </summary>
/// <remarks>
/// Output reads are thread-safe. Start, stop and kill are meant to be called from the test's own flow, not
/// concurrently. Disposing kills the process if it still runs: a test never leaves a process behind.
/// </remarks>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Task _pumps;

    private ChildProcess(Process process, CapturedOutput output)
    {
        _process = process;
        Output = output;
        Id = process.Id;
        _pumps = Task.WhenAll(
                Pump(process.StandardOutput, isError: false),
                Pump(process.StandardError, isError: true))
            .ContinueWith(_ => output.Complete(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>The OS process id.</summary>
    public int Id { get; }

    /// <summary>Everything the process printed so far.</summary>
    public CapturedOutput Output { get; }

    /// <summary>True once the process has exited (and been reaped).</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The exit code, or null while running. Killed by signal N, it is 128 + N (SIGKILL: 137).</summary>
    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    /// <summary>Starts <paramref name="fileName"/> with stdin, stdout and stderr redirected.</summary>
    /// <param name="name">A label for messages, e.g. <c>mosquitto</c>.</param>
    /// <param name="fileName">The executable.</param>
    /// <param name="arguments">Arguments, passed without a shell.</param>
    /// <param name="workingDirectory">The working directory; the test process's one when null.</param>
    /// <param name="environment">Variables to set (a null value removes the variable) on top of the inherited ones.</param>
    public static ChildProcess Start(
        string name,
        string fileName,
        IEnumerable<string> arguments,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var info = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            // stdin is a pipe nobody writes to, so no child ever reads the test runner's terminal.
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"{name} did not start: {fileName}");
        return new ChildProcess(process, new CapturedOutput($"{name} (pid {process.Id})"));
    }

    /// <summary>Sends a signal with <c>kill -s NAME pid</c> (.NET has no API to send anything but SIGKILL).</summary>
    /// <param name="signal">The signal name without the SIG prefix: <c>INT</c>, <c>TERM</c>, <c>STOP</c>, ...</param>
    /// <returns>False if the process had already exited; nothing is sent then.</returns>
    public async Task<bool> SignalAsync(string signal)
    {
        ArgumentException.ThrowIfNullOrEmpty(signal);
        if (_process.HasExited)
        {
            // Reaped: the pid may belong to someone else by now.
            return false;
        }

        using var kill = Process.Start(new ProcessStartInfo(ExternalTool.Find("kill", "procps"), ["-s", signal, Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            UseShellExecute = false,
            RedirectStandardError = true,
        })!;
        var error = await kill.StandardError.ReadToEndAsync();
        await kill.WaitForExitAsync();
        if (kill.ExitCode != 0 && !_process.HasExited)
        {
            throw new InvalidOperationException($"kill -s {signal} {Id} failed with exit code {kill.ExitCode}: {error}");
        }

        return kill.ExitCode == 0;
    }

    /// <summary>
    /// Sends <paramref name="signal"/>, waits up to <paramref name="grace"/> for the process to exit, then SIGKILLs it.
    /// </summary>
    /// <returns>The exit code (137 when it had to be killed).</returns>
    public async Task<int> StopAsync(string signal, TimeSpan grace)
    {
        await SignalAsync(signal);
        if (!await TryWaitForExitAsync(grace))
        {
            Kill9();
            await TryWaitForExitAsync(TimeSpan.FromSeconds(10));
        }

        await DrainAsync();
        return _process.ExitCode;
    }

    /// <summary>
    /// Kills the process and all its descendants at once. On Linux, <see cref="Process.Kill(bool)"/> sends SIGKILL:
    /// no handler runs, nothing is flushed; this is the crash in crash tests. Returns without waiting for the exit.
    /// </summary>
    public void Kill9()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    /// <summary>Waits for the process to exit by itself.</summary>
    /// <returns>The exit code.</returns>
    /// <exception cref="TimeoutException">It still runs after <paramref name="timeout"/>.</exception>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        if (!await TryWaitForExitAsync(timeout))
        {
            throw new TimeoutException($"The process did not exit within {timeout.TotalSeconds:0.#} s.\n{Output.Dump()}");
        }

        await DrainAsync();
        return _process.ExitCode;
    }

    /// <summary>Kills the process if it still runs, and releases it.</summary>
    public async ValueTask DisposeAsync()
    {
        Kill9();
        await TryWaitForExitAsync(TimeSpan.FromSeconds(10));
        _process.StandardInput.Close();
        if (_process.HasExited)
        {
            await DrainAsync();
        }

        _process.Dispose();
    }

    // The readers end when every holder of the pipes has exited; a grandchild that kept them would hang a test.
    private Task DrainAsync() => _pumps.WaitAsync(TimeSpan.FromSeconds(10), TimeProvider.System);

    private async Task<bool> TryWaitForExitAsync(TimeSpan timeout)
    {
        using var timer = new CancellationTokenSource(timeout, TimeProvider.System);
        try
        {
            await _process.WaitForExitAsync(timer.Token);
            return true;
        }
        catch (OperationCanceledException) when (timer.IsCancellationRequested)
        {
            return false;
        }
    }

    private async Task Pump(StreamReader reader, bool isError)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            Output.Add(line, isError);
        }
    }
}
