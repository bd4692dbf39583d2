using System.Device.Gpio;
using Edge.Drivers.Board;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Drivers.Tests.Board;

/// <summary>The status LED and pairing button, on a fake GPIO driver and a fake clock; every step is one <c>Tick</c>.</summary>
public sealed class BoardServiceTests
{
    private const int Led = 17;
    private const int Button = 27;

    private static (BoardService Service, FakeGpioDriver Gpio, FakeTimeProvider Time) Create(bool ledActiveLow = false)
    {
        var gpio = new FakeGpioDriver();
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 8, 0, 0, TimeSpan.Zero));
        var options = Options.Create(new BoardOptions { Enabled = true, LedPin = Led, ButtonPin = Button, LedActiveLow = ledActiveLow });
        var service = new BoardService(options, () => new GpioController(gpio), time, NullLogger<BoardService>.Instance);
        service.OpenGpio();
        return (service, gpio, time);
    }

    /// <summary>Runs ticks every 10 ms for <paramref name="ms"/> and returns the LED level after each.</summary>
    private static List<bool> Run(BoardService service, FakeGpioDriver gpio, FakeTimeProvider time, int ms, bool activeLow = false)
    {
        var levels = new List<bool>();
        for (var t = 0; t < ms; t += 10)
        {
            service.Tick();
            levels.Add((gpio.Levels[Led] == PinValue.High) ^ activeLow);
            time.Advance(TimeSpan.FromMilliseconds(10));
        }

        return levels;
    }

    private static int Edges(List<bool> levels) => levels.Zip(levels.Skip(1)).Count(p => p.First != p.Second);

    [Fact]
    public void OpenGpio_ConfiguresLedOutputAndButtonWithPullUp()
    {
        var (_, gpio, _) = Create();

        Assert.Equal(PinMode.Output, gpio.ModeOf(Led));
        Assert.Equal(PinMode.InputPullUp, gpio.ModeOf(Button));
    }

    [Fact]
    public void Idle_LedIsSteadyOn()
    {
        var (service, gpio, time) = Create();

        var levels = Run(service, gpio, time, 2000);

        Assert.Equal(BoardState.Idle, service.State);
        Assert.All(levels, Assert.True);
    }

    [Fact]
    public void UplinkDown_BlinksAtOneHertz()
    {
        var (service, gpio, time) = Create();
        service.SetUplinkConnected(false);

        var levels = Run(service, gpio, time, 2000);

        Assert.Equal(BoardState.UplinkDown, service.State);
        Assert.InRange(Edges(levels), 3, 4);
        Assert.InRange(levels.Count(l => l), 95, 105);
    }

    [Fact]
    public void ButtonPress_OpensPairingWhichBlinksFastAndClosesAfterTheWindow()
    {
        var (service, gpio, time) = Create();
        Run(service, gpio, time, 100);

        gpio.SetInput(Button, PinValue.Low); // active-low press
        Run(service, gpio, time, 60);
        gpio.SetInput(Button, PinValue.High);
        var blinking = Run(service, gpio, time, 1000);

        Assert.Equal(BoardState.Pairing, service.State);
        Assert.InRange(Edges(blinking), 7, 8);

        time.Advance(TimeSpan.FromSeconds(120));
        Run(service, gpio, time, 20);
        Assert.Equal(BoardState.Idle, service.State);
    }

    [Fact]
    public void ButtonBounceShorterThanDebounce_IsIgnored()
    {
        var (service, gpio, time) = Create();

        for (var i = 0; i < 10; i++)
        {
            gpio.SetInput(Button, i % 2 == 0 ? PinValue.Low : PinValue.High);
            Run(service, gpio, time, 20);
        }

        gpio.SetInput(Button, PinValue.High);
        Run(service, gpio, time, 100);
        Assert.Equal(BoardState.Idle, service.State);
    }

    [Fact]
    public void SecondPress_ClosesThePairingWindowEarly()
    {
        var (service, gpio, time) = Create();
        for (var press = 0; press < 2; press++)
        {
            gpio.SetInput(Button, PinValue.Low);
            Run(service, gpio, time, 60);
            gpio.SetInput(Button, PinValue.High);
            Run(service, gpio, time, 60);
            Assert.Equal(press == 0 ? BoardState.Pairing : BoardState.Idle, service.State);
        }
    }

    [Fact]
    public void Alarm_OutranksPairingAndUplinkDown_AndShowsADoubleFlash()
    {
        var (service, gpio, time) = Create();
        service.SetUplinkConnected(false);
        service.SetPairing(true);
        Assert.Equal(BoardState.Pairing, service.State);

        service.SetAlarm(true);
        var levels = Run(service, gpio, time, 1000);

        // Lit 0-100 and 200-300 ms of each second: three edges inside one second.
        Assert.Equal(BoardState.Alarm, service.State);
        Assert.Equal(3, Edges(levels));
        Assert.Equal(20, levels.Count(l => l));

        service.SetAlarm(false);
        Assert.Equal(BoardState.Pairing, service.State);
        service.SetPairing(false);
        Assert.Equal(BoardState.UplinkDown, service.State);
        service.SetUplinkConnected(true);
        Assert.Equal(BoardState.Idle, service.State);
    }

    [Fact]
    public async Task PairingChanges_AreReportedForButtonAndApiAlike()
    {
        var (service, gpio, time) = Create();
        gpio.SetInput(Button, PinValue.Low);
        Run(service, gpio, time, 60);
        gpio.SetInput(Button, PinValue.High);
        Run(service, gpio, time, 20);
        service.SetPairing(false);

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var changes = new List<bool>();
        await foreach (var change in service.ReadPairingChangesAsync(cts.Token))
        {
            changes.Add(change);
            if (changes.Count == 2)
            {
                break;
            }
        }

        Assert.Equal([true, false], changes);
    }

    [Fact]
    public void ActiveLowLed_IsDrivenInverted()
    {
        var (service, gpio, time) = Create(ledActiveLow: true);

        Run(service, gpio, time, 50, activeLow: true);

        Assert.Equal(PinValue.Low, gpio.Levels[Led]);
    }

    [Fact]
    public void GpioMissing_StateIsStillTrackedAndNothingThrows()
    {
        var time = new FakeTimeProvider();
        var service = new BoardService(
            Options.Create(new BoardOptions { Enabled = true }), () => throw new IOException("no gpiochip"), time, NullLogger<BoardService>.Instance);

        service.OpenGpio();
        service.Tick();
        service.SetAlarm(true);

        Assert.Equal(BoardState.Alarm, service.State);
        Assert.Null(service.LedLit);
    }

    [Fact]
    public async Task HostedLoop_DrivesTheLedAndTurnsItOffOnStop()
    {
        var gpio = new FakeGpioDriver();
        using var service = new BoardService(
            Options.Create(new BoardOptions { Enabled = true, LedPin = Led, ButtonPin = Button }), () => new GpioController(gpio), TimeProvider.System, NullLogger<BoardService>.Instance);

        await service.StartAsync(CancellationToken.None);
        for (var i = 0; i < 200 && service.LedLit != true; i++)
        {
            await Task.Delay(10);
        }

        Assert.True(service.LedLit);
        await service.StopAsync(CancellationToken.None);
        Assert.Equal(PinValue.Low, gpio.Levels[Led]);
        Assert.True(gpio.Disposed);
    }

    [Theory]
    [InlineData(0, BoardState.Idle)]
    [InlineData(1, BoardState.UplinkDown)]
    [InlineData(2, BoardState.Pairing)]
    [InlineData(3, BoardState.Alarm)]
    public void StateMachine_PriorityIsAlarmThenPairingThenUplink(int inputs, BoardState expected)
    {
        var now = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var machine = new StatusStateMachine(TimeSpan.FromMinutes(2)) { UplinkConnected = inputs < 1, AlarmActive = inputs >= 3 };
        machine.SetPairing(inputs >= 2, now);

        Assert.Equal(expected, machine.Evaluate(now));
    }

    [Fact]
    public void LedPattern_EveryStateStartsLit()
    {
        foreach (var state in Enum.GetValues<BoardState>())
        {
            Assert.True(LedPattern.IsLit(state, TimeSpan.Zero));
        }

        Assert.False(LedPattern.IsLit(BoardState.Pairing, TimeSpan.FromMilliseconds(130)));
        Assert.False(LedPattern.IsLit(BoardState.Alarm, TimeSpan.FromMilliseconds(150)));
        Assert.True(LedPattern.IsLit(BoardState.Alarm, TimeSpan.FromMilliseconds(250)));
    }
}
