namespace Edge.Drivers.Board;

/// <summary>
/// Turns a stream of IR object temperatures into spot-check readings: a person in front of the sensor gives
/// temperatures inside [min, max]; once <c>stableSamples</c> in a row agree within the tolerance, their mean (0.1 °C)
/// is one reading, and no further reading is made until the temperature leaves the window below (the person moved
/// away). A sensor pointed at a room or a hot drink therefore sends nothing. Not thread-safe.
/// </summary>
public sealed class ThermometerSpotCheck
{
    // MLX90614 object range per the Melexis datasheet: -70 to 380 °C. Anything else is a failed read or the error flag.
    private const double SensorMin = -70.0;
    private const double SensorMax = 380.0;

    private readonly double _min;
    private readonly double _max;
    private readonly int _samples;
    private readonly double _tolerance;
    private readonly Queue<double> _window;
    private bool _armed = true;

    /// <summary>Creates the spot check from the board options.</summary>
    public ThermometerSpotCheck(BoardOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _min = options.MinBodyCelsius;
        _max = options.MaxBodyCelsius;
        _samples = options.StableSamples;
        _tolerance = options.StableToleranceCelsius;
        _window = new Queue<double>(_samples);
    }

    /// <summary>Samples outside the sensor's range, ignored.</summary>
    public long BadSamples { get; private set; }

    /// <summary>Adds one object temperature (°C); returns a reading when one is complete.</summary>
    public double? Add(double celsius)
    {
        if (!double.IsFinite(celsius) || celsius < SensorMin || celsius > SensorMax)
        {
            BadSamples++;
            return null;
        }

        if (celsius < _min)
        {
            _armed = true;
            _window.Clear();
            return null;
        }

        if (celsius > _max || !_armed)
        {
            _window.Clear();
            return null;
        }

        _window.Enqueue(celsius);
        if (_window.Count > _samples)
        {
            _window.Dequeue();
        }

        if (_window.Count < _samples || _window.Max() - _window.Min() > _tolerance)
        {
            return null;
        }

        var mean = Math.Round(_window.Average(), 1, MidpointRounding.AwayFromZero);
        _window.Clear();
        _armed = false;
        return mean;
    }
}
