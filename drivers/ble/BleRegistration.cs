using Edge.Core;
using Edge.Drivers.Ble.BlueZ;
using Edge.Drivers.Ble.Pairing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Edge.Drivers.Ble;

/// <summary>Host wiring of the BLE driver.</summary>
public static class BleRegistration
{
    /// <summary>
    /// Binds and validates <c>Edge:Ble</c> (<see cref="BleOptions"/>, validated at start). When
    /// <c>Edge:Ble:Enabled</c> is true, registers the BLE central (a hosted service owning the bus connection), the
    /// BLE <see cref="IObservationSource"/>, the <see cref="BlePairingEngine"/> singleton, and
    /// <see cref="RacpAcknowledger"/> as an <see cref="IStoredObservationListener"/>, which ingest must call after each
    /// fsync'd commit. State (RACP cursors, bindings, audit) lives in <c>Edge:Ble:StateDirectory</c>, by default
    /// <c>{Edge:DataDirectory}/ble</c>.
    /// </summary>
    public static IHostApplicationBuilder AddBleDrivers(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<BleOptions>().Bind(builder.Configuration.GetSection(BleOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        if (!builder.Configuration.GetValue($"{BleOptions.Section}:Enabled", false))
        {
            return builder;
        }

        var dataDirectory = builder.Configuration["Edge:DataDirectory"] ?? "data";
        string State(IServiceProvider sp)
        {
            var configured = sp.GetRequiredService<IOptions<BleOptions>>().Value.StateDirectory;
            return Path.GetFullPath(configured.Length > 0 ? configured : Path.Combine(dataDirectory, "ble"));
        }

        builder.Services.AddSingleton(sp => new RacpCursorStore(State(sp)));
        builder.Services.AddSingleton(sp => new BindingStore(State(sp)));
        builder.Services.AddSingleton(sp => new PairingAudit(State(sp)));
        builder.Services.AddSingleton(sp => new RacpAcknowledger(sp.GetRequiredService<RacpCursorStore>(), sp.GetRequiredService<ILogger<RacpAcknowledger>>()));
        builder.Services.AddSingleton<IStoredObservationListener>(sp => sp.GetRequiredService<RacpAcknowledger>());
        builder.Services.AddSingleton<BleCentral>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<BleCentral>());
        builder.Services.AddSingleton<BlePairingEngine>();
        builder.Services.AddSingleton<IObservationSource>(sp =>
        {
            // The pairing engine re-adds its bound devices and answers the agent: create it with the source.
            sp.GetRequiredService<BlePairingEngine>();
            return new BleObservationSource(sp.GetRequiredService<BleCentral>());
        });
        return builder;
    }
}
