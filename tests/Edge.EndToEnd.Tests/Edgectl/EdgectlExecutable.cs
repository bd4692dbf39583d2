using System.Diagnostics;
using Edge.EndToEnd.Tests.Infrastructure;

namespace Edge.EndToEnd.Tests.Edgectl;

/// <summary>
/// The built <c>edgectl</c> (edgectl.dll with its runtimeconfig.json, copied next to the tests by the project
/// reference, else provisioning/bin/{Configuration}/net10.0) run as a separate process with stdout and stderr kept
/// apart, so a test reads its JSON exactly as a script would.
/// </summary>
internal static class EdgectlExecutable
{
    private static readonly Lazy<string> Assembly = new(Locate);

    public sealed record Result(int ExitCode, string Out, string Error)
    {
        public override string ToString() => $"edgectl exit {ExitCode}\n--- stdout\n{Out}\n--- stderr\n{Error}";
    }

    public static async Task<Result> RunAsync(params string[] args)
    {
        var info = new ProcessStartInfo(DotnetHost())
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add(Assembly.Value);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("edgectl did not start");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"edgectl {string.Join(' ', args)} did not finish within 60 s:\n{await output}\n{await error}");
        }

        return new Result(process.ExitCode, await output, await error);
    }

    private static string Locate()
    {
        List<string> candidates = [AppContext.BaseDirectory];
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = framework.Parent?.Name ?? "Debug";
        var repository = framework.Parent;
        while (repository is not null && !File.Exists(Path.Combine(repository.FullName, "Edge.sln")))
        {
            repository = repository.Parent;
        }

        if (repository is not null)
        {
            candidates.AddRange(new[] { configuration, "Debug", "Release" }.Distinct().Select(c => Path.Combine(repository.FullName, "provisioning", "bin", c, framework.Name)));
        }

        var found = candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "edgectl.dll")) && File.Exists(Path.Combine(d, "edgectl.runtimeconfig.json")));
        return found is not null
            ? Path.Combine(found, "edgectl.dll")
            : throw new FileNotFoundException("edgectl.dll with its runtimeconfig.json was not found in: " + string.Join(", ", candidates) + ". Build tests/Edge.EndToEnd.Tests (it references provisioning/Edge.Provisioning.csproj).");
    }

    private static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { } fromCli && File.Exists(fromCli))
        {
            return fromCli;
        }

        if (Environment.ProcessPath is { } self && Path.GetFileName(self) == "dotnet")
        {
            return self;
        }

        return Environment.GetEnvironmentVariable("DOTNET_ROOT") is { } root && File.Exists(Path.Combine(root, "dotnet"))
            ? Path.Combine(root, "dotnet")
            : ExternalTool.Find("dotnet", "the .NET SDK");
    }
}
