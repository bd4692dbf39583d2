using Edge.Core.Progress;
using Microsoft.Extensions.Options;

namespace Edge.Host.Systemd;

/// <summary>The systemd glue: pipeline heartbeats always, notifications when systemd asked for them.</summary>
public static class SystemdRegistration
{
    /// <summary>
    /// Registers <see cref="PipelineHeartbeats"/> (a singleton every pipeline stage can beat, deadline from
    /// <c>Edge:Watchdog:StageDeadline</c>) and, when <c>$NOTIFY_SOCKET</c> is set, the notifier that sends
    /// <c>READY=1</c>, <c>WATCHDOG=1</c>, <c>STATUS=</c> and <c>STOPPING=1</c>.
    /// </summary>
    public static IHostApplicationBuilder AddEdgeSystemd(this IHostApplicationBuilder builder, SystemdEnvironment? environment = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<WatchdogOptions>().Bind(builder.Configuration.GetSection(WatchdogOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton(sp => new PipelineHeartbeats(
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptions<WatchdogOptions>>().Value.StageDeadline));
        var systemd = environment ?? SystemdEnvironment.Current();
        if (systemd.NotifySocket is { } address)
        {
            builder.Services.AddSingleton(systemd);
            builder.Services.AddSingleton(new NotifySocket(address));
            builder.Services.AddHostedService<SystemdNotifyService>();
        }

        return builder;
    }
}
