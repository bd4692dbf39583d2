using System.Text.Json;

namespace Edge.Drivers.Ble;

/// <summary>
/// The per-device "last record durably stored" sequence number of RACP meters, in one small JSON file written
/// atomically (temp file, fsync, rename). Device addresses are keys; the file stays on the appliance. Thread-safe.
/// </summary>
public sealed class RacpCursorStore
{
    private readonly string _path;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, ushort> _cursors;

    public RacpCursorStore(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory.CreateDirectory(directory);
        _path = Path.Combine(directory, "racp-cursors.json");
        _cursors = File.Exists(_path)
            ? JsonSerializer.Deserialize<Dictionary<string, ushort>>(File.ReadAllText(_path)) ?? []
            : [];
    }

    /// <summary>The last durably stored sequence number of a device, or null before the first sync.</summary>
    public ushort? Get(string address)
    {
        lock (_lock)
        {
            return _cursors.TryGetValue(address.ToUpperInvariant(), out var v) ? v : null;
        }
    }

    /// <summary>Moves a cursor and persists it before returning.</summary>
    public void Set(string address, ushort sequence)
    {
        lock (_lock)
        {
            _cursors[address.ToUpperInvariant()] = sequence;
            Persist();
        }
    }

    /// <summary>Forgets a device's cursor (unpair/forget).</summary>
    public void Remove(string address)
    {
        lock (_lock)
        {
            if (_cursors.Remove(address.ToUpperInvariant()))
            {
                Persist();
            }
        }
    }

    private void Persist()
    {
        var temp = _path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, _cursors);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, _path, overwrite: true);
    }
}
