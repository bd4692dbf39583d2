using Edge.Host;
using Edge.Host.Configuration;
using Edge.Host.Logging;
using Edge.Sync;

if (args.Contains("--health"))
{
    return HealthProbe.Run(args);
}

var builder = Host.CreateApplicationBuilder(args);
var dataDirectory = builder.AddEdgeConfiguration(args);
builder.AddEdgeLogging(dataDirectory).AddEdgeCore().AddEdgeDemoAndStatus();
builder.AddEdgeDrivers().AddEdgeAnalytics().AddEdgeSync(dataDirectory).AddEdgeIngest();
builder.Services.AddSystemd();
await builder.Build().RunAsync();
return 0;
