#!/usr/bin/env bash
# Demo: a simulated serial oximeter on a real kernel pty, read by the gateway's serial driver.
#
#   scripts/demo-serial.sh [masimo|nonin-df8]      (default masimo; Ctrl-C stops everything)
#
# 1. starts a socat pty pair: $work/oximeter (what the gateway opens, standing in for /dev/serial/by-id/...) and
#    $work/device (the device end);
# 2. writes a config file that turns on Edge:Serial with that port, binds it to one demo patient, and turns on the
#    in-process demo broker (with --config the demo parts are off unless the file turns them on);
# 3. writes one Masimo Rad-8 line a second (or one Nonin DF8 record a second) into the device end, with the probe
#    slipping off now and then;
# 4. runs the host with --config pointing at that file.
#
# Expects: socat (scripts/install-deps.sh) and the host calling builder.AddSerialDrivers() (drivers/serial/README.md,
# "Host wiring"). Without that line the host starts but never opens the port.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
protocol="${1:-masimo}"
case "$protocol" in
  masimo) edge_protocol=Masimo ;;
  nonin-df8) edge_protocol=NoninDf8 ;;
  *) echo "usage: $0 [masimo|nonin-df8]" >&2; exit 64 ;;
esac
command -v socat >/dev/null || { echo "socat is missing: run scripts/install-deps.sh" >&2; exit 69; }

work="$(mktemp -d -t edge-demo-serial.XXXXXX)"
port="$work/oximeter"
device="$work/device"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

socat "pty,raw,echo=0,link=$port" "pty,raw,echo=0,link=$device" &
pids+=($!)
for _ in $(seq 1 100); do [[ -e "$port" && -e "$device" ]] && break; sleep 0.05; done
[[ -e "$port" ]] || { echo "socat did not create the pty links" >&2; exit 70; }

cat > "$work/edge.serial-demo.json" <<JSON
{
  "Edge": {
    "DataDirectory": "$work/data",
    "Serial": {
      "Enabled": true,
      "Ports": [ { "Path": "$port", "Protocol": "$edge_protocol" } ]
    },
    "Patients": [
      {
        "Id": "pt-serial-demo",
        "Label": "Serial demo patient",
        "SpO2Scale": 1,
        "Devices": [ { "Source": "$port", "DeviceId": "dev-serial-ox-0001" } ]
      }
    ],
    "DemoBroker": { "Enabled": true, "Port": 18830 }
  }
}
JSON

# The device: one reading a second, values drifting, about one probe-off in twenty.
(
  exec 3>"$device"
  i=0
  while true; do
    spo2=$((95 + RANDOM % 4)); bpm=$((68 + RANDOM % 10)); probe_off=$((RANDOM % 20 == 0))
    if [[ "$protocol" == masimo ]]; then
      stamp="$(date -u '+%m/%d/%y %H:%M:%S')"
      if ((probe_off)); then
        printf '%s SN=0000000000 SPO2=---%% BPM=--- PI=--.--%% SPCO=--.-%% SPMET=--.-%% DESAT=-- PIDELTA=+-- ALARM=0000 EXC=000828\r\n' "$stamp" >&3
      else
        printf '%s SN=0000000000 SPO2=%03d%% BPM=%03d PI=03.%02d%% SPCO=--.-%% SPMET=--.-%% DESAT=-- PIDELTA=+-- ALARM=0000 EXC=000800\r\n' \
          "$stamp" "$spo2" "$bpm" $((RANDOM % 100)) >&3
      fi
    else
      # DF8: 1 R OOT LPRF MPRF ARTF HR8 HR7 | 0 HR6..0 | 0 SpO2 | 0 R SPA R SNSF R R LOWBAT (9560 spec).
      if ((probe_off)); then b1=$((0x80 | (bpm >> 7))); b4=$((0x08)); else b1=$((0x80 | (bpm >> 7))); b4=0; fi
      printf "$(printf '\\x%02x\\x%02x\\x%02x\\x%02x' "$b1" $((bpm & 0x7f)) "$spo2" "$b4")" >&3
    fi
    i=$((i + 1))
    sleep 1
  done
) &
pids+=($!)

echo "serial demo: $protocol on $port (config $work/edge.serial-demo.json); Ctrl-C to stop"
dotnet run --project firmware-host -- --config "$work/edge.serial-demo.json"
