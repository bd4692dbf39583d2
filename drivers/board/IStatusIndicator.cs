namespace Edge.Drivers.Board;

/// <summary>
/// The seam the host feeds so the board can show the appliance's state on its LED. All members are thread-safe and
/// return at once; the LED follows within one tick (<see cref="BoardOptions.TickMs"/>). Registered by <c>AddBoard</c>
/// when <c>Edge:Board:Enabled</c> is true.
/// </summary>
public interface IStatusIndicator
{
    /// <summary>What the LED shows now.</summary>
    BoardState State { get; }

    /// <summary>The uplink owner reports connected (true) or disconnected (false). Starts as connected.</summary>
    void SetUplinkConnected(bool connected);

    /// <summary>The alert engine reports whether any alarm is active.</summary>
    void SetAlarm(bool active);

    /// <summary>
    /// Opens or closes the pairing window (the control API may do it; the pairing button toggles it). An open window
    /// closes by itself after <see cref="BoardOptions.PairingWindowSeconds"/>.
    /// </summary>
    void SetPairing(bool open);

    /// <summary>
    /// Every change of the pairing window, true for opened and false for closed, whoever caused it; for the pairing
    /// registry. Buffered (the oldest changes are dropped past 16) so a slow reader never blocks the board.
    /// </summary>
    IAsyncEnumerable<bool> ReadPairingChangesAsync(CancellationToken cancellationToken);
}
