using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace Edge.Host.Logging;

/// <summary>Serilog: rolling compact-JSON files in the data directory, plus the console.</summary>
public static class LoggingRegistration
{
    /// <summary>
    /// Files roll daily and at 10 MiB, 14 kept. On an interactive terminal with the live view on, the console gets
    /// errors only (on stderr) so the view stays readable; otherwise it gets information and above.
    /// </summary>
    public static IHostApplicationBuilder AddEdgeLogging(this IHostApplicationBuilder builder, string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var liveView = builder.Configuration.GetValue("Edge:ConsoleView", true) && !Console.IsOutputRedirected;
        builder.Services.AddSerilog(config => config
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("MQTTnet", LogEventLevel.Warning)
            .Enrich.FromLogContext()
            .WriteTo.File(
                new CompactJsonFormatter(),
                Path.Combine(dataDirectory, "logs", "edge-.clef"),
                rollingInterval: RollingInterval.Day,
                fileSizeLimitBytes: 10 * 1024 * 1024,
                rollOnFileSizeLimit: true,
                retainedFileCountLimit: 14)
            .WriteTo.Console(
                restrictedToMinimumLevel: liveView ? LogEventLevel.Error : LogEventLevel.Information,
                standardErrorFromLevel: liveView ? LogEventLevel.Verbose : LogEventLevel.Error,
                formatProvider: System.Globalization.CultureInfo.InvariantCulture));
        return builder;
    }
}
