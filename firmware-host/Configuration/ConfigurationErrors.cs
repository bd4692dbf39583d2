using Microsoft.Extensions.Options;

namespace Edge.Host.Configuration;

/// <summary>
/// Turns a bad configuration into one clear message on stderr and exit code <see cref="ExitCode"/>, instead of a
/// stack trace and a crash loop. Messages name the section and key; values are never echoed (one might be a MAC).
/// </summary>
public static class ConfigurationErrors
{
    /// <summary>Exit code for a configuration error (EX_CONFIG from sysexits.h). systemd does not restart on it.</summary>
    public const int ExitCode = 78;

    private static readonly Dictionary<string, string> Sections = new(StringComparer.Ordinal)
    {
        ["EdgeOptions"] = "Edge",
        ["PatientsOptions"] = "Edge:Patients",
        ["SiteOptions"] = "Edge:Site",
        ["OutboxOptions"] = "Edge:Outbox",
        ["UplinkOptions"] = "Edge:Uplink",
        ["DemoBrokerOptions"] = "Edge:DemoBroker",
        ["SimulatorOptions"] = "Edge:Simulator",
        ["ResidencyOptions"] = "Edge:Residency",
    };

    /// <summary>Runs the gateway; a configuration error becomes a message and exit code 78.</summary>
    public static async Task<int> GuardAsync(Func<Task> run, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            await run();
            return 0;
        }
        catch (Exception ex) when (Describe(ex) is { Count: > 0 } problems)
        {
            await error.WriteLineAsync("edge: configuration error; the gateway did not start:");
            foreach (var problem in problems)
            {
                await error.WriteLineAsync("  - " + problem);
            }

            return ExitCode;
        }
    }

    /// <summary>The configuration problems an exception stands for; empty when it is not a configuration error.</summary>
    public static IReadOnlyList<string> Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        switch (exception)
        {
            case OptionsValidationException validation:
                var section = Sections.GetValueOrDefault(validation.OptionsType.Name, validation.OptionsType.Name);
                return validation.Failures.Select(f => $"{section}: {f}").ToList();
            case AggregateException aggregate:
                var all = aggregate.InnerExceptions.Select(Describe).ToList();
                return all.All(d => d.Count > 0) ? all.SelectMany(d => d).ToList() : [];
            case FileNotFoundException notFound when notFound.Message.Contains("--config", StringComparison.Ordinal):
                return [notFound.Message];
            case InvalidDataException invalid:
                // Microsoft.Extensions.Configuration.Json: "Failed to load configuration from file '...'".
                return [invalid.Message + (invalid.GetBaseException() is { } root && root != invalid ? " " + root.Message : string.Empty)];
            default:
                return [];
        }
    }
}
