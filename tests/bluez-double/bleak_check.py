'''Checks Edge's BlueZ double against an independent BlueZ client: python3-bleak (Debian) must scan, connect and
receive a notification from it. Starts its own private dbus-daemon and mock, so it can run alone:

    /usr/bin/python3 tests/bluez-double/bleak_check.py

Prints one "CHECK ..." line per step and "BLEAK-CHECK OK" at the end; exits non-zero on the first failure.
'''

import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
HR_SERVICE = '0000180d-0000-1000-8000-00805f9b34fb'
HR_MEASUREMENT = '00002a37-0000-1000-8000-00805f9b34fb'
ADDRESS = 'AA:BB:CC:00:00:01'


def start_bus(workdir):
    socket = os.path.join(workdir, 'system_bus_socket')
    conf = os.path.join(workdir, 'bus.conf')
    with open(conf, 'w', encoding='utf-8') as f:
        f.write(f'''<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig><type>system</type><listen>unix:path={socket}</listen><auth>EXTERNAL</auth>
<policy context="default"><allow user="*"/><allow own="*"/><allow send_type="method_call"/>
<allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/></policy></busconfig>''')
    out = subprocess.run(['dbus-daemon', f'--config-file={conf}', '--fork', '--print-address=1', '--print-pid=1'],
                         check=True, capture_output=True, text=True).stdout.split()
    return out[0], int(out[1])


def main():
    for tool in ('dbus-daemon',):
        if shutil.which(tool) is None:
            sys.exit(f'{tool} missing: run scripts/install-deps.sh')
    try:
        import dbus  # noqa: F401  pylint: disable=import-outside-toplevel,unused-import
        import bleak  # noqa: F401  pylint: disable=import-outside-toplevel,unused-import
    except ImportError as e:
        sys.exit(f'{e}: run scripts/install-deps.sh (and use /usr/bin/python3)')

    workdir = tempfile.mkdtemp(prefix='edge-bleak-')
    address, bus_pid = start_bus(workdir)
    os.environ['DBUS_SYSTEM_BUS_ADDRESS'] = address
    mock = subprocess.Popen([sys.executable, '-m', 'dbusmock', '--template', os.path.join(HERE, 'edge_bluez.py'),
                             '-l', os.path.join(workdir, 'mock.log')], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        asyncio.run(check(address))
        print('BLEAK-CHECK OK', flush=True)
    finally:
        mock.terminate()
        mock.wait(5)
        os.kill(bus_pid, 15)
        shutil.rmtree(workdir, ignore_errors=True)


async def check(address):
    import dbus  # pylint: disable=import-outside-toplevel
    from bleak import BleakClient, BleakScanner  # pylint: disable=import-outside-toplevel

    bus = dbus.bus.BusConnection(address)
    deadline = time.monotonic() + 10
    while not bus.name_has_owner('org.bluez'):
        if time.monotonic() > deadline:
            raise SystemExit('the mock never owned org.bluez')
        await asyncio.sleep(0.02)
    control = dbus.Interface(bus.get_object('org.bluez', '/'), 'org.bluez.Mock')
    control.AddAdapter('hci0', 'edge-check')
    device = control.AddDevice('hci0', ADDRESS, 'HRM-Check', [HR_SERVICE])
    service = control.AddGattService(device, HR_SERVICE, dbus.UInt16(12))
    chrc = control.AddGattCharacteristic(service, HR_MEASUREMENT, ['notify'], dbus.UInt16(13))

    async def advertise():
        while True:
            control.Advertise(device, dbus.Int16(-60), dbus.UInt16(0xFFFF), dbus.ByteArray(b'\x01'))
            await asyncio.sleep(0.1)

    adverts = asyncio.ensure_future(advertise())
    found = await BleakScanner.find_device_by_address(ADDRESS, timeout=5.0)
    adverts.cancel()
    if found is None:
        raise SystemExit('CHECK scan: bleak did not find the device')
    print(f'CHECK scan: found {found.name}', flush=True)

    received = asyncio.get_running_loop().create_future()
    async with BleakClient(found, timeout=10.0) as client:
        print(f'CHECK connect: {client.is_connected}', flush=True)
        uuids = [c.uuid for s in client.services for c in s.characteristics]
        if HR_MEASUREMENT not in uuids:
            raise SystemExit(f'CHECK services: {HR_MEASUREMENT} missing from {uuids}')
        print('CHECK services: heart rate measurement present', flush=True)

        def on_value(_sender, data):
            if not received.done():
                received.set_result(bytes(data))

        await client.start_notify(HR_MEASUREMENT, on_value)
        if not control.EmitNotification(chrc, dbus.ByteArray(b'\x00\x48')):
            raise SystemExit('CHECK notify: the double saw no notify session from bleak')
        value = await asyncio.wait_for(received, 5.0)
        if value != b'\x00\x48':
            raise SystemExit(f'CHECK notify: wrong bytes {value.hex()}')
        print(f'CHECK notify: {value.hex()}', flush=True)


if __name__ == '__main__':
    main()
