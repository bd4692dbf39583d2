namespace Edge.Drivers.Board;

/// <summary>The LED pattern of each <see cref="BoardState"/>, as on/off by time since the state began. Stateless.</summary>
public static class LedPattern
{
    /// <summary>
    /// Whether the LED is lit <paramref name="elapsed"/> after <paramref name="state"/> began. Idle: steady on.
    /// UplinkDown: 500 ms on, 500 ms off. Pairing: 125 ms on, 125 ms off. Alarm: on 100, off 100, on 100, off 700.
    /// Each pattern starts lit, so a change of state shows at once.
    /// </summary>
    public static bool IsLit(BoardState state, TimeSpan elapsed)
    {
        var ms = (long)elapsed.TotalMilliseconds;
        return state switch
        {
            BoardState.Idle => true,
            BoardState.UplinkDown => ms % 1000 < 500,
            BoardState.Pairing => ms % 250 < 125,
            BoardState.Alarm => (ms % 1000) is < 100 or (>= 200 and < 300),
            _ => true,
        };
    }
}
