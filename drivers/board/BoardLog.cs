using Microsoft.Extensions.Logging;

namespace Edge.Drivers.Board;

/// <summary>Source-generated log messages of the board I/O, event ids 2200-2299. No values, no identifiers.</summary>
internal static partial class BoardLog
{
    [LoggerMessage(2200, LogLevel.Information, "Board: LED on line {LedPin}, pairing button on line {ButtonPin}")]
    public static partial void Started(ILogger logger, int ledPin, int buttonPin);

    [LoggerMessage(2201, LogLevel.Error, "Board: GPIO unavailable ({ExceptionType}); the status state is kept but not shown")]
    public static partial void GpioUnavailable(ILogger logger, string exceptionType);

    [LoggerMessage(2202, LogLevel.Information, "Board: state {State}")]
    public static partial void StateChanged(ILogger logger, BoardState state);

    [LoggerMessage(2203, LogLevel.Information, "Board: pairing button pressed; pairing window {Open}")]
    public static partial void ButtonPressed(ILogger logger, string open);

    [LoggerMessage(2204, LogLevel.Warning, "Board: GPIO {Operation} failed ({ExceptionType}); retrying next tick")]
    public static partial void GpioFailed(ILogger logger, string operation, string exceptionType);

    [LoggerMessage(2210, LogLevel.Information, "Thermometer: MLX90614 opened on I2C bus {Bus}")]
    public static partial void ThermometerOpened(ILogger logger, int bus);

    [LoggerMessage(2211, LogLevel.Warning, "Thermometer: I2C {ExceptionType}; reopening in {DelayMs} ms")]
    public static partial void ThermometerFailed(ILogger logger, string exceptionType, int delayMs);

    [LoggerMessage(2212, LogLevel.Debug, "Thermometer: sample outside the sensor range (error flag or bad read), skipped")]
    public static partial void ThermometerBadSample(ILogger logger);
}
