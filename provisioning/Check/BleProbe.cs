using Tmds.DBus.Protocol;

namespace Edge.Provisioning.Check;

/// <summary>
/// Looks for BlueZ and the configured adapter on an explicitly given bus address (never the cached
/// <c>DBUS_SYSTEM_BUS_ADDRESS</c>, as drivers/ble does): org.bluez must own a name, and
/// <c>/org/bluez/{adapter}</c> must answer for <c>org.bluez.Adapter1.Powered</c>.
/// </summary>
internal static class BleProbe
{
    public static async Task<CheckResult> RunAsync(string busAddress, string adapter, TimeSpan timeout, TimeProvider time, CancellationToken ct)
    {
        const string Name = "ble";
        using var connection = new DBusConnection(busAddress);
        try
        {
            await connection.ConnectAsync().AsTask().WaitAsync(timeout, time, ct);
        }
        catch (Exception ex) when (ex is DBusConnectionException or DBusConnectFailedException or TimeoutException or IOException or System.Net.Sockets.SocketException)
        {
            return CheckResult.Fail(Name, $"cannot connect to the D-Bus system bus at {busAddress}: {ex.Message}", "check that dbus runs and Edge:Ble:BusAddress (or --bus-address) names its socket");
        }

        try
        {
            var owned = await NameHasOwnerAsync(connection).WaitAsync(timeout, time, ct);
            if (!owned)
            {
                return CheckResult.Fail(Name, "BlueZ (org.bluez) is not on the system bus", "start bluetoothd: systemctl enable --now bluetooth");
            }

            var powered = await PoweredAsync(connection, adapter).WaitAsync(timeout, time, ct);
            return powered
                ? CheckResult.Pass(Name, $"BlueZ is running and adapter {adapter} is present and powered")
                : CheckResult.Warn(Name, $"adapter {adapter} is present but powered off", $"power it on: bluetoothctl power on (and check rfkill list)");
        }
        catch (DBusErrorReplyException ex) when (ex.ErrorName is "org.freedesktop.DBus.Error.UnknownObject" or "org.freedesktop.DBus.Error.UnknownMethod" or "org.freedesktop.DBus.Error.InvalidArgs")
        {
            return CheckResult.Fail(Name, $"BlueZ runs but has no adapter {adapter}", "plug in or enable the Bluetooth controller (hciconfig -a, rfkill unblock bluetooth), or set Edge:Ble:Adapter");
        }
        catch (DBusErrorReplyException ex) when (ex.ErrorName == "org.freedesktop.DBus.Error.AccessDenied")
        {
            return CheckResult.Fail(Name, "the bus policy denies access to BlueZ", "install the Edge D-Bus policy (deploy/) and run as the gateway's user");
        }
        catch (TimeoutException)
        {
            return CheckResult.Fail(Name, $"BlueZ did not answer within {timeout.TotalSeconds:0} s", "restart bluetoothd: systemctl restart bluetooth");
        }
    }

    private static Task<bool> NameHasOwnerAsync(DBusConnection connection)
    {
        using var w = connection.GetMessageWriter();
        w.WriteMethodCallHeader("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "NameHasOwner", "s");
        w.WriteString("org.bluez");
        return connection.CallMethodAsync(w.CreateMessage(), static (m, _) => m.GetBodyReader().ReadBool(), null);
    }

    private static Task<bool> PoweredAsync(DBusConnection connection, string adapter)
    {
        using var w = connection.GetMessageWriter();
        w.WriteMethodCallHeader("org.bluez", "/org/bluez/" + adapter, "org.freedesktop.DBus.Properties", "Get", "ss");
        w.WriteString("org.bluez.Adapter1");
        w.WriteString("Powered");
        return connection.CallMethodAsync(w.CreateMessage(), static (m, _) => m.GetBodyReader().ReadVariantValue().GetBool(), null);
    }
}
