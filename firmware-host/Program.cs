using Edge.Host;
using Edge.Host.Configuration;
using Edge.Host.Control;
using Edge.Host.Logging;
using Edge.Host.Systemd;
using Edge.Sync;

if (args.Contains("--health"))
{
    return HealthProbe.Run(args);
}

return await ConfigurationErrors.GuardAsync(
    async () =>
    {
        var builder = Host.CreateApplicationBuilder(args);
        var dataDirectory = builder.AddEdgeConfiguration(args);
        builder.AddEdgeLogging(dataDirectory).AddEdgeCore().AddEdgeDemoAndStatus();
        builder.AddEdgeDrivers().AddEdgeAnalytics().AddEdgeSync(dataDirectory).AddEdgeIngest().AddEdgeControl();
        builder.AddEdgeSystemd();
        using var host = builder.Build();
        host.ValidateEdgeOptions();
        await host.RunAsync();
    },
    Console.Error);
