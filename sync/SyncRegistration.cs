using Edge.Sync.Outbox;
using Edge.Sync.Uplink;
using Edge.Sync.Wire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Edge.Sync;

/// <summary>Composition of the sync area: outbox, site identity and the MQTT uplink.</summary>
public static class SyncRegistration
{
    /// <summary>Binds <c>Edge:Site</c>, <c>Edge:Outbox</c> and <c>Edge:Uplink</c>, validated at start, and adds the uplink service.</summary>
    /// <param name="builder">The host builder.</param>
    /// <param name="dataDirectory">Folder of the outbox files.</param>
    public static IHostApplicationBuilder AddEdgeSync(this IHostApplicationBuilder builder, string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<SiteOptions>().Bind(builder.Configuration.GetSection("Edge:Site")).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<OutboxOptions>().Bind(builder.Configuration.GetSection("Edge:Outbox")).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<UplinkOptions>().Bind(builder.Configuration.GetSection("Edge:Uplink")).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton(sp =>
        {
            var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger("Edge.Sync.Outbox");
            var store = OutboxStore.Open(Path.Combine(dataDirectory, "outbox"), sp.GetRequiredService<TimeProvider>(), logger);
            SyncLog.OutboxOpened(logger, store.PendingCount);
            return store;
        });
        builder.Services.AddSingleton<UplinkStatus>();
        builder.Services.AddHostedService<MqttUplinkService>();
        return builder;
    }
}
