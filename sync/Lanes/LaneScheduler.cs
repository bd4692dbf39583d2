using Edge.Core;
using Edge.Sync.Outbox;

namespace Edge.Sync.Lanes;

/// <summary>
/// Picks what the uplink sends next: every pending alarm first, then live items, then backfill, with backfill
/// guaranteed <see cref="LaneOptions.BackfillFloor"/> of each round and optionally capped by a token bucket.
/// </summary>
/// <remarks>
/// The boundary between live and backfill is the newest position at (re)connect: what was queued during an outage
/// is backfill, what arrives after is live, so the newest reading of each device overtakes the backlog. Each lane
/// walks positions upwards, so order per device within a lane is commit order. Not thread-safe: one per uplink loop;
/// call <see cref="Reset"/> on every new connection (everything unacknowledged is picked again).
/// </remarks>
public sealed class LaneScheduler
{
    /// <summary>Non-alarm classes in the order they fill the live and backfill lanes.</summary>
    private static readonly DataClass[] StreamClasses = [DataClass.Vitals, DataClass.DeviceEvent, DataClass.Waveform, DataClass.Diagnostics];

    private readonly OutboxStore _store;
    private readonly LaneOptions _options;
    private readonly TokenBucket? _backfillBucket;
    private readonly long[] _liveCursor = new long[OutboxClasses.Count];
    private readonly long[] _backfillCursor = new long[OutboxClasses.Count];
    private readonly string? _destination;
    private long _alarmCursor;
    private long _boundary;

    /// <param name="store">The outbox.</param>
    /// <param name="options">Lane sharing.</param>
    /// <param name="time">Clock of the backfill token bucket.</param>
    /// <param name="destination">
    /// Only items stamped for this destination are picked (items without a stamp are picked too, and left to the
    /// send-time residency check); null picks every item.
    /// </param>
    public LaneScheduler(OutboxStore store, LaneOptions options, TimeProvider time, string? destination = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _destination = destination;
        _options = options;
        _backfillBucket = options.BackfillItemsPerSecond is { } rate ? new TokenBucket(rate, options.BackfillBurst, time) : null;
    }

    /// <summary>The live/backfill boundary of the current connection.</summary>
    public long Boundary => _boundary;

    /// <summary>Starts over from the oldest unacknowledged item; items up to <paramref name="boundary"/> are backfill.</summary>
    public void Reset(long boundary)
    {
        _boundary = boundary;
        _alarmCursor = 0;
        Array.Fill(_liveCursor, boundary);
        Array.Fill(_backfillCursor, 0L);
    }

    /// <summary>Up to <paramref name="max"/> items in send order, advancing the cursors past them.</summary>
    public IReadOnlyList<LaneItem> Next(int max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        var result = new List<LaneItem>(max);
        foreach (var stored in _store.Read(DataClass.Alarm, _alarmCursor, long.MaxValue, max))
        {
            if (IsRouted(stored))
            {
                result.Add(new LaneItem(stored, Lane.Alarm));
            }

            _alarmCursor = stored.Position;
        }

        var remaining = max - result.Count;
        if (remaining == 0)
        {
            return result;
        }

        var backfill = Peek(_backfillCursor, _boundary, remaining);
        var floor = backfill.Count == 0 ? 0 : Math.Min(backfill.Count, (int)Math.Ceiling(remaining * _options.BackfillFloor));
        var live = Peek(_liveCursor, long.MaxValue, remaining - floor);
        var backfillWanted = Math.Min(backfill.Count, remaining - live.Count);
        if (_backfillBucket is not null)
        {
            backfillWanted = _backfillBucket.Take(backfillWanted);
        }

        Take(live, live.Count, _liveCursor, Lane.Live, result);
        Take(backfill, backfillWanted, _backfillCursor, Lane.Backfill, result);
        return result;
    }

    private List<StoredItem> Peek(long[] cursors, long upTo, int max)
    {
        var items = new List<StoredItem>();
        foreach (var c in StreamClasses)
        {
            while (items.Count < max)
            {
                var wanted = max - items.Count;
                var page = _store.Read(c, cursors[(int)c], upTo, wanted);
                var routed = false;
                foreach (var stored in page)
                {
                    if (IsRouted(stored))
                    {
                        items.Add(stored);
                        routed = true;
                    }
                    else if (!routed)
                    {
                        // Not for this destination, and nothing for it comes before: step over it for good.
                        cursors[(int)c] = stored.Position;
                    }
                }

                if (routed || page.Count < wanted)
                {
                    break;
                }
            }
        }

        return items;
    }

    private bool IsRouted(StoredItem stored) =>
        _destination is null || stored.Item.Stamp is not { } stamp || stamp.TryGet(_destination, out _);

    private static void Take(List<StoredItem> items, int count, long[] cursors, Lane lane, List<LaneItem> into)
    {
        for (var i = 0; i < count; i++)
        {
            var stored = items[i];
            into.Add(new LaneItem(stored, lane));
            cursors[(int)stored.Item.Class] = stored.Position;
        }
    }
}
