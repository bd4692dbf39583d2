using System.Device.Gpio;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Edge.Drivers.Board;

/// <summary>
/// The status LED and the pairing button: one loop every <see cref="BoardOptions.TickMs"/> samples the button
/// (debounced; a press toggles the pairing window), runs the <see cref="StatusStateMachine"/> and drives the LED
/// pattern of the state (<see cref="LedPattern"/>). Also the <see cref="IStatusIndicator"/> the host feeds.
/// </summary>
/// <remarks>
/// Thread safety: the indicator members may be called from any thread; one lock guards the state machine, held only
/// for in-memory work, never across GPIO calls or awaits. Without GPIO (disabled, or the chip is missing) the state is
/// still tracked and reported, just not shown. GPIO errors are logged and retried on the next tick; nothing escapes
/// the loop.
/// </remarks>
public sealed class BoardService : BackgroundService, IStatusIndicator
{
    private readonly BoardOptions _options;
    private readonly Func<GpioController>? _gpioFactory;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly StatusStateMachine _machine;
    private readonly Channel<bool> _pairingChanges = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(16) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = false, SingleWriter = false });

    private GpioController? _gpio;
    private BoardState _state;
    private DateTimeOffset _stateSince;
    private bool _pairingReported;
    private bool? _ledWritten;
    private bool _buttonRaw;
    private bool _buttonStable;
    private DateTimeOffset _buttonRawSince;
    private bool _gpioFailing;

    /// <summary>Creates the service.</summary>
    /// <param name="options">Board options.</param>
    /// <param name="gpioFactory">Opens the GPIO controller (a fake driver in tests); null runs without GPIO.</param>
    /// <param name="time">Clock of the debounce, the pairing limit and the LED pattern.</param>
    /// <param name="logger">Logger.</param>
    public BoardService(IOptions<BoardOptions> options, Func<GpioController>? gpioFactory, TimeProvider time, ILogger<BoardService> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options.Value;
        _gpioFactory = gpioFactory;
        _time = time;
        _logger = logger;
        _machine = new StatusStateMachine(TimeSpan.FromSeconds(_options.PairingWindowSeconds));
        _stateSince = time.GetUtcNow();
    }

    /// <inheritdoc/>
    public BoardState State
    {
        get
        {
            lock (_gate)
            {
                return EvaluateLocked(_time.GetUtcNow());
            }
        }
    }

    /// <summary>Whether the LED is lit now (as last written), or null before the first write or without GPIO.</summary>
    public bool? LedLit => Volatile.Read(ref _gpio) is null ? null : _ledWritten;

    /// <inheritdoc/>
    public void SetUplinkConnected(bool connected)
    {
        lock (_gate)
        {
            _machine.UplinkConnected = connected;
            EvaluateLocked(_time.GetUtcNow());
        }
    }

    /// <inheritdoc/>
    public void SetAlarm(bool active)
    {
        lock (_gate)
        {
            _machine.AlarmActive = active;
            EvaluateLocked(_time.GetUtcNow());
        }
    }

    /// <inheritdoc/>
    public void SetPairing(bool open)
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            _machine.SetPairing(open, now);
            EvaluateLocked(now);
        }
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<bool> ReadPairingChangesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var change in _pairingChanges.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return change;
        }
    }

    /// <summary>Opens the GPIO lines. Safe to call once; failures leave the service running without GPIO.</summary>
    internal void OpenGpio()
    {
        if (_gpioFactory is null)
        {
            return;
        }

        GpioController? gpio = null;
        try
        {
            gpio = _gpioFactory();
            gpio.OpenPin(_options.LedPin, PinMode.Output, Level(false, _options.LedActiveLow));
            var pull = _options.ButtonActiveLow ? PinMode.InputPullUp : PinMode.InputPullDown;
            gpio.OpenPin(_options.ButtonPin, gpio.IsPinModeSupported(_options.ButtonPin, pull) ? pull : PinMode.Input);
            Volatile.Write(ref _gpio, gpio);
            BoardLog.Started(_logger, _options.LedPin, _options.ButtonPin);
        }
#pragma warning disable CA1031 // Missing or busy GPIO must not stop the appliance; it runs without the LED.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            BoardLog.GpioUnavailable(_logger, ex.GetType().Name);
            gpio?.Dispose();
        }
    }

    /// <summary>One loop step: button, state, LED. Called by the loop; tests call it after advancing a fake clock.</summary>
    internal void Tick()
    {
        var now = _time.GetUtcNow();
        var gpio = Volatile.Read(ref _gpio);
        bool? pressed = null;
        if (gpio is not null)
        {
            try
            {
                pressed = gpio.Read(_options.ButtonPin) == (_options.ButtonActiveLow ? PinValue.Low : PinValue.High);
            }
#pragma warning disable CA1031 // A failed read is retried next tick.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                ReportGpioFailure("read", ex);
            }
        }

        bool lit;
        lock (_gate)
        {
            if (pressed is { } raw)
            {
                Debounce(raw, now);
            }

            var state = EvaluateLocked(now);
            lit = LedPattern.IsLit(state, now - _stateSince);
        }

        if (gpio is not null && lit != _ledWritten)
        {
            try
            {
                gpio.Write(_options.LedPin, Level(lit, _options.LedActiveLow));
                _ledWritten = lit;
                _gpioFailing = false;
            }
#pragma warning disable CA1031 // A failed write is retried next tick.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                ReportGpioFailure("write", ex);
            }
        }
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        OpenGpio();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                Tick();
                await Task.Delay(TimeSpan.FromMilliseconds(_options.TickMs), _time, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            var gpio = Interlocked.Exchange(ref _gpio, null);
            if (gpio is not null)
            {
                try
                {
                    gpio.Write(_options.LedPin, Level(false, _options.LedActiveLow));
                }
#pragma warning disable CA1031 // Best effort on the way out.
                catch (Exception)
#pragma warning restore CA1031
                {
                }

                gpio.Dispose();
            }
        }
    }

    /// <inheritdoc/>
    public override void Dispose()
    {
        Interlocked.Exchange(ref _gpio, null)?.Dispose();
        base.Dispose();
    }

    private void Debounce(bool raw, DateTimeOffset now)
    {
        if (raw != _buttonRaw)
        {
            _buttonRaw = raw;
            _buttonRawSince = now;
            return;
        }

        if (raw != _buttonStable && now - _buttonRawSince >= TimeSpan.FromMilliseconds(_options.DebounceMs))
        {
            _buttonStable = raw;
            if (raw)
            {
                // A press toggles the window: press to open, press again to close early.
                var open = !_machine.PairingOpen;
                _machine.SetPairing(open, now);
                BoardLog.ButtonPressed(_logger, open ? "opened" : "closed");
            }
        }
    }

    private BoardState EvaluateLocked(DateTimeOffset now)
    {
        var state = _machine.Evaluate(now);
        if (state != _state)
        {
            _state = state;
            _stateSince = now;
            BoardLog.StateChanged(_logger, state);
        }

        if (_machine.PairingOpen != _pairingReported)
        {
            _pairingReported = _machine.PairingOpen;
            _pairingChanges.Writer.TryWrite(_pairingReported);
        }

        return state;
    }

    private void ReportGpioFailure(string operation, Exception ex)
    {
        if (!_gpioFailing)
        {
            _gpioFailing = true;
            BoardLog.GpioFailed(_logger, operation, ex.GetType().Name);
        }
    }

    private static PinValue Level(bool on, bool activeLow) => on ^ activeLow ? PinValue.High : PinValue.Low;
}
