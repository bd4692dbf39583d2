using System.Collections.Concurrent;
using Edge.Core;
using Edge.Drivers.Ble;

namespace Edge.Host.Control;

/// <summary>
/// The newest durably stored reading of each device (by local source address), for the device tiles' link state
/// and the pairing confirmation ("85 bpm received"). Fed by ingest after each fsync'd commit, so a tile never shows
/// a reading that is not stored. In memory only; never logged or sent. Thread-safe; the ingest-side cost is one
/// dictionary write per device per commit.
/// </summary>
public sealed class DeviceActivity : IStoredObservationListener
{
    private readonly ConcurrentDictionary<string, Observation> _latest = new(StringComparer.OrdinalIgnoreCase);

    /// <inheritdoc/>
    public void OnStored(IReadOnlyList<Observation> observations)
    {
        ArgumentNullException.ThrowIfNull(observations);
        // Newest first, so each device costs one write however many of its readings the commit held.
        HashSet<string>? seen = null;
        for (var i = observations.Count - 1; i >= 0; i--)
        {
            var observation = observations[i];
            seen ??= new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            if (seen.Add(observation.Source))
            {
                _latest[observation.Source] = observation;
            }
        }
    }

    /// <summary>The newest stored reading of <paramref name="source"/>, or null when none since start.</summary>
    public Observation? Latest(string source) => _latest.GetValueOrDefault(source);
}
