namespace Edge.Drivers.Board;

/// <summary>What the status LED shows, highest priority last: an alarm outranks pairing, which outranks a lost uplink.</summary>
public enum BoardState
{
    /// <summary>All well: LED steady on.</summary>
    Idle = 0,

    /// <summary>The uplink is down (readings are buffered): slow blink, 1 Hz.</summary>
    UplinkDown = 1,

    /// <summary>The pairing window is open: fast blink, 4 Hz.</summary>
    Pairing = 2,

    /// <summary>A clinical alarm is active on this appliance: double flash every second.</summary>
    Alarm = 3,
}
