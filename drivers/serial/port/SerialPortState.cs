namespace Edge.Drivers.Serial.Port;

/// <summary>Where a port's supervisor is (after OpenICE's Connecting / Connected / Stale).</summary>
public enum SerialPortState
{
    /// <summary>Not started yet, or stopped.</summary>
    Stopped = 0,

    /// <summary>The configured path does not exist (unplugged); polled for hot-plug.</summary>
    Waiting = 1,

    /// <summary>Opening the port, or waiting out a backoff after a failure.</summary>
    Connecting = 2,

    /// <summary>Open and reading.</summary>
    Connected = 3,
}
