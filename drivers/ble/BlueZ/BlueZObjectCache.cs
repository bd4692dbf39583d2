using Tmds.DBus.Protocol;

namespace Edge.Drivers.Ble.BlueZ;

/// <summary>
/// The client-side copy of bluetoothd's object tree, fed by one <c>GetManagedObjects</c> and then by
/// <c>InterfacesAdded</c>, <c>InterfacesRemoved</c> and <c>PropertiesChanged</c> (what bleak's BlueZManager does,
/// ble.md §3.1). Objects are found by address and UUID, never by a remembered path: paths are handle-based and change
/// after a firmware update or a cache reset. Thread-safe (one lock; reads copy what they return).
/// </summary>
internal sealed class BlueZObjectCache
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Dictionary<string, Dictionary<string, VariantValue>>> _objects = new(StringComparer.Ordinal);

    public void Reset(Dictionary<string, Dictionary<string, Dictionary<string, VariantValue>>> objects)
    {
        lock (_lock)
        {
            _objects.Clear();
            foreach (var (path, interfaces) in objects)
            {
                _objects[path] = interfaces;
            }
        }
    }

    public void Apply(BusSignal signal)
    {
        lock (_lock)
        {
            switch (signal)
            {
                case InterfacesAddedSignal added:
                    var target = _objects.TryGetValue(added.Path, out var existing) ? existing : _objects[added.Path] = new(StringComparer.Ordinal);
                    foreach (var (iface, props) in added.Interfaces)
                    {
                        target[iface] = props;
                    }

                    break;
                case InterfacesRemovedSignal removed when _objects.TryGetValue(removed.Path, out var ifaces):
                    foreach (var iface in removed.Interfaces)
                    {
                        ifaces.Remove(iface);
                    }

                    if (ifaces.Count == 0)
                    {
                        _objects.Remove(removed.Path);
                    }

                    break;
                case PropertiesChangedSignal changed when _objects.TryGetValue(changed.Path, out var ifaces)
                    && ifaces.TryGetValue(changed.Interface, out var props):
                    foreach (var (name, value) in changed.Changed)
                    {
                        props[name] = value;
                    }

                    foreach (var name in changed.Invalidated)
                    {
                        props.Remove(name);
                    }

                    break;
            }
        }
    }

    /// <summary>The Device1 object path of <paramref name="address"/> on <paramref name="adapterPath"/>, if known.</summary>
    public string? FindDevice(string adapterPath, string address)
    {
        lock (_lock)
        {
            foreach (var (path, ifaces) in _objects)
            {
                if (ifaces.TryGetValue(BlueZNames.DeviceInterface, out var p)
                    && p.TryGetValue("Address", out var a) && string.Equals(a.GetString(), address, StringComparison.OrdinalIgnoreCase)
                    && p.TryGetValue("Adapter", out var ad) && ad.GetObjectPathAsString() == adapterPath)
                {
                    return path;
                }
            }

            return null;
        }
    }

    public string? AddressOf(string devicePath)
    {
        lock (_lock)
        {
            return _objects.TryGetValue(devicePath, out var ifaces) && ifaces.TryGetValue(BlueZNames.DeviceInterface, out var p)
                && p.TryGetValue("Address", out var a) ? a.GetString() : null;
        }
    }

    public bool HasAdapter(string adapterPath)
    {
        lock (_lock)
        {
            return _objects.TryGetValue(adapterPath, out var i) && i.ContainsKey(BlueZNames.AdapterInterface);
        }
    }

    public bool GetBool(string path, string iface, string name)
    {
        lock (_lock)
        {
            return _objects.TryGetValue(path, out var i) && i.TryGetValue(iface, out var p) && p.TryGetValue(name, out var v)
                && v.Type == VariantValueType.Bool && v.GetBool();
        }
    }

    /// <summary>A snapshot of a device's properties (empty when unknown).</summary>
    public Dictionary<string, VariantValue> DeviceProperties(string path)
    {
        lock (_lock)
        {
            return _objects.TryGetValue(path, out var i) && i.TryGetValue(BlueZNames.DeviceInterface, out var p)
                ? new Dictionary<string, VariantValue>(p, StringComparer.Ordinal)
                : [];
        }
    }

    /// <summary>All Device1 paths under an adapter.</summary>
    public List<string> Devices(string adapterPath)
    {
        lock (_lock)
        {
            return [.. _objects.Where(o => o.Value.ContainsKey(BlueZNames.DeviceInterface) && o.Key.StartsWith(adapterPath + "/", StringComparison.Ordinal)).Select(o => o.Key)];
        }
    }

    /// <summary>
    /// The characteristics of a device, found through each characteristic's <c>Service</c> and each service's
    /// <c>Device</c> property (not by path prefix): (path, 16-bit UUID, flags).
    /// </summary>
    public List<(string Path, ushort Uuid, string[] Flags)> Characteristics(string devicePath)
    {
        lock (_lock)
        {
            var services = _objects
                .Where(o => o.Value.TryGetValue(BlueZNames.GattServiceInterface, out var s) && s.TryGetValue("Device", out var d) && d.GetObjectPathAsString() == devicePath)
                .Select(o => o.Key)
                .ToHashSet(StringComparer.Ordinal);
            var result = new List<(string, ushort, string[])>();
            foreach (var (path, ifaces) in _objects)
            {
                if (ifaces.TryGetValue(BlueZNames.CharacteristicInterface, out var c)
                    && c.TryGetValue("Service", out var s) && services.Contains(s.GetObjectPathAsString())
                    && c.TryGetValue("UUID", out var u) && BlueZNames.Short(u.GetString()) is { } uuid)
                {
                    var flags = c.TryGetValue("Flags", out var f) ? f.GetArray<string>() : [];
                    result.Add((path, uuid, flags));
                }
            }

            return result;
        }
    }

    /// <summary>The device that owns a characteristic (through its service), or null.</summary>
    public (string DevicePath, ushort Uuid)? CharacteristicOwner(string characteristicPath)
    {
        lock (_lock)
        {
            if (_objects.TryGetValue(characteristicPath, out var i) && i.TryGetValue(BlueZNames.CharacteristicInterface, out var c)
                && c.TryGetValue("Service", out var s) && _objects.TryGetValue(s.GetObjectPathAsString(), out var si)
                && si.TryGetValue(BlueZNames.GattServiceInterface, out var sp) && sp.TryGetValue("Device", out var d)
                && c.TryGetValue("UUID", out var u) && BlueZNames.Short(u.GetString()) is { } uuid)
            {
                return (d.GetObjectPathAsString(), uuid);
            }

            return null;
        }
    }
}
