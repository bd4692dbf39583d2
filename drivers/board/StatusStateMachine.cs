namespace Edge.Drivers.Board;

/// <summary>
/// The board's state machine: inputs (uplink, alarm, pairing window with its time limit) in, one
/// <see cref="BoardState"/> out, by priority Alarm &gt; Pairing &gt; UplinkDown &gt; Idle. Pure apart from the clock it
/// is given; not thread-safe (the board loop owns it).
/// </summary>
public sealed class StatusStateMachine
{
    private readonly TimeSpan _pairingWindow;
    private DateTimeOffset? _pairingUntil;

    /// <summary>Creates the machine; a pairing window lasts <paramref name="pairingWindow"/>.</summary>
    public StatusStateMachine(TimeSpan pairingWindow)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(pairingWindow, TimeSpan.Zero);
        _pairingWindow = pairingWindow;
    }

    /// <summary>Whether the uplink is connected.</summary>
    public bool UplinkConnected { get; set; } = true;

    /// <summary>Whether an alarm is active.</summary>
    public bool AlarmActive { get; set; }

    /// <summary>Whether the pairing window is open at the last <see cref="Evaluate"/>.</summary>
    public bool PairingOpen => _pairingUntil is not null;

    /// <summary>Opens (or re-opens, restarting the time limit) or closes the pairing window.</summary>
    public void SetPairing(bool open, DateTimeOffset now) => _pairingUntil = open ? now + _pairingWindow : null;

    /// <summary>Closes an expired pairing window and returns the state to show.</summary>
    public BoardState Evaluate(DateTimeOffset now)
    {
        if (_pairingUntil is { } until && now >= until)
        {
            _pairingUntil = null;
        }

        return AlarmActive ? BoardState.Alarm
            : _pairingUntil is not null ? BoardState.Pairing
            : !UplinkConnected ? BoardState.UplinkDown
            : BoardState.Idle;
    }
}
