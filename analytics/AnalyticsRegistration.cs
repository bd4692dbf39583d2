using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Edge.Analytics;

/// <summary>The analytics area's one registration.</summary>
public static class AnalyticsRegistration
{
    /// <summary>The configuration section: <c>Edge:Analytics</c>.</summary>
    public const string Section = "Edge:Analytics";

    /// <summary>
    /// Registers <see cref="AnalyticsOptions"/> (bound from <see cref="Section"/>, validated at start with every bad
    /// key named) and a singleton <see cref="AnalyticsEngine"/> that loads the model, logs through
    /// <see cref="ILogger{TCategoryName}"/> and meters through <see cref="System.Diagnostics.Metrics.IMeterFactory"/>
    /// when those are registered. Per-patient settings from elsewhere (the pairing registry's SpO2 scales) go in
    /// with <c>services.AddOptions&lt;AnalyticsOptions&gt;().PostConfigure&lt;T&gt;(...)</c>.
    /// </summary>
    /// <example><c>builder.Services.AddEdgeAnalytics(builder.Configuration);</c></example>
    public static IServiceCollection AddEdgeAnalytics(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<AnalyticsOptions>().Bind(configuration.GetSection(Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AnalyticsOptions>, AnalyticsOptionsValidator>();
        services.AddSingleton(sp => new AnalyticsEngine(
            sp.GetRequiredService<IOptions<AnalyticsOptions>>().Value,
            sp.GetService<ILoggerFactory>()?.CreateLogger<AnalyticsEngine>(),
            sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        return services;
    }

    /// <summary>Reports every <see cref="AnalyticsOptions.Errors"/> entry with its full configuration key.</summary>
    private sealed class AnalyticsOptionsValidator : IValidateOptions<AnalyticsOptions>
    {
        public ValidateOptionsResult Validate(string? name, AnalyticsOptions options)
        {
            var errors = options.Errors().Select(e => Section + ":" + e).ToList();
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }
}
