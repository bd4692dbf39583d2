#!/usr/bin/env bash
# Crash soak: kill -9 the real gateway N times at random points during ingest and drain, then check that every
# item it acknowledged as stored (its commit journal) reached an independent subscriber, and that per device the
# sequence numbers are gap-free with one id each. CI runs 20 cycles (ResilienceTests); this runs as many as you like.
#
#   bench/crash-soak.sh [cycles=100] [seed=1]
#
# Loopback only: a private mosquitto on a free port (password, persistence, max_queued_messages 0), stopped by PID.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
cycles=${1:-100}
seed=${2:-1}
RANDOM=$seed
repo=$PWD
work=$(mktemp -d /tmp/edge-crash-soak.XXXXXX)
broker_pid="" sub_pid="" gw_pid=""
cleanup() {
  for p in $gw_pid $sub_pid $broker_pid; do kill -9 "$p" 2>/dev/null || true; done
  [[ ${EDGE_SOAK_KEEP:-0} == 1 ]] || rm -rf "$work"
}
trap cleanup EXIT

scripts/install-deps.sh >/dev/null
dotnet build firmware-host/Edge.Host.csproj -c Release -nologo -v q >/dev/null
host_dll=$repo/firmware-host/bin/Release/net10.0/Edge.Host.dll

port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$work/mq/data"
touch "$work/mq/passwd" && mosquitto_passwd -b "$work/mq/passwd" soak soak-secret
cat > "$work/mq/mosquitto.conf" <<CONF
per_listener_settings false
allow_anonymous false
password_file $work/mq/passwd
persistence true
persistence_location $work/mq/data/
max_queued_messages 0
user root
listener $port 127.0.0.1
CONF
mosquitto -c "$work/mq/mosquitto.conf" > "$work/mq/log" 2>&1 &
broker_pid=$!
sleep 0.5
mosquitto_sub -h 127.0.0.1 -p "$port" -u soak -P soak-secret -c -i soak-sub -q 1 -t 'edge/#' > "$work/received.jsonl" &
sub_pid=$!
printf 'soak-secret\n' > "$work/password" && chmod 600 "$work/password"

cat > "$work/edge.json" <<JSON
{ "Edge": {
  "DataDirectory": "$work/data", "ClockTrust": "trusted", "ConsoleView": true,
  "Simulator": { "Enabled": true, "Patients": 3, "IntervalMs": 2, "Seed": 7, "ReadingsPerDevice": 400 },
  "Outbox": { "CommitJournalPath": "$work/journal.txt", "MinFreeDiskBytes": 0 },
  "Patients": [
    { "Id": "pt-soak-0", "Devices": [ { "Source": "02:ED:6E:00:00:00", "DeviceId": "dev-hr-0" }, { "Source": "/dev/serial/by-id/usb-Simulated_Masimo_Rad-8_SIM0000-if00-port0", "DeviceId": "dev-ox-0" } ] },
    { "Id": "pt-soak-1", "Devices": [ { "Source": "02:ED:6E:00:00:01", "DeviceId": "dev-hr-1" }, { "Source": "/dev/serial/by-id/usb-Simulated_Masimo_Rad-8_SIM0001-if00-port0", "DeviceId": "dev-ox-1" } ] },
    { "Id": "pt-soak-2", "Devices": [ { "Source": "02:ED:6E:00:00:02", "DeviceId": "dev-hr-2" }, { "Source": "/dev/serial/by-id/usb-Simulated_Masimo_Rad-8_SIM0002-if00-port0", "DeviceId": "dev-ox-2" } ] } ],
  "Uplink": { "Host": "127.0.0.1", "Port": $port, "Username": "soak", "PasswordFile": "$work/password", "ReconnectCap": "00:00:01" } } }
JSON

started=$(date +%s)
for ((i = 1; i <= cycles; i++)); do
  dotnet "$host_dll" --config "$work/edge.json" > "$work/gw.log" 2>&1 &
  gw_pid=$!
  sleep "0.$((RANDOM % 9 + 1))$((RANDOM % 10))"
  sleep "$((RANDOM % 2))"
  kill -9 "$gw_pid" 2>/dev/null || true
  wait "$gw_pid" 2>/dev/null || true
  gw_pid=""
  printf '\rcycle %d/%d, %d acknowledged' "$i" "$cycles" "$(wc -l < "$work/journal.txt" 2>/dev/null || echo 0)"
done
echo
# A last run to completion: the simulator finishes and the backlog drains.
dotnet "$host_dll" --config "$work/edge.json" > "$work/gw.log" 2>&1 &
gw_pid=$!
for _ in $(seq 1 300); do
  # No `grep -q` in a pipeline here: with pipefail, tail's SIGPIPE would make the test false forever.
  last=$(tail -n 3 "$work/gw.log")
  if grep -q 'Source simulator finished' "$work/gw.log" && [[ $last == *backlog=0* ]]; then break; fi
  sleep 1
done
sleep 3
kill -TERM "$gw_pid"; wait "$gw_pid" || true; gw_pid=""  # background jobs ignore SIGINT in scripts; .NET stops cleanly on TERM
sleep 1

/usr/bin/python3 - "$work/journal.txt" "$work/received.jsonl" "$cycles" "$(( $(date +%s) - started ))" <<'PY'
import json, sys, collections
journal = [l.strip() for l in open(sys.argv[1]) if len(l.strip()) == 36]
received, by_device, dup = set(), collections.defaultdict(dict), 0
for line in open(sys.argv[2]):
    for item in json.loads(line)["items"]:
        if item["id"] in received: dup += 1
        received.add(item["id"])
        if item["type"] == "reading":
            seqs = by_device[item["device"]]
            if seqs.setdefault(item["seq"], item["id"]) != item["id"]:
                sys.exit(f"FAIL: {item['device']} seq {item['seq']} carries two ids")
missing = [i for i in journal if i not in received]
gaps = {d: sorted(set(range(1, max(s) + 1)) - set(s))[:5] for d, s in by_device.items() if len(s) != max(s)}
print(f"cycles {sys.argv[3]}, {sys.argv[4]} s: {len(set(journal))} acknowledged, {len(received)} received, "
      f"{dup} duplicates, {len(missing)} acknowledged but missing, devices with gaps: {len(gaps)}")
sys.exit(1 if missing or gaps else 0)
PY
