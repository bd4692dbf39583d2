namespace Edge.Sync.Uplink;

/// <summary>Live, PHI-free uplink figures for the console view and status API. Thread-safe.</summary>
public sealed class UplinkStatus
{
    private int _state;
    private long _acked;
    private long _messages;
    private long _reconnects;

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

    internal void AddAcked(int items, int messages)
    {
        Interlocked.Add(ref _acked, items);
        Interlocked.Add(ref _messages, messages);
    }

    internal void CountReconnect() => Interlocked.Increment(ref _reconnects);
}
