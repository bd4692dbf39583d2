using System.Text.Json;

namespace Edge.Drivers.Ble.Pairing;

/// <summary>The pairing engine's bindings in one JSON file, replaced atomically (temp, fsync, rename). Thread-safe.</summary>
public sealed class BindingStore
{
    private readonly string _path;
    private readonly Lock _lock = new();
    private readonly List<BleBinding> _bindings;

    public BindingStore(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory.CreateDirectory(directory);
        _path = Path.Combine(directory, "bindings.json");
        _bindings = File.Exists(_path) ? JsonSerializer.Deserialize<List<BleBinding>>(File.ReadAllText(_path)) ?? [] : [];
    }

    public IReadOnlyList<BleBinding> All
    {
        get
        {
            lock (_lock)
            {
                return [.. _bindings];
            }
        }
    }

    public void Upsert(BleBinding binding)
    {
        lock (_lock)
        {
            _bindings.RemoveAll(b => b.DeviceId == binding.DeviceId);
            _bindings.Add(binding);
            Persist();
        }
    }

    public BleBinding? Remove(string deviceId)
    {
        lock (_lock)
        {
            var found = _bindings.Find(b => b.DeviceId == deviceId);
            if (found is not null)
            {
                _bindings.Remove(found);
                Persist();
            }

            return found;
        }
    }

    private void Persist()
    {
        var temp = _path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, _bindings);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, _path, overwrite: true);
    }
}
