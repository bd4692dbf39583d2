using System.Threading.Channels;
using Tmds.DBus.Protocol;

namespace Edge.Drivers.Ble.BlueZ;

/// <summary>
/// One explicitly connected D-Bus connection to the bus bluetoothd is on (never <c>DBusConnection.System</c>, which
/// caches <c>DBUS_SYSTEM_BUS_ADDRESS</c> and auto-reconnects without restoring matches, Tmds.DBus #173). It owns every
/// notify session (BlueZ ties them to our unique name) and the exported Agent1. Signal matches are added before
/// anything is read or triggered, and every signal becomes a write to the signal channel; nothing upstream
/// sees a handler. Thread-safe for concurrent method calls.
/// </summary>
/// <summary>Writes a method call's arguments. By ref: <see cref="MessageWriter"/> is a struct, and a copy would
/// write into a buffer the message never sees (the bus then drops the connection for an invalid message).</summary>
internal delegate void MessageBodyWriter(ref MessageWriter writer);

internal sealed class BlueZBus : IDisposable
{
    private readonly DBusConnection _connection;
    private readonly ChannelWriter<BusSignal> _signals;
    private readonly TimeProvider _time;
    private readonly TimeSpan _callTimeout;
    private readonly List<IDisposable> _matches = [];
    private volatile string? _owner;

    private BlueZBus(DBusConnection connection, ChannelWriter<BusSignal> signals, TimeProvider time, TimeSpan callTimeout)
    {
        _connection = connection;
        _signals = signals;
        _time = time;
        _callTimeout = callTimeout;
    }

    /// <summary>The unique name that owns org.bluez now, or null while bluetoothd is away.</summary>
    public string? Owner => _owner;

    public string? UniqueName => _connection.UniqueName;

    /// <summary>Completes when the bus connection is lost.</summary>
    public Task<Exception?> Disconnected { get; private set; } = Task.FromResult<Exception?>(null);

    /// <summary>
    /// Connects to <paramref name="address"/>, exports <paramref name="agent"/>, and subscribes to NameOwnerChanged for
    /// org.bluez, the ObjectManager signals on "/" and PropertiesChanged under /org/bluez, in that order, awaiting each
    /// registration, so nothing that happens afterwards can be missed.
    /// </summary>
    public static async Task<BlueZBus> ConnectAsync(
        string address, ChannelWriter<BusSignal> signals, IPathMethodHandler? agent, TimeProvider time, TimeSpan callTimeout, CancellationToken ct)
    {
        var connection = new DBusConnection(address);
        var bus = new BlueZBus(connection, signals, time, callTimeout);
        try
        {
            await connection.ConnectAsync().AsTask().WaitAsync(callTimeout, time, ct);
            bus.Disconnected = connection.DisconnectedAsync();
            if (agent is not null)
            {
                connection.AddMethodHandler(agent);
            }

            await bus.SubscribeAsync();
            bus._owner = await bus.GetNameOwnerAsync(ct);
            return bus;
        }
        catch
        {
            bus.Dispose();
            throw;
        }
    }

    private async Task SubscribeAsync()
    {
        _matches.Add(await _connection.AddMatchAsync(
            new MatchRule { Type = MessageType.Signal, Sender = "org.freedesktop.DBus", Interface = "org.freedesktop.DBus", Member = "NameOwnerChanged", Arg0 = BlueZNames.Service },
            static (m, _) =>
            {
                var r = m.GetBodyReader();
                r.ReadString();
                r.ReadString();
                return r.ReadString();
            },
            n =>
            {
                if (n.HasValue)
                {
                    _owner = n.Value.Length == 0 ? null : n.Value;
                    _signals.TryWrite(new BlueZOwnerChangedSignal(_owner));
                }
            },
            false, ObserverFlags.None, null));

        _matches.Add(await _connection.AddMatchAsync(
            new MatchRule { Type = MessageType.Signal, Path = "/", Interface = BlueZNames.ObjectManagerInterface, Member = "InterfacesAdded" },
            static (m, _) =>
            {
                var r = m.GetBodyReader();
                var path = r.ReadObjectPathAsString();
                return (m.SenderAsString, Signal: (BusSignal)new InterfacesAddedSignal(path, ReadInterfaces(ref r)));
            },
            Forward, false, ObserverFlags.None, null));

        _matches.Add(await _connection.AddMatchAsync(
            new MatchRule { Type = MessageType.Signal, Path = "/", Interface = BlueZNames.ObjectManagerInterface, Member = "InterfacesRemoved" },
            static (m, _) =>
            {
                var r = m.GetBodyReader();
                var path = r.ReadObjectPathAsString();
                return (m.SenderAsString, Signal: (BusSignal)new InterfacesRemovedSignal(path, r.ReadArrayOfString()));
            },
            Forward, false, ObserverFlags.None, null));

        _matches.Add(await _connection.AddMatchAsync(
            new MatchRule { Type = MessageType.Signal, PathNamespace = BlueZNames.AgentManagerPath, Interface = BlueZNames.PropertiesInterface, Member = "PropertiesChanged" },
            static (m, _) =>
            {
                var r = m.GetBodyReader();
                var iface = r.ReadString();
                var changed = r.ReadDictionaryOfStringToVariantValue();
                var invalidated = r.ReadArrayOfString();
                return (m.SenderAsString, Signal: (BusSignal)new PropertiesChangedSignal(m.PathAsString!, iface, changed, invalidated));
            },
            Forward, false, ObserverFlags.None, null));
    }

    private void Forward(Notification<(string? Sender, BusSignal Signal)> n)
    {
        if (!n.HasValue)
        {
            return;
        }

        var value = n.Value;
        // Only bluetoothd's signals count: anyone on the bus may emit on "/" (and dbusmock's MethodCalled, ble.md Q7,
        // is on another interface and never matches).
        if (value.Sender is not null && value.Sender == _owner)
        {
            _signals.TryWrite(value.Signal);
        }
    }

    private static Dictionary<string, Dictionary<string, VariantValue>> ReadInterfaces(ref Reader r)
    {
        var result = new Dictionary<string, Dictionary<string, VariantValue>>(StringComparer.Ordinal);
        var end = r.ReadDictionaryStart();
        while (r.HasNext(end))
        {
            var iface = r.ReadString();
            result[iface] = r.ReadDictionaryOfStringToVariantValue();
        }

        return result;
    }

    private async Task<string?> GetNameOwnerAsync(CancellationToken ct)
    {
        try
        {
            return await GetNameOwnerCall().WaitAsync(_callTimeout, _time, ct);
        }
        catch (DBusErrorReplyException e) when (e.ErrorName == "org.freedesktop.DBus.Error.NameHasNoOwner")
        {
            return null;
        }
    }

    private Task<string> GetNameOwnerCall()
    {
        using var w = _connection.GetMessageWriter();
        w.WriteMethodCallHeader("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "GetNameOwner", "s");
        w.WriteString(BlueZNames.Service);
        return _connection.CallMethodAsync(w.CreateMessage(), static (m, _) => m.GetBodyReader().ReadString(), null);
    }

    /// <summary>GetManagedObjects on "/" of org.bluez.</summary>
    public Task<Dictionary<string, Dictionary<string, Dictionary<string, VariantValue>>>> GetManagedObjectsAsync(CancellationToken ct)
    {
        using var w = _connection.GetMessageWriter();
        w.WriteMethodCallHeader(BlueZNames.Service, "/", BlueZNames.ObjectManagerInterface, "GetManagedObjects");
        return _connection.CallMethodAsync(w.CreateMessage(), static (m, _) =>
        {
            var r = m.GetBodyReader();
            var result = new Dictionary<string, Dictionary<string, Dictionary<string, VariantValue>>>(StringComparer.Ordinal);
            var end = r.ReadDictionaryStart();
            while (r.HasNext(end))
            {
                var path = r.ReadObjectPathAsString();
                result[path] = ReadInterfaces(ref r);
            }

            return result;
        }, null).WaitAsync(_callTimeout, _time, ct);
    }

    /// <summary>Calls a method without arguments or with arguments written by <paramref name="body"/>.</summary>
    public Task CallAsync(string path, string iface, string member, CancellationToken ct, string? signature = null, MessageBodyWriter? body = null, TimeSpan? timeout = null)
    {
        var w = _connection.GetMessageWriter();
        MessageBuffer message;
        try
        {
            w.WriteMethodCallHeader(BlueZNames.Service, path, iface, member, signature);
            body?.Invoke(ref w);
            message = w.CreateMessage();
        }
        finally
        {
            w.Dispose();
        }

        // With a reader that ignores the body: CallMethodAsync(MessageBuffer) alone fails on a reply that has one.
        return _connection.CallMethodAsync(message, static (_, _) => true, null).WaitAsync(timeout ?? _callTimeout, _time, ct);
    }

    public Task StartNotifyAsync(string characteristic, CancellationToken ct) =>
        CallAsync(characteristic, BlueZNames.CharacteristicInterface, "StartNotify", ct);

    /// <summary>WriteValue with type "request" (a write with response, as RACP requires).</summary>
    public Task WriteValueAsync(string characteristic, byte[] value, CancellationToken ct) =>
        CallAsync(characteristic, BlueZNames.CharacteristicInterface, "WriteValue", ct, "aya{sv}", (ref MessageWriter w) =>
        {
            w.WriteArray(value);
            var dict = w.WriteDictionaryStart();
            w.WriteDictionaryEntryStart();
            w.WriteString("type");
            w.WriteVariantString("request");
            w.WriteDictionaryEnd(dict);
        });

    public Task SetBoolPropertyAsync(string path, string iface, string name, bool value, CancellationToken ct) =>
        CallAsync(path, BlueZNames.PropertiesInterface, "Set", ct, "ssv", (ref MessageWriter w) =>
        {
            w.WriteString(iface);
            w.WriteString(name);
            w.WriteVariantBool(value);
        });

    /// <summary>SetDiscoveryFilter: LE only, the given service UUIDs, every advert reported (DuplicateData).</summary>
    public Task SetDiscoveryFilterAsync(string adapter, string[] uuids, CancellationToken ct) =>
        CallAsync(adapter, BlueZNames.AdapterInterface, "SetDiscoveryFilter", ct, "a{sv}", (ref MessageWriter w) =>
        {
            var dict = w.WriteDictionaryStart();
            w.WriteDictionaryEntryStart();
            w.WriteString("UUIDs");
            w.WriteVariant(VariantValue.Array(uuids));
            w.WriteDictionaryEntryStart();
            w.WriteString("Transport");
            w.WriteVariantString("le");
            w.WriteDictionaryEntryStart();
            w.WriteString("DuplicateData");
            w.WriteVariantBool(true);
            w.WriteDictionaryEnd(dict);
        });

    public Task RegisterAgentAsync(string agentPath, string capability, CancellationToken ct) =>
        CallAsync(BlueZNames.AgentManagerPath, BlueZNames.AgentManagerInterface, "RegisterAgent", ct, "os", (ref MessageWriter w) =>
        {
            w.WriteObjectPath(agentPath);
            w.WriteString(capability);
        });

    public Task RequestDefaultAgentAsync(string agentPath, CancellationToken ct) =>
        CallAsync(BlueZNames.AgentManagerPath, BlueZNames.AgentManagerInterface, "RequestDefaultAgent", ct, "o", (ref MessageWriter w) => w.WriteObjectPath(agentPath));

    public Task RemoveDeviceAsync(string adapter, string device, CancellationToken ct) =>
        CallAsync(adapter, BlueZNames.AdapterInterface, "RemoveDevice", ct, "o", (ref MessageWriter w) => w.WriteObjectPath(device));

    public void Dispose()
    {
        foreach (var m in _matches)
        {
            m.Dispose();
        }

        _connection.Dispose();
    }
}
