using Edge.Drivers.Ble.Pairing;
using Edge.Drivers.Board;
using Microsoft.Extensions.Options;

namespace Edge.Host.Control;

/// <summary>
/// The pairing window, whoever opens it: the board's button and the control API both go through
/// <see cref="IStatusIndicator.SetPairing"/>, and this service follows the indicator's changes. While the window is
/// open the BLE adapter discovers (filtered to health services), so candidates appear for the nurse page and
/// <c>edgectl devices scan</c>; when it closes (time limit, a second button press, or the API) discovery stops.
/// Thread-safe.
/// </summary>
public sealed class PairingWindow : BackgroundService
{
    private readonly IStatusIndicator _indicator;
    private readonly BlePairingEngine? _ble;
    private readonly TimeProvider _time;
    private readonly ILogger<PairingWindow> _logger;
    private readonly TimeSpan _boardWindow;
    private readonly Lock _lock = new();
    private DateTimeOffset? _closesAt;
    private CancellationTokenSource? _discovery;

    /// <summary>Creates the service; <paramref name="ble"/> is null when BLE is off (the window still opens).</summary>
    public PairingWindow(IStatusIndicator indicator, IOptions<BoardOptions> board, TimeProvider time, ILogger<PairingWindow> logger, BlePairingEngine? ble = null)
    {
        ArgumentNullException.ThrowIfNull(board);
        (_indicator, _ble, _time, _logger) = (indicator, ble, time, logger);
        _boardWindow = TimeSpan.FromSeconds(board.Value.PairingWindowSeconds);
    }

    /// <summary>The board's window length: the most a window can last.</summary>
    public TimeSpan MaxWindow => _boardWindow;

    /// <summary>Whether BLE pairing is available at all.</summary>
    public bool BleAvailable => _ble is not null;

    /// <summary>Whether the window is open now.</summary>
    public bool Active => SecondsLeft > 0;

    /// <summary>Whole seconds until the window closes (rounded up); 0 when closed.</summary>
    public int SecondsLeft
    {
        get
        {
            lock (_lock)
            {
                var left = _closesAt is { } at ? at - _time.GetUtcNow() : TimeSpan.Zero;
                return left > TimeSpan.Zero ? (int)Math.Ceiling(left.TotalSeconds) : 0;
            }
        }
    }

    /// <summary>
    /// Opens (or re-opens) the window, exactly as the pairing button does, for <paramref name="length"/> capped at
    /// the board's <see cref="BoardOptions.PairingWindowSeconds"/>. Returns the seconds left.
    /// </summary>
    public int Open(TimeSpan length)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(length, TimeSpan.Zero);
        lock (_lock)
        {
            _closesAt = _time.GetUtcNow() + (length < _boardWindow ? length : _boardWindow);
        }

        _indicator.SetPairing(true);
        StartDiscovery();
        return SecondsLeft;
    }

    /// <summary>Closes the window (as a second button press does).</summary>
    public void Close()
    {
        _indicator.SetPairing(false);
        Closed();
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(500), _time);
        var changes = FollowIndicatorAsync(stoppingToken);
        try
        {
            // A window shorter than the board's closes here; the board closes its own at the full length.
            while (await tick.WaitForNextTickAsync(stoppingToken))
            {
                bool expired;
                lock (_lock)
                {
                    expired = _closesAt is { } at && at <= _time.GetUtcNow();
                }

                if (expired)
                {
                    Close();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }

        await changes;
        Closed();
    }

    private async Task FollowIndicatorAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var open in _indicator.ReadPairingChangesAsync(stoppingToken))
            {
                if (!open)
                {
                    Closed();
                    continue;
                }

                lock (_lock)
                {
                    // Opened by the button (the API set its own deadline first).
                    if (_closesAt is null || _closesAt <= _time.GetUtcNow())
                    {
                        _closesAt = _time.GetUtcNow() + _boardWindow;
                    }
                }

                StartDiscovery();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private void StartDiscovery()
    {
        CancellationToken token;
        lock (_lock)
        {
            if (_ble is null || _discovery is not null || _closesAt is null)
            {
                return;
            }

            _discovery = new CancellationTokenSource();
            token = _discovery.Token;
        }

        ControlLog.PairingWindow(_logger, "opened", SecondsLeft);
        _ = Task.Run(() => DiscoverAsync(_ble, token), CancellationToken.None);
    }

    private async Task DiscoverAsync(BlePairingEngine ble, CancellationToken token)
    {
        try
        {
            while (!token.IsCancellationRequested && SecondsLeft > 0)
            {
                await ble.ScanAsync(TimeSpan.FromSeconds(SecondsLeft), token);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // The window closed; ScanAsync stopped discovery on its way out.
        }
#pragma warning disable CA1031 // Discovery is a convenience: a BlueZ error must not take the window or the host down.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            ControlLog.DiscoveryFailed(_logger, ex.GetType().Name);
        }
    }

    private void Closed()
    {
        CancellationTokenSource? discovery;
        bool wasOpen;
        lock (_lock)
        {
            wasOpen = _closesAt is not null;
            _closesAt = null;
            discovery = _discovery;
            _discovery = null;
        }

        if (wasOpen)
        {
            ControlLog.PairingWindow(_logger, "closed", 0);
        }

        // Cancelled, not disposed: the discovery task may still be reading its token.
        discovery?.Cancel();
    }
}
