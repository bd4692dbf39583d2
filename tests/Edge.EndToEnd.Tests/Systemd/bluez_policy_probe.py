'''Probes the system-bus policy for the Edge gateway's BlueZ calls (deploy/dbus/edge-gateway-bluez.conf).

Run as the service user against a bus that has the BlueZ double (tests/bluez-double/edge_bluez.py) on it:
    python3 bluez_policy_probe.py BUS_ADDRESS ADAPTER_PATH DEVICE_PATH AGENT_PATH PASSKEY
Makes the calls drivers/ble/BlueZ makes, exports an org.bluez.Agent1 at AGENT_PATH that answers RequestPasskey with
PASSKEY, and prints one line per call: "<call> ok" or "<call> <D-Bus error name>". Exits 0 whatever the answers.
'''

import sys

import dbus
import dbus.mainloop.glib
import dbus.service
from gi.repository import GLib

address, adapter, device, agent_path, passkey = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
dbus.mainloop.glib.DBusGMainLoop(set_as_default=True)
bus = dbus.bus.BusConnection(address)


def report(name, call):
    try:
        call()
        print(name, 'ok', flush=True)
    except dbus.exceptions.DBusException as e:
        print(name, e.get_dbus_name(), flush=True)


def method(path, interface, member, *args, signature=None):
    return lambda: bus.call_blocking('org.bluez', path, interface, member, signature, list(args), timeout=10)


class Agent(dbus.service.Object):
    @dbus.service.method('org.bluez.Agent1', in_signature='o', out_signature='u')
    def RequestPasskey(self, _device):
        print('agent RequestPasskey', flush=True)
        return dbus.UInt32(passkey)

    @dbus.service.method('org.bluez.Agent1', in_signature='', out_signature='')
    def Release(self):
        pass


report('ObjectManager.GetManagedObjects', method('/', 'org.freedesktop.DBus.ObjectManager', 'GetManagedObjects'))
report('Properties.Get', method(adapter, 'org.freedesktop.DBus.Properties', 'Get', 'org.bluez.Adapter1', 'Powered', signature='ss'))
report('Adapter1.SetDiscoveryFilter', method(adapter, 'org.bluez.Adapter1', 'SetDiscoveryFilter', dbus.Dictionary({}, signature='sv'), signature='a{sv}'))
report('Adapter1.StartDiscovery', method(adapter, 'org.bluez.Adapter1', 'StartDiscovery'))
report('Adapter1.StopDiscovery', method(adapter, 'org.bluez.Adapter1', 'StopDiscovery'))
report('Device1.Connect', method(device, 'org.bluez.Device1', 'Connect'))
report('Properties.Set', method(device, 'org.freedesktop.DBus.Properties', 'Set', 'org.bluez.Device1', 'Trusted', dbus.Boolean(True, variant_level=1), signature='ssv'))

agent = Agent(bus, agent_path)
report('AgentManager1.RegisterAgent', method('/org/bluez', 'org.bluez.AgentManager1', 'RegisterAgent', dbus.ObjectPath(agent_path), 'KeyboardDisplay', signature='os'))
report('AgentManager1.RequestDefaultAgent', method('/org/bluez', 'org.bluez.AgentManager1', 'RequestDefaultAgent', dbus.ObjectPath(agent_path), signature='o'))

# Pair makes bluetoothd (here the double, as root) call back into the agent, so the reply must be awaited while the
# main loop serves that call.
loop = GLib.MainLoop()


def paired():
    print('Device1.Pair ok', flush=True)
    loop.quit()


def pair_failed(e):
    print('Device1.Pair', e.get_dbus_name(), flush=True)
    loop.quit()


bus.call_async('org.bluez', device, 'org.bluez.Device1', 'Pair', '', [], paired, pair_failed, timeout=20)
loop.run()

# Not part of the gateway's needs: must stay closed.
report('Mock.AddAdapter', method('/', 'org.bluez.Mock', 'AddAdapter', 'hci9', 'probe', signature='ss'))
report('Peer.Ping', method('/', 'org.freedesktop.DBus.Peer', 'Ping'))
