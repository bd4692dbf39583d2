'''Edge's BlueZ 5.66 test double: a python3-dbusmock template with GATT, notify sessions, an Agent1 round trip and a
glucose meter's Record Access Control Point.

Our own code, written for Edge (it does not build on dbusmock's stock bluez5 template). It fixes the stock template's
gaps listed in shared/reference/ble.md section 4.2:
  Q1 GATT services and characteristics exist, with StartNotify/StopNotify sessions and notifications.
  Q2 Connect() updates the stored Connected property, then ServicesResolved, as bluetoothd does.
  Q3 StartDiscovery() works without a prior SetDiscoveryFilter(), and no DiscoveryFilter property leaks out.
  Q4 ManufacturerData is a{qv}, ServiceData a{sv}, AdvertisingFlags ay (the stock template wraps them in arrays).
  Q5 RegisterAgent accepts "" (KeyboardDisplay) and a second registration answers AlreadyExists.
  Q6 Pair() calls back into the registered agent (RequestPasskey / RequestConfirmation) and checks the answer.
  Q8 Objects added through our Mock API emit InterfacesAdded, and removals emit InterfacesRemoved.
Behaviour of bluetoothd 5.66 that it also models (ble.md section 3.6):
  * notify sessions belong to the caller's bus name, survive BLE reconnects, are accepted while disconnected and are
    dropped when the caller leaves the bus;
  * a notification is delivered only when a session exists and the device is connected (EmitNotification answers
    whether it was delivered);
  * notifications may be queued to fire the instant Connect() completes, before its reply (a bonded device pushing
    stored data right after reconnecting).

Run:  /usr/bin/python3 -m dbusmock --template tests/bluez-double/edge_bluez.py  (system bus from DBUS_SYSTEM_BUS_ADDRESS)
Control it through org.bluez.Mock on "/" (see the methods below).
'''

import dbus
import dbus.service
from gi.repository import GLib

from dbusmock import OBJECT_MANAGER_IFACE, mockobject
from dbusmock.mockobject import DBusMockObject

BUS_NAME = 'org.bluez'
MAIN_OBJ = '/'
SYSTEM_BUS = True
IS_OBJECT_MANAGER = True

ADAPTER = 'org.bluez.Adapter1'
DEVICE = 'org.bluez.Device1'
SERVICE = 'org.bluez.GattService1'
CHRC = 'org.bluez.GattCharacteristic1'
AGENT_MANAGER = 'org.bluez.AgentManager1'
AGENT = 'org.bluez.Agent1'
MOCK = 'org.bluez.Mock'
PROPS = dbus.PROPERTIES_IFACE

RACP_UUID = '00002a52-0000-1000-8000-00805f9b34fb'
GLUCOSE_UUID = '00002a18-0000-1000-8000-00805f9b34fb'
CONTEXT_UUID = '00002a34-0000-1000-8000-00805f9b34fb'
CAPABILITIES = ['DisplayOnly', 'DisplayYesNo', 'KeyboardOnly', 'NoInputNoOutput', 'KeyboardDisplay']


def _error(name, text):
    return dbus.exceptions.DBusException(text, name='org.bluez.Error.' + name)


class _Obj(DBusMockObject):
    '''Common part: logged calls (GetMethodCalls works), PropertiesChanged that bluetoothd would send.'''

    def record(self, name, *args):
        self.call_log.append((0, name, list(args)))
        self.MethodCalled(name, list(args))

    def change(self, interface, **changes):
        for key, value in changes.items():
            self.props[interface][key] = value
        self.EmitSignal(PROPS, 'PropertiesChanged', 'sa{sv}as', [interface, dbus.Dictionary(changes, signature='sv'), dbus.Array([], signature='s')])


_ROOT = []  # the "/" mock object, set by load() (it is not yet in mockobject.objects while the template loads)


def _root():
    return _ROOT[0]


def _add(cls, path, interface, props):
    '''Creates an object, registers it for GetManagedObjects and emits InterfacesAdded (Q8).'''
    if path in mockobject.objects:
        raise dbus.exceptions.DBusException('object exists: ' + path, name=MOCK + '.Exists')
    root = _root()
    obj = cls(root.bus_name, path, interface, props)
    obj.logfile = root.logfile
    obj.is_logfile_owner = False
    obj.object_manager = root
    mockobject.objects[path] = obj
    root.EmitSignal(OBJECT_MANAGER_IFACE, 'InterfacesAdded', 'oa{sa{sv}}', [dbus.ObjectPath(path), {interface: props}])
    return obj


def _remove(path):
    '''Removes an object and its children, children first, each with InterfacesRemoved (Q8).'''
    root = _root()
    for child in sorted([p for p in mockobject.objects if p.startswith(path + '/')], key=len, reverse=True) + [path]:
        obj = mockobject.objects.pop(child)
        root.EmitSignal(OBJECT_MANAGER_IFACE, 'InterfacesRemoved', 'oas', [dbus.ObjectPath(child), dbus.Array(list(obj.props.keys()), signature='s')])
        obj.remove_from_connection()


class AgentManager(_Obj):
    '''org.bluez.AgentManager1 at /org/bluez; remembers the bus name of each agent so Pair() can call it back.'''

    agents = {}  # agent path -> (owner bus name, capability)
    default = None

    @dbus.service.method(AGENT_MANAGER, in_signature='os', out_signature='', sender_keyword='sender')
    def RegisterAgent(self, path, capability, sender=None):
        self.record('RegisterAgent', path, capability)
        capability = capability or 'KeyboardDisplay'  # Q5: bluetoothd accepts "".
        if capability not in CAPABILITIES:
            raise _error('InvalidArguments', 'Invalid arguments in method call')
        if (str(path), sender) in [(p, o) for p, (o, _) in AgentManager.agents.items()]:
            raise _error('AlreadyExists', 'Already Exists')
        AgentManager.agents[str(path)] = (sender, capability)

    @dbus.service.method(AGENT_MANAGER, in_signature='o', out_signature='', sender_keyword='sender')
    def RequestDefaultAgent(self, path, sender=None):
        self.record('RequestDefaultAgent', path)
        if str(path) not in AgentManager.agents:
            raise _error('DoesNotExist', 'Does Not Exist')
        AgentManager.default = str(path)

    @dbus.service.method(AGENT_MANAGER, in_signature='o', out_signature='', sender_keyword='sender')
    def UnregisterAgent(self, path, sender=None):
        self.record('UnregisterAgent', path)
        if AgentManager.agents.pop(str(path), None) is None:
            raise _error('DoesNotExist', 'Does Not Exist')
        if AgentManager.default == str(path):
            AgentManager.default = None

    @staticmethod
    def current():
        '''The default agent, else the most recent one, as (owner, path); None without an agent.'''
        path = AgentManager.default or (list(AgentManager.agents)[-1] if AgentManager.agents else None)
        return (AgentManager.agents[path][0], path) if path else None


class Adapter(_Obj):
    '''org.bluez.Adapter1: discovery sessions per caller, filter optional (Q3), RemoveDevice drops the children.'''

    @dbus.service.method(ADAPTER, in_signature='', out_signature='', sender_keyword='sender')
    def StartDiscovery(self, sender=None):
        self.record('StartDiscovery')
        self.sessions = getattr(self, 'sessions', set()) | {sender}
        if not self.props[ADAPTER]['Discovering']:
            self.change(ADAPTER, Discovering=dbus.Boolean(True, variant_level=1))

    @dbus.service.method(ADAPTER, in_signature='', out_signature='', sender_keyword='sender')
    def StopDiscovery(self, sender=None):
        self.record('StopDiscovery')
        sessions = getattr(self, 'sessions', set())
        if sender not in sessions:
            raise _error('Failed', 'No discovery started')
        sessions.discard(sender)
        if not sessions:
            self.change(ADAPTER, Discovering=dbus.Boolean(False, variant_level=1))

    @dbus.service.method(ADAPTER, in_signature='a{sv}', out_signature='')
    def SetDiscoveryFilter(self, discovery_filter):
        self.record('SetDiscoveryFilter', discovery_filter)
        self.filter = dict(discovery_filter)

    @dbus.service.method(ADAPTER, in_signature='', out_signature='as')
    def GetDiscoveryFilters(self):
        return dbus.Array(['UUIDs', 'RSSI', 'Pathloss', 'Transport', 'DuplicateData', 'Discoverable', 'Pattern'], signature='s')

    @dbus.service.method(ADAPTER, in_signature='o', out_signature='')
    def RemoveDevice(self, device):
        self.record('RemoveDevice', device)
        if str(device) not in mockobject.objects or not str(device).startswith(self.path + '/'):
            raise _error('DoesNotExist', 'Does Not Exist')
        _remove(str(device))


class Device(_Obj):
    '''org.bluez.Device1 with the connect/pair behaviour of bluetoothd (Q2, Q6).'''

    def init(self):
        self.pairing = ('justworks', 0)
        self.connect_failures = 0
        self.on_connect = []  # (characteristic path, value) pushed the instant Connect() completes

    def set_connected(self, connected):
        if connected:
            self.change(DEVICE, Connected=dbus.Boolean(True, variant_level=1))
            self.change(DEVICE, ServicesResolved=dbus.Boolean(True, variant_level=1))
        else:
            self.change(DEVICE, ServicesResolved=dbus.Boolean(False, variant_level=1))
            self.change(DEVICE, Connected=dbus.Boolean(False, variant_level=1))
            for chrc in _children(self.path, Characteristic):
                chrc.racp_stop()

    @dbus.service.method(DEVICE, in_signature='', out_signature='')
    def Connect(self):
        self.record('Connect')
        if self.props[DEVICE]['Connected']:
            raise _error('AlreadyConnected', 'Already Connected')
        if self.connect_failures > 0:
            self.connect_failures -= 1
            raise _error('Failed', 'le-connection-abort-by-local')
        self.set_connected(True)
        pending, self.on_connect = self.on_connect, []
        for path, value in pending:
            mockobject.objects[path].notify(value)

    @dbus.service.method(DEVICE, in_signature='', out_signature='')
    def Disconnect(self):
        self.record('Disconnect')
        if self.props[DEVICE]['Connected']:
            self.set_connected(False)

    @dbus.service.method(DEVICE, in_signature='', out_signature='')
    def Pair(self):
        self.record('Pair')
        if self.props[DEVICE]['Paired']:
            raise _error('AlreadyExists', 'Already Exists')
        mode, passkey = self.pairing
        if mode != 'justworks':
            agent = AgentManager.current()
            if agent is None:
                raise _error('AuthenticationFailed', 'Authentication Failed')
            owner, path = agent
            try:
                if mode == 'passkey':
                    answer = self.connection.call_blocking(owner, path, AGENT, 'RequestPasskey', 'o', [dbus.ObjectPath(self.path)], timeout=10)
                    if int(answer) != passkey:
                        raise _error('AuthenticationFailed', 'Authentication Failed')
                elif mode == 'confirm':
                    self.connection.call_blocking(owner, path, AGENT, 'RequestConfirmation', 'ou', [dbus.ObjectPath(self.path), dbus.UInt32(passkey)], timeout=10)
                else:
                    raise _error('AuthenticationFailed', 'Authentication Failed')
            except dbus.exceptions.DBusException as e:
                if e.get_dbus_name() in ('org.bluez.Error.Rejected', 'org.bluez.Error.Canceled'):
                    raise _error('AuthenticationRejected', 'Authentication Rejected') from e
                raise
        self.change(DEVICE, Paired=dbus.Boolean(True, variant_level=1), Bonded=dbus.Boolean(True, variant_level=1))

    @dbus.service.method(DEVICE, in_signature='', out_signature='')
    def CancelPairing(self):
        self.record('CancelPairing')

    @dbus.service.method(PROPS, in_signature='ssv', out_signature='')
    def Set(self, interface_name, property_name, value, *_, **__):
        '''Writable Trusted/Blocked/Alias, announced with PropertiesChanged as bluetoothd does.'''
        self.record('Set', interface_name, property_name, value)
        if interface_name != DEVICE or property_name not in ('Trusted', 'Blocked', 'Alias'):
            raise _error('InvalidArguments', 'Invalid arguments in method call')
        self.change(DEVICE, **{property_name: value})


class Service(_Obj):
    '''org.bluez.GattService1.'''


class Characteristic(_Obj):
    '''org.bluez.GattCharacteristic1 with per-sender notify sessions and, for 0x2A52, a glucose meter's RACP.'''

    def init(self):
        self.sessions = set()
        self.watches = {}
        self.racp_timer = None

    def device(self):
        return mockobject.objects[str(self.props[CHRC]['Service']).rsplit('/', 1)[0]]

    def sibling(self, uuid):
        service = str(self.props[CHRC]['Service'])
        for chrc in _children(service, Characteristic):
            if chrc.props[CHRC]['UUID'] == uuid:
                return chrc
        return None

    def notify(self, value):
        '''Delivers a notification/indication; like bluetoothd, only to an existing session on a connected link.'''
        if not self.sessions or not self.device().props[DEVICE]['Connected']:
            return False
        self.change(CHRC, Value=dbus.Array(value, signature='y', variant_level=1))
        return True

    @dbus.service.method(CHRC, in_signature='a{sv}', out_signature='ay')
    def ReadValue(self, options):
        self.record('ReadValue', options)
        if not self.device().props[DEVICE]['Connected']:
            raise _error('Failed', 'Not connected')
        return self.props[CHRC]['Value']

    @dbus.service.method(CHRC, in_signature='aya{sv}', out_signature='')
    def WriteValue(self, value, options):
        self.record('WriteValue', value, options)
        if not self.device().props[DEVICE]['Connected']:
            raise _error('Failed', 'Not connected')
        if self.props[CHRC]['UUID'] == RACP_UUID:
            self.racp_request(bytes(value))

    @dbus.service.method(CHRC, in_signature='', out_signature='', sender_keyword='sender')
    def StartNotify(self, sender=None):
        self.record('StartNotify')
        flags = self.props[CHRC]['Flags']
        if 'notify' not in flags and 'indicate' not in flags:
            raise _error('NotSupported', 'Operation is not supported')
        if sender not in self.sessions:
            self.sessions.add(sender)
            # bluetoothd drops a session when its owner leaves the bus (gatt-client.c disconnect watch).
            self.watches[sender] = self.connection.watch_name_owner(sender, lambda owner, s=sender: self.drop_session(s) if not owner else None)
        if not self.props[CHRC]['Notifying']:
            self.change(CHRC, Notifying=dbus.Boolean(True, variant_level=1))

    def drop_session(self, sender):
        self.sessions.discard(sender)
        watch = self.watches.pop(sender, None)
        if watch is not None:
            watch.cancel()
        if not self.sessions and self.props[CHRC]['Notifying']:
            self.change(CHRC, Notifying=dbus.Boolean(False, variant_level=1))

    @dbus.service.method(CHRC, in_signature='', out_signature='', sender_keyword='sender')
    def StopNotify(self, sender=None):
        self.record('StopNotify')
        if sender not in self.sessions:
            raise _error('Failed', 'No notify session started')
        self.drop_session(sender)

    @dbus.service.method(CHRC, in_signature='a{sv}', out_signature='hq')
    def AcquireNotify(self, options):
        # Logged so tests can prove the client never uses it (ble.md section 3.6.1).
        self.record('AcquireNotify', options)
        raise _error('NotSupported', 'Operation is not supported')

    # --- RACP (GLS 1.0 section 3.108) ---------------------------------------------------------------------------

    def racp_indicate(self, value):
        self.notify(value)

    def racp_stop(self):
        if self.racp_timer is not None:
            GLib.source_remove(self.racp_timer)
            self.racp_timer = None

    def racp_request(self, req):
        device = self.device()
        store = device.glucose_records
        if not self.sessions:
            # CCCD of the RACP not configured: ATT error 0xFD, which bluetoothd reports as Failed.
            raise _error('Failed', 'Operation failed with ATT error: 0xfd')
        if len(req) >= 2 and req[0] == 0x03:
            running = self.racp_timer is not None
            self.racp_stop()
            GLib.idle_add(lambda: self.racp_indicate([0x06, 0x00, 0x03, 0x01 if running else 0x07]) and False)
            return
        if self.racp_timer is not None:
            GLib.idle_add(lambda: self.racp_indicate([0x06, 0x00, req[0], 0x08]) and False)  # procedure already running
            return
        if len(req) == 2 and req[1] == 0x01:
            selected = list(store)
        elif len(req) == 5 and req[1] == 0x03 and req[2] == 0x01:
            start = req[3] | (req[4] << 8)
            selected = [r for r in store if (r[0][1] | (r[0][2] << 8)) >= start]
        else:
            GLib.idle_add(lambda: self.racp_indicate([0x06, 0x00, req[0], 0x04]) and False)
            return
        if req[0] == 0x04:
            n = len(selected)
            GLib.idle_add(lambda: self.racp_indicate([0x05, 0x00, n & 0xFF, n >> 8]) and False)
            return
        if req[0] != 0x01:
            GLib.idle_add(lambda: self.racp_indicate([0x06, 0x00, req[0], 0x02]) and False)
            return
        if device.racp_silent:
            return
        queue = []
        for measurement, context in selected:
            queue.append((GLUCOSE_UUID, measurement))
            if context:
                queue.append((CONTEXT_UUID, context))
        state = {'sent': 0}

        def step():
            if device.racp_drop_after >= 0 and state['sent'] >= device.racp_drop_after:
                # Link lost in the middle of the procedure: no response ever comes for this request.
                device.racp_drop_after = -1
                self.racp_timer = None
                device.set_connected(False)
                return False
            if not queue:
                self.racp_timer = None
                self.racp_indicate([0x06, 0x00, 0x01, 0x01 if selected else 0x06])
                return False
            uuid, value = queue.pop(0)
            self.sibling(uuid).notify(value)
            if uuid == GLUCOSE_UUID:
                state['sent'] += 1
            return True

        # The write response goes first; records follow as separate notifications, as on air.
        self.racp_timer = GLib.timeout_add(2, step)


def _children(path, cls):
    return [o for p, o in list(mockobject.objects.items()) if p.startswith(path + '/') and isinstance(o, cls)]


def _chrc(path):
    obj = mockobject.objects.get(str(path))
    if not isinstance(obj, Characteristic):
        raise dbus.exceptions.DBusException('no characteristic ' + str(path), name=MOCK + '.NoSuchObject')
    return obj


def _device(path):
    obj = mockobject.objects.get(str(path))
    if not isinstance(obj, Device):
        raise dbus.exceptions.DBusException('no device ' + str(path), name=MOCK + '.NoSuchObject')
    return obj


def load(mock, _parameters):
    _ROOT[:] = [mock]
    AgentManager.agents = {}
    AgentManager.default = None
    _add(AgentManager, '/org/bluez', AGENT_MANAGER, {})


# --- org.bluez.Mock control API on "/" -----------------------------------------------------------------------------

@dbus.service.method(MOCK, in_signature='ss', out_signature='o')
def AddAdapter(self, name, alias):
    path = '/org/bluez/' + name
    _add(Adapter, path, ADAPTER, {
        'Address': dbus.String('00:E0:00:00:00:01', variant_level=1),
        'AddressType': dbus.String('public', variant_level=1),
        'Name': dbus.String(alias, variant_level=1),
        'Alias': dbus.String(alias, variant_level=1),
        'Class': dbus.UInt32(0, variant_level=1),
        'Powered': dbus.Boolean(True, variant_level=1),
        'Discoverable': dbus.Boolean(False, variant_level=1),
        'Pairable': dbus.Boolean(True, variant_level=1),
        'Discovering': dbus.Boolean(False, variant_level=1),
        'UUIDs': dbus.Array([], signature='s', variant_level=1),
        'Modalias': dbus.String('usb:v1D6Bp0246d0542', variant_level=1),
        'Roles': dbus.Array(['central', 'peripheral'], signature='s', variant_level=1),
    })
    return dbus.ObjectPath(path)


@dbus.service.method(MOCK, in_signature='sssas', out_signature='o')
def AddDevice(self, adapter, address, name, uuids):
    adapter_path = '/org/bluez/' + adapter
    path = adapter_path + '/dev_' + address.upper().replace(':', '_')
    device = _add(Device, path, DEVICE, {
        'Address': dbus.String(address.upper(), variant_level=1),
        'AddressType': dbus.String('public', variant_level=1),
        'Name': dbus.String(name, variant_level=1),
        'Alias': dbus.String(name, variant_level=1),
        'Appearance': dbus.UInt16(0, variant_level=1),
        'Paired': dbus.Boolean(False, variant_level=1),
        'Bonded': dbus.Boolean(False, variant_level=1),
        'Trusted': dbus.Boolean(False, variant_level=1),
        'Blocked': dbus.Boolean(False, variant_level=1),
        'LegacyPairing': dbus.Boolean(False, variant_level=1),
        'Connected': dbus.Boolean(False, variant_level=1),
        'ServicesResolved': dbus.Boolean(False, variant_level=1),
        'UUIDs': dbus.Array([u.lower() for u in uuids], signature='s', variant_level=1),
        'Adapter': dbus.ObjectPath(adapter_path, variant_level=1),
        'RSSI': dbus.Int16(-70, variant_level=1),
        'TxPower': dbus.Int16(0, variant_level=1),
        # Q4: the real types, not arrays of them.
        'ManufacturerData': dbus.Dictionary({}, signature='qv', variant_level=1),
        'ServiceData': dbus.Dictionary({}, signature='sv', variant_level=1),
        'AdvertisingFlags': dbus.Array([dbus.Byte(6)], signature='y', variant_level=1),
    })
    device.init()
    device.glucose_records = []
    device.racp_drop_after = -1
    device.racp_silent = False
    return dbus.ObjectPath(path)


@dbus.service.method(MOCK, in_signature='osq', out_signature='o')
def AddGattService(self, device, uuid, handle):
    path = f'{device}/service{handle:04x}'
    _add(Service, path, SERVICE, {
        'UUID': dbus.String(uuid.lower(), variant_level=1),
        'Primary': dbus.Boolean(True, variant_level=1),
        'Device': dbus.ObjectPath(device, variant_level=1),
        'Includes': dbus.Array([], signature='o', variant_level=1),
    })
    return dbus.ObjectPath(path)


@dbus.service.method(MOCK, in_signature='osasq', out_signature='o')
def AddGattCharacteristic(self, service, uuid, flags, handle):
    path = f'{service}/char{handle:04x}'
    chrc = _add(Characteristic, path, CHRC, {
        'UUID': dbus.String(uuid.lower(), variant_level=1),
        'Service': dbus.ObjectPath(service, variant_level=1),
        'Value': dbus.Array([], signature='y', variant_level=1),
        'Notifying': dbus.Boolean(False, variant_level=1),
        'Flags': dbus.Array(flags, signature='s', variant_level=1),
        'MTU': dbus.UInt16(247, variant_level=1),
    })
    chrc.init()
    return dbus.ObjectPath(path)


@dbus.service.method(MOCK, in_signature='oay', out_signature='b')
def EmitNotification(self, chrc, value):
    '''Pushes a value from the device; false when no session exists or the link is down (the push is lost).'''
    return dbus.Boolean(_chrc(chrc).notify(list(value)))


@dbus.service.method(MOCK, in_signature='oay', out_signature='')
def QueueNotificationOnConnect(self, chrc, value):
    '''The next successful Connect() of the owning device pushes this value before it returns.'''
    c = _chrc(chrc)
    c.device().on_connect.append((str(chrc), list(value)))


@dbus.service.method(MOCK, in_signature='onqay', out_signature='')
def Advertise(self, device, rssi, company, data):
    '''One advertising report: RSSI and, when data is not empty, ManufacturerData (a{qv}), as PropertiesChanged.'''
    d = _device(device)
    changes = {'RSSI': dbus.Int16(rssi, variant_level=1)}
    if len(data) > 0:
        changes['ManufacturerData'] = dbus.Dictionary({dbus.UInt16(company): dbus.Array(list(data), signature='y', variant_level=1)}, signature='qv', variant_level=1)
    d.change(DEVICE, **changes)


@dbus.service.method(MOCK, in_signature='o', out_signature='')
def DropLink(self, device):
    '''The radio link is lost (supervision timeout): ServicesResolved=false, Connected=false; GATT objects stay.'''
    d = _device(device)
    if d.props[DEVICE]['Connected']:
        d.set_connected(False)


@dbus.service.method(MOCK, in_signature='osu', out_signature='')
def SetPairing(self, device, mode, passkey):
    '''mode: justworks | passkey (the agent must answer RequestPasskey with passkey) | confirm | fail.'''
    _device(device).pairing = (str(mode), int(passkey))


@dbus.service.method(MOCK, in_signature='ou', out_signature='')
def SetConnectFailures(self, device, count):
    '''The next count Connect() calls fail with le-connection-abort-by-local.'''
    _device(device).connect_failures = int(count)


@dbus.service.method(MOCK, in_signature='oayay', out_signature='')
def AddGlucoseRecord(self, device, measurement, context):
    '''Stores a record in the meter; its sequence number is read from the measurement bytes 1-2.'''
    _device(device).glucose_records.append((list(measurement), list(context)))


@dbus.service.method(MOCK, in_signature='oib', out_signature='')
def SetRacpBehaviour(self, device, drop_link_after, silent):
    '''drop_link_after >= 0: the next procedure loses the link after that many records. silent: never answer.'''
    d = _device(device)
    d.racp_drop_after = int(drop_link_after)
    d.racp_silent = bool(silent)


@dbus.service.method(MOCK, in_signature='o', out_signature='as')
def GetNotifySessions(self, chrc):
    return dbus.Array(sorted(_chrc(chrc).sessions), signature='s')


@dbus.service.method(MOCK, in_signature='o', out_signature='')
def RemoveObjectTree(self, path):
    _remove(str(path))
