#!/usr/bin/env bash
# arm64 smoke test: publish Edge.Host for linux-arm64 (self-contained), run it under qemu-user in demo mode, and pass
# when one of its status lines shows readings sent through the in-process broker:
#
#   status readings=<n> stored=<n> sent=<n> backlog=<n> uplink=<State>      (printed every ~2 s when stdout is a file)
#
# This is the closest CI gets to a Pi: the same publish the Dockerfile.arm64 image ships, the aarch64 apphost, the
# bundled arm64 runtime, and the arm64 natives (LiteDB is managed; ONNX Runtime is native and needs the fake cpuinfo).
#
# Environment (all optional):
#   EDGE_SMOKE_SECONDS   how long to wait for sent > 0 after launch (default 60; the ONNX model loads slowly under qemu); the run stops as soon as it passes
#   EDGE_SMOKE_ARGS      extra arguments for Edge.Host (default none: without --config the host runs its embedded demo
#                        configuration, i.e. simulator devices and the in-process broker)
#   EDGE_SMOKE_SKIP_PUBLISH=1   reuse artifacts/arm64 from an earlier run
#   EDGE_SMOKE_KEEP=1    keep the temporary working directory even when the run passes
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
readonly repo=$PWD
readonly out=$repo/artifacts/arm64
readonly wait_seconds=${EDGE_SMOKE_SECONDS:-60}
read -r -a gateway_args <<<"${EDGE_SMOKE_ARGS:-}"
readonly stop_grace_seconds=20 # qemu makes shutdown ~10-20x slower than native; SIGKILL only after this
readonly status_re='^status readings=[0-9]+ stored=[0-9]+ sent=[0-9]+ backlog=[0-9]+ uplink=[A-Za-z]+$'
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

now() { date +%s.%N; }
secs() { awk -v s="$1" -v e="$2" 'BEGIN { printf "%.1f", e - s }'; }
say() { echo "arm64-smoke: $*"; }
or_never() { if [[ -n $1 ]]; then echo "$1 s"; else echo never; fi; }
timings=()

# --- 1. tools ------------------------------------------------------------------------------------------------------
t=$(now)
"$repo/scripts/install-deps.sh" --arm64
timings+=("install-deps $(secs "$t" "$(now)") s")

# --- 2. publish ----------------------------------------------------------------------------------------------------
if [[ ${EDGE_SMOKE_SKIP_PUBLISH:-0} == 1 && -x $out/Edge.Host ]]; then
  say "reusing $out"
else
  t=$(now)
  rm -rf "$out" # a stale file from an older publish must not make the smoke pass
  # The RID-specific restore must not rewrite the committed lock files (library projects have no RID section, so a
  # rewritten file would fail the next `dotnet restore --locked-mode`).
  dotnet publish "$repo/firmware-host/Edge.Host.csproj" -c Release -r linux-arm64 --self-contained -o "$out" -nologo \
    -p:NuGetLockFilePath=obj/packages.linux-arm64.lock.json
  timings+=("publish $(secs "$t" "$(now)") s")
fi
# ONNX Runtime's package targets copy the win-arm64 DLLs into any *-arm64 publish: 17 MB of dead weight on Linux.
find "$out" -iname 'onnxruntime*.dll' -print -delete
machine=$(file -bL "$out/Edge.Host")
if [[ $machine != *"ARM aarch64"* ]]; then
  say "FAIL: $out/Edge.Host is not an aarch64 executable: $machine"
  exit 1
fi
say "$(du -sh "$out" | cut -f1) published; Edge.Host: ${machine%%,*}, ARM aarch64"

# --- 3. run under qemu ---------------------------------------------------------------------------------------------
work=$(mktemp -d /tmp/edge-arm64-smoke.XXXXXX)
readonly work stdout_log=$work/stdout.log stderr_log=$work/stderr.log
mkdir -p "$work/data"

# ONNX Runtime's CPU detection segfaults under qemu-user on the host's x86 /proc/cpuinfo (toolchain.md 6d). The
# process gets an ARM (Cortex-A72, Pi 4) cpuinfo with one entry per host CPU, bind-mounted in a private mount
# namespace so nothing outside this process sees it.
cpus=$(grep -c '^processor' /proc/cpuinfo)
for ((i = 0; i < cpus; i++)); do
  printf 'processor\t: %d\nBogoMIPS\t: 108.00\nFeatures\t: fp asimd evtstrm crc32 cpuid\nCPU implementer\t: 0x41\n' "$i"
  printf 'CPU architecture: 8\nCPU variant\t: 0x0\nCPU part\t: 0xd08\nCPU revision\t: 3\n\n'
done >"$work/cpuinfo"

pid=
stopped=false
# Everything this script started runs with its working directory under $work: that is how leftovers are found.
leftovers() {
  local p
  for p in /proc/[0-9]*; do
    [[ $(readlink "$p/cwd" 2>/dev/null) == "$work"* ]] && echo "${p#/proc/}"
  done
  return 0
}
stop_gateway() {
  [[ -n $pid ]] && ! $stopped || return 0
  stopped=true
  local t0 i rc=0 how=SIGINT
  t0=$(now)
  kill -0 "$pid" 2>/dev/null || how="had already exited"
  kill -INT "$pid" 2>/dev/null || true
  for ((i = 0; i < stop_grace_seconds * 10; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    how="SIGKILL after ${stop_grace_seconds} s"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || rc=$?
  timings+=("stop $(secs "$t0" "$(now)") s ($how, exit $rc)")
  if [[ $how == SIGKILL* ]]; then say "WARNING: the gateway ignored SIGINT for ${stop_grace_seconds} s"; fi
  local left
  left=$(leftovers)
  if [[ -n $left ]]; then
    say "WARNING: killing leftover processes $left"
    # shellcheck disable=SC2086 # one pid per word
    kill -KILL $left 2>/dev/null || true
  fi
}
on_exit() {
  local rc=$?
  stop_gateway
  if [[ $rc -eq 0 && ${EDGE_SMOKE_KEEP:-0} != 1 ]]; then rm -rf "$work"; else say "working directory kept: $work"; fi
  exit "$rc"
}
trap on_exit EXIT
trap 'exit 130' INT TERM

# The demo's in-process broker listens on a fixed port by default; a test run in parallel may hold it. Take one that
# nothing listens on now (keys from firmware-host/edge.defaults.json).
port_env=()
for ((i = 0; i < 50; i++)); do
  p=$((20000 + RANDOM % 20000))
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
    port_env=(EDGE_Edge__DemoBroker__Port="$p" EDGE_Edge__Uplink__Port="$p")
    break
  fi
done
# Without root, a user namespace still allows the bind mount (if unprivileged user namespaces are enabled).
userns=()
if [[ $(id -u) -ne 0 ]]; then userns=(--map-root-user); fi

say "running Edge.Host ${gateway_args[*]:-(demo defaults)} under qemu-aarch64-static (${cpus} fake ARM CPUs), output in $work"
launched=$(now)
# - A background job in a non-interactive bash starts with SIGINT ignored, and .NET would inherit that: reset it so
#   the SIGINT below reaches the host's graceful shutdown.
# - unshare (without --fork), sh and qemu all exec in place, so $pid is the gateway itself.
# - Settings go through the host's EDGE_-prefixed configuration variables.
# - qemu is called directly: binfmt_misc need not be mounted. With the multiarch libs installed the loader is at
#   /lib/ld-linux-aarch64.so.1, so QEMU_LD_PREFIX is not needed.
env --default-signal=INT,QUIT EDGE_Edge__DataDirectory="$work/data" "${port_env[@]}" \
  unshare "${userns[@]}" --mount --propagation private -- \
  sh -c 'mount --bind "$1" /proc/cpuinfo && cd "$2" && shift 2 && exec qemu-aarch64-static "$@"' \
  smoke "$work/cpuinfo" "$work" "$out/Edge.Host" "${gateway_args[@]}" \
  >"$stdout_log" 2>"$stderr_log" </dev/null &
pid=$!

first_output= first_status= passed=false
deadline=$(awk -v s="$launched" -v w="$wait_seconds" 'BEGIN { printf "%.3f", s + w }')
while awk -v n="$(now)" -v d="$deadline" 'BEGIN { exit !(n < d) }'; do
  if [[ -z $first_output && -s $stdout_log ]]; then first_output=$(secs "$launched" "$(now)"); fi
  if [[ -z $first_status ]] && grep -qE "$status_re" "$stdout_log"; then first_status=$(secs "$launched" "$(now)"); fi
  if grep -E "$status_re" "$stdout_log" | sed -E 's/.* sent=([0-9]+) .*/\1/' | awk '$1 > 0 { f = 1 } END { exit !f }'; then
    passed=true
    timings+=("qemu: first output $(or_never "$first_output"), first status line $(or_never "$first_status"), sent>0 $(secs "$launched" "$(now)") s")
    break
  fi
  if ! kill -0 "$pid" 2>/dev/null; then
    say "the gateway exited on its own after $(secs "$launched" "$(now)") s"
    break
  fi
  sleep 0.5
done
if ! $passed; then
  timings+=("qemu: first output $(or_never "$first_output"), first status line $(or_never "$first_status"), sent>0 never (waited up to ${wait_seconds} s)")
fi
stop_gateway

last_status=$(grep -E "$status_re" "$stdout_log" | tail -n 1 || true)
say "last status: ${last_status:-<none>}"
say "timings: $(printf '%s; ' "${timings[@]}")"
if $passed; then
  say "PASS"
  exit 0
fi
say "FAIL: no status line with sent > 0. Tail of stdout:"
tail -n 40 "$stdout_log" | sed 's/^/  | /'
say "tail of stderr:"
tail -n 40 "$stderr_log" | sed 's/^/  | /'
exit 1
