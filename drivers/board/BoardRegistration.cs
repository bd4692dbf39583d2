using System.Device.Gpio;
using System.Device.Gpio.Drivers;
using System.Device.I2c;
using Edge.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Edge.Drivers.Board;

/// <summary>The board area's one <c>AddX</c>.</summary>
public static class BoardRegistration
{
    /// <summary>
    /// Binds and validates <c>Edge:Board</c>. Always registers <see cref="IStatusIndicator"/> (a
    /// <see cref="BoardService"/>), so the host can feed uplink, alarm and pairing state whether or not a board is
    /// fitted. With <c>Edge:Board:Enabled</c> the service also runs as a hosted service driving the LED and reading
    /// the button over System.Device.Gpio; with <c>Edge:Board:ThermometerEnabled</c> the MLX90614 is registered as an
    /// <see cref="IObservationSource"/>. Needs a <see cref="TimeProvider"/> in DI (added if missing).
    /// </summary>
    public static IHostApplicationBuilder AddBoard(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<BoardOptions>()
            .Bind(builder.Configuration.GetSection(BoardOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BoardOptions>, BoardOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        var enabled = builder.Configuration.GetValue($"{BoardOptions.SectionName}:Enabled", false);
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<BoardOptions>>();
            Func<GpioController>? gpio = enabled ? () => CreateGpio(options.Value) : null;
            return new BoardService(options, gpio, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<BoardService>>());
        });
        services.TryAddSingleton<IStatusIndicator>(sp => sp.GetRequiredService<BoardService>());
        if (enabled)
        {
            services.AddHostedService(sp => sp.GetRequiredService<BoardService>());
        }

        if (builder.Configuration.GetValue($"{BoardOptions.SectionName}:ThermometerEnabled", false))
        {
            services.AddSingleton<IObservationSource>(sp =>
            {
                var options = sp.GetRequiredService<IOptions<BoardOptions>>();
                return new IrThermometerSource(
                    options,
                    () => I2cDevice.Create(new I2cConnectionSettings(options.Value.I2cBus, options.Value.I2cAddress)),
                    sp.GetRequiredService<TimeProvider>(),
                    sp.GetRequiredService<ILogger<IrThermometerSource>>());
            });
        }

        return builder;
    }

    private static GpioController CreateGpio(BoardOptions options) =>
        options.GpioChip >= 0 ? new GpioController(new LibGpiodDriver(options.GpioChip)) : new GpioController();
}
