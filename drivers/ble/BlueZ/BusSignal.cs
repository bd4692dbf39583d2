using Tmds.DBus.Protocol;

namespace Edge.Drivers.Ble.BlueZ;

/// <summary>A D-Bus signal from bluetoothd (or the bus), copied out of the message so it can cross a channel.</summary>
internal abstract record BusSignal;

/// <summary><c>PropertiesChanged</c> on an object under /org/bluez.</summary>
internal sealed record PropertiesChangedSignal(string Path, string Interface, Dictionary<string, VariantValue> Changed, string[] Invalidated) : BusSignal;

/// <summary><c>ObjectManager.InterfacesAdded</c>.</summary>
internal sealed record InterfacesAddedSignal(string Path, Dictionary<string, Dictionary<string, VariantValue>> Interfaces) : BusSignal;

/// <summary><c>ObjectManager.InterfacesRemoved</c>.</summary>
internal sealed record InterfacesRemovedSignal(string Path, string[] Interfaces) : BusSignal;

/// <summary>The owner of <c>org.bluez</c> changed (bluetoothd stopped, or restarted with a new unique name).</summary>
internal sealed record BlueZOwnerChangedSignal(string? NewOwner) : BusSignal;
