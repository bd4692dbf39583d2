#!/usr/bin/env bash
# BLE demo: the real BLE client against the project's BlueZ double, no Bluetooth hardware.
# Starts a private dbus-daemon and tests/bluez-double/edge_bluez.py with one simulated heart-rate strap that
# notifies every second, writes a config that binds the strap to a demo patient and enables BLE at that bus, then
# runs the host with --config. Ctrl-C stops everything. Needs dbus and python3-dbusmock (scripts/install-deps.sh)
# and the host wiring of AddBleDrivers().
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PY=/usr/bin/python3
for need in dbus-daemon busctl "$PY"; do
  command -v "$need" >/dev/null || { echo "missing $need: run scripts/install-deps.sh" >&2; exit 1; }
done
"$PY" -c 'import dbusmock' 2>/dev/null || { echo "python3-dbusmock missing: run scripts/install-deps.sh" >&2; exit 1; }

WORK="$(mktemp -d /tmp/edge-demo-ble.XXXXXX)"
STRAP="02:ED:6E:B1:E0:01"
cat >"$WORK/bus.conf" <<X
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN" "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig><type>system</type><listen>unix:path=$WORK/bus</listen><auth>EXTERNAL</auth>
<policy context="default"><allow user="*"/><allow own="*"/><allow send_type="method_call"/>
<allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/></policy></busconfig>
X
OUT=$(dbus-daemon --config-file="$WORK/bus.conf" --fork --print-address=1 --print-pid=1 --nosyslog 2>>"$WORK/dbus.log")
ADDR=$(sed -n 1p <<<"$OUT")
BUS_PID=$(sed -n 2p <<<"$OUT")
DBUS_SYSTEM_BUS_ADDRESS="$ADDR" "$PY" -m dbusmock --template "$ROOT/tests/bluez-double/edge_bluez.py" -l "$WORK/mock.log" >>"$WORK/mock.out" 2>&1 &
MOCK_PID=$!
PUSH_PID=""
cleanup() { [ -n "$PUSH_PID" ] && kill "$PUSH_PID" 2>/dev/null; kill "$MOCK_PID" "$BUS_PID" 2>/dev/null; echo "demo files kept in $WORK"; }
trap cleanup EXIT

B=(busctl --address="$ADDR" --)
for _ in $(seq 200); do
  if "${B[@]}" call org.freedesktop.DBus /org/freedesktop/DBus org.freedesktop.DBus NameHasOwner s org.bluez 2>/dev/null | grep -q true; then break; fi
  sleep 0.05
done
"${B[@]}" call org.bluez / org.bluez.Mock AddAdapter ss hci0 edge-demo >/dev/null
DEV=$("${B[@]}" call org.bluez / org.bluez.Mock AddDevice sssas hci0 "$STRAP" HRM-Demo 1 0000180d-0000-1000-8000-00805f9b34fb | awk '{print $2}' | tr -d '"')
SVC=$("${B[@]}" call org.bluez / org.bluez.Mock AddGattService osq "$DEV" 0000180d-0000-1000-8000-00805f9b34fb 12 | awk '{print $2}' | tr -d '"')
CHR=$("${B[@]}" call org.bluez / org.bluez.Mock AddGattCharacteristic osasq "$SVC" 00002a37-0000-1000-8000-00805f9b34fb 1 notify 13 | awk '{print $2}' | tr -d '"')

# The strap: a heart rate between 60 and 90 /min every second (only delivered once the client has subscribed).
( bpm=72; while true; do
    bpm=$(( 60 + (bpm * 7 + 3) % 31 ))
    "${B[@]}" call org.bluez / org.bluez.Mock EmitNotification oay "$CHR" 2 0 "$bpm" >/dev/null 2>&1 || true
    sleep 1
  done ) &
PUSH_PID=$!

cat >"$WORK/edge.json" <<J
{
  "Edge": {
    "DataDirectory": "$WORK/data",
    "Ble": { "Enabled": true, "BusAddress": "$ADDR", "Adapter": "hci0", "Devices": [ "$STRAP" ], "StateDirectory": "$WORK/ble" },
    "Patients": [
      { "Id": "pt-ble-0001", "Label": "BLE demo patient", "SpO2Scale": 1,
        "Devices": [ { "Source": "$STRAP", "DeviceId": "dev-ble-hr-0001" } ] }
    ],
    "DemoBroker": { "Enabled": true, "Port": 18830 }
  }
}
J
echo "bus $ADDR; config $WORK/edge.json"
dotnet run --project "$ROOT/firmware-host" -- --config "$WORK/edge.json" "$@"
