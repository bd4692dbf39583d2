using System.CommandLine;
using System.Reflection;
using Edge.Provisioning.Analyze;
using Edge.Provisioning.Check;
using Edge.Provisioning.Control;
using Edge.Provisioning.Decode;
using Edge.Provisioning.Diag;
using Edge.Provisioning.Provision;

namespace Edge.Provisioning.Cli;

/// <summary>
/// Builds and runs the edgectl command tree against an <see cref="EdgectlEnvironment"/>. Usage errors exit 2 with
/// System.CommandLine's message and a pointer to --help; a <see cref="CliException"/> from a verb prints its message
/// and fix (or a JSON error with --json) and exits with its code.
/// </summary>
internal static class EdgectlApp
{
    /// <summary>The option every verb takes (recursive from the root).</summary>
    public const string JsonOptionName = "--json";

    public static string Version =>
        typeof(EdgectlApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>Parses and runs <paramref name="args"/>; returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args, EdgectlEnvironment environment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(environment);
        var root = BuildRoot(environment);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await environment.Error.WriteLineAsync("edgectl: " + error.Message);
            }

            var verb = parse.CommandResult.Command == root ? string.Empty : " " + string.Join(' ', CommandPath(parse.CommandResult.Command, root));
            await environment.Error.WriteLineAsync($"  fix: see 'edgectl{verb} --help'");
            return ExitCodes.Usage;
        }

        return await parse.InvokeAsync(
            new InvocationConfiguration { Output = environment.Out, Error = environment.Error, EnableDefaultExceptionHandler = false },
            cancellationToken);
    }

    public static RootCommand BuildRoot(EdgectlEnvironment environment)
    {
        var root = new RootCommand(
            "edgectl: provision and diagnose an Edge gateway. Talks to the running gateway over its Unix socket; never opens its database.");
        root.Options.Add(new Option<bool>(JsonOptionName)
        {
            Description = "Print one machine-readable JSON document on stdout instead of text.",
            Recursive = true,
        });
        var version = new Command("version", "Print edgectl's version.");
        Verb(version, environment, async (_, context, _) =>
        {
            if (context.Json)
            {
                await context.WriteJsonAsync(new { version = Version });
            }
            else
            {
                await context.LineAsync($"edgectl {Version}");
            }

            return ExitCodes.Ok;
        });
        root.Subcommands.Add(version);
        root.Subcommands.Add(ProvisionCommand.Create(environment));
        root.Subcommands.Add(CheckCommand.Create(environment));
        root.Subcommands.Add(StatusCommand.Create(environment));
        root.Subcommands.Add(DevicesCommand.Create(environment));
        root.Subcommands.Add(PatientsCommand.Create(environment));
        root.Subcommands.Add(DecodeCommand.Create(environment));
        root.Subcommands.Add(AnalyzeCommand.Create(environment));
        root.Subcommands.Add(DiagCommand.Create(environment));
        root.Subcommands.Add(Policy.PolicyCommand.Create(environment));
        root.SetAction(async parse =>
        {
            await environment.Error.WriteLineAsync("edgectl: no verb given.");
            await environment.Error.WriteLineAsync("  fix: see 'edgectl --help' (verbs: provision, check, status, devices, patients, policy, decode, analyze, diag, version)");
            return ExitCodes.Usage;
        });
        return root;
    }

    /// <summary>
    /// Sets <paramref name="command"/>'s action: builds the <see cref="CommandContext"/>, runs <paramref name="run"/>,
    /// and turns a <see cref="CliException"/> into its message, fix and exit code.
    /// </summary>
    public static void Verb(Command command, EdgectlEnvironment environment, Func<ParseResult, CommandContext, CancellationToken, Task<int>> run)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.SetAction(async (parse, ct) =>
        {
            var context = new CommandContext(environment, parse.GetValue<bool>(JsonOptionName));
            try
            {
                return await run(parse, context, ct);
            }
            catch (CliException ex)
            {
                await ReportAsync(context, ex);
                return ex.ExitCode;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                await environment.Error.WriteLineAsync("edgectl: interrupted.");
                return ExitCodes.Interrupted;
            }
        });
    }

    /// <summary>An option validator: the integer value must lie in [min, max].</summary>
    public static void Range(System.CommandLine.Parsing.OptionResult result, int min, int max)
    {
        ArgumentNullException.ThrowIfNull(result);
        var value = result.GetValueOrDefault<int>();
        if (value < min || value > max)
        {
            result.AddError($"{result.Option.Name} must be between {min} and {max} (got {value}).");
        }
    }

    public static async Task ReportAsync(CommandContext context, CliException ex)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(ex);
        if (context.Json)
        {
            await context.WriteJsonAsync(new { ok = false, exitCode = ex.ExitCode, error = ex.Code, message = ex.Message, fix = ex.Fix });
        }
        else
        {
            await context.Error.WriteLineAsync("edgectl: " + ex.Message);
            await context.Error.WriteLineAsync("  fix: " + ex.Fix);
        }
    }

    private static List<string> CommandPath(Command command, RootCommand root)
    {
        var names = new List<string>();
        foreach (var parent in AllCommands(root, []))
        {
            if (parent.Command == command)
            {
                names.AddRange(parent.Path);
                break;
            }
        }

        return names;
    }

    private static IEnumerable<(Command Command, List<string> Path)> AllCommands(Command command, List<string> path)
    {
        foreach (var sub in command.Subcommands)
        {
            var subPath = new List<string>(path) { sub.Name };
            yield return (sub, subPath);
            foreach (var nested in AllCommands(sub, subPath))
            {
                yield return nested;
            }
        }
    }
}
