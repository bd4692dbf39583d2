using System.ComponentModel.DataAnnotations;

namespace Edge.Drivers.Board;

/// <summary>
/// Options of the board I/O, section <c>Edge:Board</c>. Safe defaults: everything off. Pin numbers are the Linux GPIO
/// line offsets of <see cref="GpioChip"/> (BCM numbers on a Raspberry Pi; gpiochip0 on a Pi 4, gpiochip4 on a Pi 5
/// with older kernels, gpiochip0 again on current Raspberry Pi OS).
/// </summary>
public sealed class BoardOptions
{
    /// <summary>The configuration section, <c>Edge:Board</c>.</summary>
    public const string SectionName = "Edge:Board";

    /// <summary>Whether the status LED and the pairing button are driven. Default false.</summary>
    public bool Enabled { get; set; }

    /// <summary>The GPIO chip number for libgpiod; -1 lets System.Device.Gpio choose. -1 to 16; default -1.</summary>
    [Range(-1, 16)]
    public int GpioChip { get; set; } = -1;

    /// <summary>The LED's GPIO line. 0 to 511; default 17 (header pin 11 on a Pi).</summary>
    [Range(0, 511)]
    public int LedPin { get; set; } = 17;

    /// <summary>True when the LED lights on a low output (wired to 3V3 through the resistor). Default false.</summary>
    public bool LedActiveLow { get; set; }

    /// <summary>The pairing button's GPIO line. 0 to 511; default 27 (header pin 13 on a Pi).</summary>
    [Range(0, 511)]
    public int ButtonPin { get; set; } = 27;

    /// <summary>
    /// True when the button pulls the line to ground (the usual wiring: the input uses the internal pull-up where the
    /// driver supports it). Default true.
    /// </summary>
    public bool ButtonActiveLow { get; set; } = true;

    /// <summary>How long the button must read the same to count, in milliseconds. 5 to 500; default 30.</summary>
    [Range(5, 500)]
    public int DebounceMs { get; set; } = 30;

    /// <summary>How long a pairing window stays open, in seconds. 10 to 3600; default 120.</summary>
    [Range(10, 3600)]
    public int PairingWindowSeconds { get; set; } = 120;

    /// <summary>The board loop period (button sampling and LED update), in milliseconds. 5 to 100; default 10.</summary>
    [Range(5, 100)]
    public int TickMs { get; set; } = 10;

    /// <summary>Whether the Melexis MLX90614 IR thermometer is read as an observation source. Default false.</summary>
    public bool ThermometerEnabled { get; set; }

    /// <summary>The I2C bus of the thermometer (<c>/dev/i2c-N</c>). 0 to 16; default 1.</summary>
    [Range(0, 16)]
    public int I2cBus { get; set; } = 1;

    /// <summary>The thermometer's 7-bit I2C address. 1 to 127; default 90 (0x5A, the MLX90614 default).</summary>
    [Range(1, 127)]
    public int I2cAddress { get; set; } = 0x5A;

    /// <summary>Milliseconds between temperature samples. 100 to 60,000; default 500.</summary>
    [Range(100, 60_000)]
    public int ThermometerIntervalMs { get; set; } = 500;

    /// <summary>
    /// Lowest object temperature, °C, taken as a person in front of the sensor. 25 to 40; default 34. Below it the
    /// sensor sees the room and nothing is sent.
    /// </summary>
    [Range(25.0, 40.0)]
    public double MinBodyCelsius { get; set; } = 34.0;

    /// <summary>Highest object temperature, °C, accepted as a body reading. 38 to 45; default 43.</summary>
    [Range(38.0, 45.0)]
    public double MaxBodyCelsius { get; set; } = 43.0;

    /// <summary>Samples in a row, all within <see cref="StableToleranceCelsius"/>, that make one reading. 2 to 20; default 3.</summary>
    [Range(2, 20)]
    public int StableSamples { get; set; } = 3;

    /// <summary>Largest spread, °C, among the stable samples. 0.05 to 2; default 0.3.</summary>
    [Range(0.05, 2.0)]
    public double StableToleranceCelsius { get; set; } = 0.3;
}
