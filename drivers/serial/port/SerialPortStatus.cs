namespace Edge.Drivers.Serial.Port;

/// <summary>A PHI-free snapshot of one port's supervisor: its index, state and counters, never its path.</summary>
/// <param name="Port">Index in <c>Edge:Serial:Ports</c>.</param>
/// <param name="Protocol">The protocol.</param>
/// <param name="State">Current state.</param>
/// <param name="Connections">Successful opens.</param>
/// <param name="LinkLosses">Links lost after an open (silence, hangup, I/O error).</param>
/// <param name="OpenFailures">Opens that failed.</param>
/// <param name="AbandonedCloses">Closes that did not return in time.</param>
/// <param name="FramesAccepted">Frames accepted over all connections.</param>
/// <param name="FramesRejected">Frames rejected over all connections.</param>
/// <param name="BytesDiscarded">Bytes skipped while resynchronising, over all connections.</param>
/// <param name="LastDataAt">Gateway time of the last byte received, if any.</param>
public sealed record SerialPortStatus(
    int Port,
    SerialProtocol Protocol,
    SerialPortState State,
    long Connections,
    long LinkLosses,
    long OpenFailures,
    long AbandonedCloses,
    long FramesAccepted,
    long FramesRejected,
    long BytesDiscarded,
    DateTimeOffset? LastDataAt);
