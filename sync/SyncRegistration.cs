using Edge.Core;
using Edge.Core.Progress;
using Edge.Sync.Dialects;
using Edge.Sync.Outbox;
using Edge.Sync.Residency;
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
        builder.AddEdgeResidency(dataDirectory);

        // Destinations: Edge:Uplink, plus one per child of Edge:Destinations (each a full uplink section with its own
        // Id, Region, Purpose and Format). Each gets its own connection, lanes, status and residency re-check.
        var extra = builder.Configuration.GetSection("Edge:Destinations").GetChildren().ToList();
        var names = new List<string> { Options.DefaultName };
        foreach (var section in extra)
        {
            var name = "Edge:Destinations:" + section.Key;
            builder.Services.AddOptions<UplinkOptions>(name).Bind(section).ValidateDataAnnotations().ValidateOnStart();
            names.Add(name);
        }

        builder.Services.AddSingleton(sp => new DestinationSet(names.Select(n => sp.GetRequiredService<IOptionsMonitor<UplinkOptions>>().Get(n)).ToList()));
        builder.Services.AddSingleton<UplinkStatus>();
        builder.Services.AddSingleton(sp => new UplinkStatusBoard(sp.GetRequiredService<DestinationSet>(), sp.GetRequiredService<UplinkStatus>()));
        builder.Services.AddSingleton<SyncMetrics>();
        for (var i = 0; i < names.Count; i++)
        {
            var index = i;
            builder.Services.AddSingleton<IHostedService>(sp => CreateUplink(sp, index));
        }

        builder.Services.AddHostedService<OutboxMaintenanceService>();
        return builder;
    }

    /// <summary>
    /// Binds <c>Edge:Residency</c>: the policy (validated at start; a bad file stops the gateway naming the line and
    /// rule), the site secret, the audit log, the keep-local store and the gate that stamps and re-checks.
    /// </summary>
    public static IHostApplicationBuilder AddEdgeResidency(this IHostApplicationBuilder builder, string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<ResidencyOptions>().Bind(builder.Configuration.GetSection("Edge:Residency")).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ResidencyOptions>, ResidencyOptionsValidator>();
        builder.Services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ResidencyOptions>>().Value;
            return new ResidencyPaths(
                options.AuditFile ?? Path.Combine(dataDirectory, "residency-audit.jsonl"),
                options.SecretFile ?? Path.Combine(dataDirectory, "site-secret.key"));
        });
        builder.Services.AddSingleton(sp => ResidencyOptionsValidator.LoadPolicy(sp.GetRequiredService<IOptions<ResidencyOptions>>().Value));
        builder.Services.AddSingleton(sp =>
        {
            var destinations = sp.GetRequiredService<DestinationSet>();
            var site = sp.GetRequiredService<IOptions<SiteOptions>>().Value;
            var policy = sp.GetRequiredService<ResidencyPolicy>();
            var lookup = sp.GetService<PatientJurisdictionLookup>();
            var secret = SiteSecret.LoadOrCreate(sp.GetRequiredService<ResidencyPaths>().SecretFile);
            return new ResidencyGate(
                policy,
                destinations.Destinations,
                site.Jurisdiction,
                id => lookup?.Invoke(id),
                new Pseudonymiser(secret),
                new ResidencyAudit(policy));
        });
        builder.Services.AddSingleton(_ => LocalRetentionStore.Open(Path.Combine(dataDirectory, "local")));
        builder.Services.AddSingleton(sp => sp.GetRequiredService<IOptions<ResidencyOptions>>().Value);
        builder.Services.AddHostedService<ResidencyAuditService>();
        return builder;
    }

    private static MqttUplinkService CreateUplink(IServiceProvider sp, int index)
    {
        var destinations = sp.GetRequiredService<DestinationSet>();
        var options = destinations.Options[index];
        var site = sp.GetRequiredService<IOptions<SiteOptions>>();
        IUplinkDialect dialect;
        if (options.Dialect == "iothub")
        {
            var clock = sp.GetRequiredService<IClockTrust>();
            dialect = new IotHubDialect(options.IotHub, sp.GetRequiredService<TimeProvider>(), () => clock.Current == ClockTrust.Trusted);
        }
        else
        {
            dialect = new GenericMqttDialect(options, site.Value);
        }

        return new MqttUplinkService(
            sp.GetRequiredService<OutboxStore>(),
            Options.Create(options),
            site,
            dialect,
            sp.GetRequiredService<ResidencyGate>(),
            sp.GetRequiredService<UplinkStatusBoard>().For(options.Id),
            sp.GetRequiredService<DeadLetterStore>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<MqttUplinkService>>(),
            index == 0 ? sp.GetService<SyncMetrics>() : null,
            sp.GetService<PipelineHeartbeats>(),
            primary: index == 0);
    }
}
