#!/usr/bin/env bash
# Serial soak: the decoder fuzz at a larger size and other seeds, then the pty unplug/replug test at more cycles.
# CI runs the same tests at 1 MB per decoder and 100 cycles (dotnet test ... --filter Serial).
#   bench/serial-fuzz.sh [MB per decoder, default 64] [seeds, default 3] [unplug cycles, default 1000]
# Needs socat (scripts/install-deps.sh). Prints throughput per decoder and the recovery-time distribution.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mb="${1:-64}"; seeds="${2:-3}"; cycles="${3:-1000}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build tests/Edge.Drivers.Tests -c Release --nologo -v q
for seed in $(seq 1 "$seeds"); do
  echo "== decoder fuzz: ${mb} MB per decoder, seed ${seed}"
  EDGE_SERIAL_FUZZ_MB="$mb" EDGE_SERIAL_FUZZ_SEED="$seed" dotnet test tests/Edge.Drivers.Tests -c Release --no-build \
    --filter "FullyQualifiedName~Serial.Fuzz" --logger "console;verbosity=detailed" | grep -E "MB/s|bursts|Passed!|Failed"
done
echo "== pty unplug/replug: ${cycles} cycles"
EDGE_SERIAL_UNPLUG_CYCLES="$cycles" dotnet test tests/Edge.Drivers.Tests -c Release --no-build \
  --filter "FullyQualifiedName~HundredUnplugReplugCycles" --logger "console;verbosity=detailed" | grep -E "cycles|Passed!|Failed"
