using Edge.Host.Configuration;
using Edge.Host.Status;

namespace Edge.Host;

/// <summary>
/// <c>Edge.Host --health [--config FILE]</c>: exits 0 when the running gateway rewrote its status file within the
/// last 30 s, 1 otherwise. Used by the container HEALTHCHECK; never opens the outbox.
/// </summary>
public static class HealthProbe
{
    public static int Run(string[] args)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder([]);
        var dataDirectory = builder.AddEdgeConfiguration(args.Where(a => a != "--health").ToArray());
        var path = Path.Combine(dataDirectory, StatusReporter.StatusFileName);
        if (!File.Exists(path))
        {
            Console.Error.WriteLine($"unhealthy: no status file at {path}");
            return 1;
        }

        var age = TimeProvider.System.GetUtcNow() - File.GetLastWriteTimeUtc(path);
        if (age > TimeSpan.FromSeconds(30))
        {
            Console.Error.WriteLine($"unhealthy: status file is {age.TotalSeconds:0} s old");
            return 1;
        }

        // Degraded analytics (no model) is reported but healthy: the clinical rules still run.
        var degraded = File.ReadAllText(path).Contains("\"analytics\":\"degraded", StringComparison.Ordinal);
        Console.WriteLine(degraded ? "healthy (degraded analytics: rules only)" : "healthy");
        return 0;
    }
}
