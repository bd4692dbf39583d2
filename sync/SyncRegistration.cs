using Edge.Core;
using Edge.Sync.Dialects;
using Edge.Sync.Outbox;
using Edge.Sync.Uplink;
using Edge.Sync.Wire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Edge.Sync;

/// <summary>Composition of the sync area: outbox, site identity, the MQTT uplink and its metrics.</summary>
public static class SyncRegistration
{
    /// <summary>
    /// Binds <c>Edge:Site</c>, <c>Edge:Outbox</c> and <c>Edge:Uplink</c>, validated at start, and adds the uplink and
    /// the outbox maintenance. Needs an <see cref="IClockTrust"/> and a <see cref="TimeProvider"/> registered.
    /// </summary>
    /// <param name="builder">The host builder.</param>
    /// <param name="dataDirectory">Folder of the outbox and dead-letter files.</param>
    public static IHostApplicationBuilder AddEdgeSync(this IHostApplicationBuilder builder, string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<SiteOptions>().Bind(builder.Configuration.GetSection("Edge:Site")).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<OutboxOptions>().Bind(builder.Configuration.GetSection("Edge:Outbox")).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<UplinkOptions>().Bind(builder.Configuration.GetSection("Edge:Uplink")).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton(sp =>
        {
            var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger("Edge.Sync.Outbox");
            var store = OutboxStore.Open(
                Path.Combine(dataDirectory, "outbox"),
                sp.GetRequiredService<IOptions<OutboxOptions>>().Value,
                sp.GetRequiredService<TimeProvider>(),
                logger);
            SyncLog.OutboxOpened(logger, store.PendingCount);
            return store;
        });
        builder.Services.AddSingleton(sp => new DeadLetterStore(Path.Combine(dataDirectory, "deadletter"), sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton<IUplinkDialect>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<UplinkOptions>>().Value;
            if (options.Dialect == "iothub")
            {
                var clock = sp.GetRequiredService<IClockTrust>();
                return new IotHubDialect(options.IotHub, sp.GetRequiredService<TimeProvider>(), () => clock.Current == ClockTrust.Trusted);
            }

            return new GenericMqttDialect(options, sp.GetRequiredService<IOptions<SiteOptions>>().Value);
        });
        builder.Services.AddSingleton<UplinkStatus>();
        builder.Services.AddSingleton<SyncMetrics>();
        builder.Services.AddHostedService<MqttUplinkService>();
        builder.Services.AddHostedService<OutboxMaintenanceService>();
        return builder;
    }
}
