using System.Reflection;

namespace Edge.Host.Configuration;

/// <summary>Where configuration comes from, lowest precedence first.</summary>
public static class ConfigurationRegistration
{
    /// <summary>The embedded base defaults: safe values for every option, no devices, no demo parts.</summary>
    public const string DefaultsResource = "Edge.Host.edge.defaults.json";

    /// <summary>
    /// The embedded demo: simulator, three synthetic patients, in-process broker. Applied only when no
    /// <c>--config</c> file is given, so a real deployment never inherits demo patients (configuration arrays merge
    /// by index).
    /// </summary>
    public const string DemoResource = "Edge.Host.edge.demo.json";

    /// <summary>
    /// Embedded defaults, then either the file named by <c>--config</c> (what <c>edgectl provision</c> writes) or,
    /// without one, the embedded demo; then
    /// environment variables prefixed <c>EDGE_</c> (<c>EDGE_Edge__Uplink__Port=1883</c>), then the command line.
    /// A missing <c>--config</c> file is an error, not a silent fall-back to the demo.
    /// </summary>
    /// <returns>The data directory as a full path.</returns>
    public static string AddEdgeConfiguration(this IHostApplicationBuilder builder, string[] args)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(args);
        var configFile = ConfigFileArgument(args);
        var sources = builder.Configuration.Sources;
        sources.Clear();
        builder.Configuration.AddJsonStream(Embedded(DefaultsResource));
        if (configFile is null)
        {
            builder.Configuration.AddJsonStream(Embedded(DemoResource));
        }
        else
        {
            if (!File.Exists(configFile))
            {
                throw new FileNotFoundException($"The configuration file given with --config does not exist: {configFile}", configFile);
            }

            builder.Configuration.AddJsonFile(Path.GetFullPath(configFile), optional: false, reloadOnChange: false);
        }

        builder.Configuration.AddEnvironmentVariables("EDGE_");
        builder.Configuration.AddCommandLine(args.Where(a => a != "--config" && a != configFile).ToArray());
        return Path.GetFullPath(builder.Configuration["Edge:DataDirectory"] ?? "data");
    }

    private static Stream Embedded(string name) =>
        Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The embedded configuration {name} is missing from the build.");

    /// <summary>The value after <c>--config</c>, if any.</summary>
    public static string? ConfigFileArgument(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        for (var i = 0; i < args.Count - 1; i++)
        {
            if (args[i] == "--config")
            {
                return args[i + 1];
            }
        }

        return null;
    }
}
