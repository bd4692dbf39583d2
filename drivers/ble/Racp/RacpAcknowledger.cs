using Edge.Core;
using Microsoft.Extensions.Logging;

namespace Edge.Drivers.Ble;

/// <summary>
/// Tracks glucose records from emission to durable storage and moves each device's RACP cursor over the longest
/// prefix of records (in sequence order) whose observations are all stored. A record that maps to no observation
/// (control solution, special value) is stored by definition once it is registered. Thread-safe.
/// </summary>
public sealed class RacpAcknowledger : IStoredObservationListener
{
    private readonly RacpCursorStore _cursors;
    private readonly ILogger<RacpAcknowledger> _logger;
    private readonly Lock _lock = new();
    private readonly Dictionary<Observation, Pending> _byObservation = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, SortedDictionary<ushort, Pending>> _byDevice = new(StringComparer.OrdinalIgnoreCase);

    public RacpAcknowledger(RacpCursorStore cursors, ILogger<RacpAcknowledger> logger)
    {
        _cursors = cursors;
        _logger = logger;
    }

    /// <summary>Raised (outside the lock) after a cursor moved and was persisted: (address, new cursor).</summary>
    public event Action<string, ushort>? CursorMoved;

    /// <summary>The durable cursor of a device.</summary>
    public ushort? Cursor(string address) => _cursors.Get(address);

    /// <summary>Registers a record and the observations it produced, before they are handed to ingest.</summary>
    public void Register(string address, ushort sequence, IReadOnlyList<Observation> observations)
    {
        ArgumentNullException.ThrowIfNull(observations);
        (string, ushort)? moved;
        lock (_lock)
        {
            if (!_byDevice.TryGetValue(address, out var pending))
            {
                _byDevice[address] = pending = [];
            }

            var record = new Pending(sequence, observations.Count);
            pending[sequence] = record;
            foreach (var o in observations)
            {
                _byObservation[o] = record;
            }

            moved = Advance(address, pending);
        }

        Publish(moved);
    }

    /// <inheritdoc/>
    public void OnStored(IReadOnlyList<Observation> observations)
    {
        ArgumentNullException.ThrowIfNull(observations);
        var moved = new List<(string, ushort)>();
        lock (_lock)
        {
            var touched = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var o in observations)
            {
                if (_byObservation.Remove(o, out var record))
                {
                    record.Remaining--;
                    touched.Add(o.Source);
                }
            }

            foreach (var address in touched)
            {
                if (_byDevice.TryGetValue(address, out var pending) && Advance(address, pending) is { } m)
                {
                    moved.Add(m);
                }
            }
        }

        foreach (var m in moved)
        {
            Publish(m);
        }
    }

    private (string, ushort)? Advance(string address, SortedDictionary<ushort, Pending> pending)
    {
        ushort? last = null;
        while (pending.Count > 0)
        {
            var first = pending.First();
            if (first.Value.Remaining > 0)
            {
                break;
            }

            pending.Remove(first.Key);
            last = first.Key;
        }

        if (last is not { } cursor)
        {
            return null;
        }

        try
        {
            _cursors.Set(address, cursor);
        }
        catch (IOException ex)
        {
            BleLog.CursorStoreFailed(_logger, ex);
            return null;
        }

        return (address, cursor);
    }

    private void Publish((string Address, ushort Cursor)? moved)
    {
        if (moved is { } m)
        {
            CursorMoved?.Invoke(m.Address, m.Cursor);
        }
    }

    private sealed class Pending(ushort sequence, int remaining)
    {
        public ushort Sequence { get; } = sequence;

        public int Remaining { get; set; } = remaining;
    }
}
