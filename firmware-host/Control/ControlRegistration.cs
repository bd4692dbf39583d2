using Edge.Drivers.Ble;
using Microsoft.Extensions.Options;

namespace Edge.Host.Control;

/// <summary>The control area's one <c>AddX</c>.</summary>
public static class ControlRegistration
{
    /// <summary>
    /// The local control API and the nurse page (section <c>Edge:Control</c>, validated at start): the Unix socket
    /// (default <c>{Edge:DataDirectory}/edge.sock</c>), the optional LAN listener behind the site PIN (default PIN
    /// file <c>{Edge:DataDirectory}/pin</c>), the pairing window shared with the board's button, and the per-device
    /// activity ingest feeds after each commit.
    /// </summary>
    public static IHostApplicationBuilder AddEdgeControl(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var dataDirectory = Path.GetFullPath(builder.Configuration["Edge:DataDirectory"] ?? "data");
        builder.Services.AddOptions<ControlOptions>()
            .Bind(builder.Configuration.GetSection(ControlOptions.Section))
            .PostConfigure(options =>
            {
                options.SocketPath = Path.GetFullPath(options.SocketPath.Length > 0 ? options.SocketPath : Path.Combine(dataDirectory, "edge.sock"));
                options.PinFile = Path.GetFullPath(options.PinFile.Length > 0 ? options.PinFile : Path.Combine(dataDirectory, "pin"));
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ControlOptions>, ControlOptionsValidator>();
        builder.Services.AddSingleton<DeviceActivity>();
        builder.Services.AddSingleton<IStoredObservationListener>(sp => sp.GetRequiredService<DeviceActivity>());
        builder.Services.AddSingleton<PairingWindow>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<PairingWindow>());
        builder.Services.AddSingleton<DeviceDirectory>();
        builder.Services.AddSingleton<StatusQueries>();
        builder.Services.AddSingleton<PairingEndpoints>();
        builder.Services.AddSingleton<SessionGate>();
        builder.Services.AddSingleton<ControlServer>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ControlServer>());
        return builder;
    }
}
