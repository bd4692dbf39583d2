using System.Device.I2c;
using System.Globalization;
using System.Runtime.CompilerServices;
using Edge.Core;
using Iot.Device.Mlx90614;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Edge.Drivers.Board;

/// <summary>
/// The MLX90614 IR thermometer (Iot.Device.Bindings <see cref="Mlx90614"/>, over I2C) as an
/// <see cref="IObservationSource"/>: samples the object temperature every <see cref="BoardOptions.ThermometerIntervalMs"/>
/// and yields one <see cref="VitalKind.BodyTemperature"/> (Cel) per spot check (<see cref="ThermometerSpotCheck"/>).
/// </summary>
/// <remarks>
/// The observation <see cref="Observation.Source"/> is <c>i2c-{bus}-0x{address}</c>, which a patient binding maps to a
/// patient. The value is the skin (forehead) surface temperature as the sensor reports it: no offset to core
/// temperature is applied. I2C errors close the device and reopen it after a second; they never end the stream.
/// One enumeration at a time.
/// </remarks>
public sealed class IrThermometerSource : IObservationSource
{
    private static readonly TimeSpan Reopen = TimeSpan.FromSeconds(1);
    private readonly BoardOptions _options;
    private readonly Func<I2cDevice> _deviceFactory;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private long _i2cErrors;
    private long _readings;

    /// <summary>Creates the source.</summary>
    /// <param name="options">Board options (thermometer keys).</param>
    /// <param name="deviceFactory">Opens the I2C device (a register-file simulation in tests).</param>
    /// <param name="time">Clock of the sampling and the receive time.</param>
    /// <param name="logger">Logger.</param>
    public IrThermometerSource(IOptions<BoardOptions> options, Func<I2cDevice> deviceFactory, TimeProvider time, ILogger<IrThermometerSource> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(deviceFactory);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options.Value;
        _deviceFactory = deviceFactory;
        _time = time;
        _logger = logger;
        Source = string.Create(CultureInfo.InvariantCulture, $"i2c-{_options.I2cBus}-0x{_options.I2cAddress:X2}");
    }

    /// <inheritdoc/>
    public string Name => "ir-thermometer";

    /// <summary>The observation source, <c>i2c-{bus}-0x{address}</c>.</summary>
    public string Source { get; }

    /// <summary>I2C failures so far.</summary>
    public long I2cErrors => Interlocked.Read(ref _i2cErrors);

    /// <summary>Readings yielded so far.</summary>
    public long Readings => Interlocked.Read(ref _readings);

    /// <inheritdoc/>
    public async IAsyncEnumerable<Observation> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var spot = new ThermometerSpotCheck(_options);
        var interval = TimeSpan.FromMilliseconds(_options.ThermometerIntervalMs);
        Mlx90614? sensor = null;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                double? reading = null;
                var wait = interval;
                try
                {
                    if (sensor is null)
                    {
                        sensor = new Mlx90614(_deviceFactory());
                        BoardLog.ThermometerOpened(_logger, _options.I2cBus);
                    }

                    var before = spot.BadSamples;
                    reading = spot.Add(sensor.ReadObjectTemperature().DegreesCelsius);
                    if (spot.BadSamples != before)
                    {
                        BoardLog.ThermometerBadSample(_logger);
                    }
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException
                                               or ArgumentException or PlatformNotSupportedException or DllNotFoundException)
                {
                    Interlocked.Increment(ref _i2cErrors);
                    BoardLog.ThermometerFailed(_logger, ex.GetType().Name, (int)Reopen.TotalMilliseconds);
                    sensor?.Dispose();
                    sensor = null;
                    wait = Reopen;
                }

                if (reading is { } celsius)
                {
                    Interlocked.Increment(ref _readings);
                    yield return new Observation(Source, VitalKind.BodyTemperature, celsius, null, _time.GetUtcNow(), QualityIssues.None);
                }

                await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            sensor?.Dispose();
        }
    }
}
