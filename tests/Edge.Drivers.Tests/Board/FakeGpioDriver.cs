using System.Device.Gpio;

namespace Edge.Drivers.Tests.Board;

/// <summary>
/// A readable GPIO driver: every line is a field. Tests set input levels with <see cref="SetInput"/> and read what was
/// written from <see cref="Levels"/> and <see cref="Writes"/>. Only what the board uses is supported.
/// </summary>
internal sealed class FakeGpioDriver : GpioDriver
{
    private readonly Dictionary<int, PinMode> _modes = [];

    public Dictionary<int, PinValue> Levels { get; } = [];

    public List<(int Pin, PinValue Value)> Writes { get; } = [];

    public bool PullUpSupported { get; set; } = true;

    public bool Disposed { get; private set; }

    public void SetInput(int pin, PinValue value) => Levels[pin] = value;

    public PinMode ModeOf(int pin) => _modes[pin];

    protected override int PinCount => 64;

    protected override void OpenPin(int pinNumber) => Levels.TryAdd(pinNumber, PinValue.High);

    protected override void ClosePin(int pinNumber) => _modes.Remove(pinNumber);

    protected override void SetPinMode(int pinNumber, PinMode mode) => _modes[pinNumber] = mode;

    protected override PinMode GetPinMode(int pinNumber) => _modes[pinNumber];

    protected override bool IsPinModeSupported(int pinNumber, PinMode mode) =>
        mode is PinMode.Input or PinMode.Output || (PullUpSupported && mode is PinMode.InputPullUp or PinMode.InputPullDown);

    protected override PinValue Read(int pinNumber) => Levels[pinNumber];

    protected override void Write(int pinNumber, PinValue value)
    {
        Levels[pinNumber] = value;
        Writes.Add((pinNumber, value));
    }

    protected override WaitForEventResult WaitForEvent(int pinNumber, PinEventTypes eventTypes, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    protected override void AddCallbackForPinValueChangedEvent(int pinNumber, PinEventTypes eventTypes, PinChangeEventHandler callback) =>
        throw new NotSupportedException();

    protected override void RemoveCallbackForPinValueChangedEvent(int pinNumber, PinChangeEventHandler callback) =>
        throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        Disposed = true;
        base.Dispose(disposing);
    }
}
