namespace Edge.Sync.Uplink;

/// <summary>Live, PHI-free uplink figures for the console view and status API. Thread-safe.</summary>
public sealed class UplinkStatus
{
    private int _state;
    private long _acked;
    private long _messages;
    private long _reconnects;
    private long _connectFailures;
    private string? _lastError;

    public UplinkState State
    {
        get => (UplinkState)Volatile.Read(ref _state);
        internal set => Volatile.Write(ref _state, (int)value);
    }

    /// <summary>Items (readings and alerts) acknowledged by the broker and removed from the outbox.</summary>
    public long AckedItems => Interlocked.Read(ref _acked);

    /// <summary>MQTT messages acknowledged.</summary>
    public long AckedMessages => Interlocked.Read(ref _messages);

    /// <summary>Successful connects after the first.</summary>
    public long Reconnects => Interlocked.Read(ref _reconnects);

    /// <summary>Connection attempts that failed or were refused.</summary>
    public long ConnectFailures => Interlocked.Read(ref _connectFailures);

    /// <summary>The last connection problem in words (a result code or an exception type), or null; no PHI.</summary>
    public string? LastError
    {
        get => Volatile.Read(ref _lastError);
        internal set => Volatile.Write(ref _lastError, value);
    }

    internal void CountConnectFailure() => Interlocked.Increment(ref _connectFailures);

    internal void AddAcked(int items, int messages)
    {
        Interlocked.Add(ref _acked, items);
        Interlocked.Add(ref _messages, messages);
    }

    internal void CountReconnect() => Interlocked.Increment(ref _reconnects);
}
