using Edge.Analytics;
using Edge.Core;
using Edge.Drivers.Ble;
using Edge.Drivers.Board;
using Edge.Drivers.Serial;
using Edge.Drivers.Simulator;
using Edge.Host.Clock;
using Edge.Host.Configuration;
using Edge.Host.Demo;
using Edge.Host.Ingest;
using Edge.Host.Status;
using Edge.Sync.Residency;
using Microsoft.Extensions.Options;

namespace Edge.Host;

/// <summary>One <c>AddX</c> per area that the host composes itself.</summary>
public static class HostRegistration
{
    /// <summary>Gateway-wide options, the pairing registry and the clock.</summary>
    public static IHostApplicationBuilder AddEdgeCore(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddOptions<EdgeOptions>().Bind(builder.Configuration.GetSection("Edge")).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<PatientsOptions>().Bind(builder.Configuration.GetSection("Edge")).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<PatientsOptions>, PatientsOptionsValidator>();
        builder.Services.AddSingleton<PairingRegistry>();
        builder.Services.AddSingleton<PatientJurisdictionLookup>(sp =>
        {
            var byPatient = sp.GetRequiredService<IOptions<PatientsOptions>>().Value.Patients
                .Where(p => p.Jurisdiction.Length > 0)
                .ToDictionary(p => p.Id, p => p.Jurisdiction, StringComparer.Ordinal);
            return id => byPatient.GetValueOrDefault(id);
        });
        builder.Services.AddSingleton<IClockTrust, KernelClockTrust>();
        return builder;
    }

    /// <summary>Observation sources: the simulator, serial oximeters, BLE health devices, and the board (LED, button, I2C).</summary>
    public static IHostApplicationBuilder AddEdgeDrivers(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddSerialDrivers().AddBoard().AddBleDrivers();
        builder.Services.AddHostedService<BoardStatusFeeder>();
        builder.Services.AddOptions<SimulatorOptions>().Bind(builder.Configuration.GetSection("Edge:Simulator")).ValidateDataAnnotations().ValidateOnStart();
        if (builder.Configuration.GetValue("Edge:Simulator:Enabled", false))
        {
            builder.Services.AddSingleton<IObservationSource, SimulatorSource>();
        }

        return builder;
    }

    /// <summary>The analytics stage (section <c>Edge:Analytics</c>), with each patient's SpO2 scale from the pairing registry.</summary>
    public static IHostApplicationBuilder AddEdgeAnalytics(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddEdgeAnalytics(builder.Configuration);
        builder.Services.AddOptions<AnalyticsOptions>().PostConfigure<IOptions<PatientsOptions>>((options, patients) =>
            options.SpO2ScaleByPatient = patients.Value.Patients.ToDictionary(p => p.Id, p => p.SpO2Scale, StringComparer.Ordinal));
        return builder;
    }

    /// <summary>The ingest stage: drivers to analytics to the outbox.</summary>
    public static IHostApplicationBuilder AddEdgeIngest(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<GatewayStatus>();
        builder.Services.AddSingleton<PatientPanels>();
        builder.Services.AddHostedService<IngestService>();
        return builder;
    }

    /// <summary>The demo's in-process broker and the live console view.</summary>
    public static IHostApplicationBuilder AddEdgeDemoAndStatus(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<DemoBrokerOptions>().Bind(builder.Configuration.GetSection("Edge:DemoBroker")).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<DemoBrokerService>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DemoBrokerService>());
        builder.Services.AddHostedService<StatusReporter>();
        return builder;
    }

    /// <summary>
    /// Validates every options class registered with <c>ValidateOnStart</c> at once, before any service is built, so
    /// one run reports every bad key rather than the first one a constructor happens to touch.
    /// </summary>
    public static void ValidateEdgeOptions(this IHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        host.Services.GetService<IStartupValidator>()?.Validate();
    }
}
