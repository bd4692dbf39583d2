using Edge.Core;
using Edge.Drivers.Serial.Port;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Edge.Drivers.Serial;

/// <summary>The serial driver's one <c>AddX</c>.</summary>
public static class SerialDriverRegistration
{
    /// <summary>
    /// Binds and validates <c>Edge:Serial</c> (<see cref="SerialOptions"/>; a bad value stops start-up naming the
    /// key) and, only when <c>Edge:Serial:Enabled</c> is true, registers <see cref="SerialObservationSource"/> as an
    /// <see cref="IObservationSource"/> (and as itself, for status). Needs a <see cref="TimeProvider"/> in DI.
    /// </summary>
    public static IHostApplicationBuilder AddSerialDrivers(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<SerialOptions>()
            .Bind(builder.Configuration.GetSection(SerialOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SerialOptions>, SerialOptionsValidator>());
        if (!builder.Configuration.GetValue($"{SerialOptions.SectionName}:Enabled", false))
        {
            return builder;
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SerialMetrics>();
        services.TryAddSingleton<ISerialLinkFactory>(sp =>
            new SystemSerialLinkFactory(TimeSpan.FromMilliseconds(sp.GetRequiredService<IOptions<SerialOptions>>().Value.IoTimeoutMs)));
        services.TryAddSingleton(sp => new SerialObservationSource(
            sp.GetRequiredService<IOptions<SerialOptions>>(),
            sp.GetRequiredService<ISerialLinkFactory>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>(),
            sp.GetService<SerialMetrics>()));
        services.AddSingleton<IObservationSource>(sp => sp.GetRequiredService<SerialObservationSource>());
        return builder;
    }
}
