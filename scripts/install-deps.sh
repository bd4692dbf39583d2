#!/usr/bin/env bash
# Installs the Debian packages that Edge's tests and smoke scripts start for real (see ARCHITECTURE.md, "Real parts").
#
#   scripts/install-deps.sh           mosquitto, socat, strace, openssl, qemu-user-static, ...
#   scripts/install-deps.sh --arm64   also the arm64 multiarch libraries that scripts/arm64-smoke.sh runs under qemu
#
# Idempotent and fast when everything is present: it asks dpkg first and only calls `apt-get update` when something
# is missing. Safe to run concurrently (a flock serialises runs; apt waits for the dpkg lock up to 10 minutes).
set -euo pipefail

readonly BASE_PACKAGES=(
  mosquitto mosquitto-clients # the test broker (started by the fixtures, never as a service)
  socat                       # serial pty pairs
  strace                      # diagnosing qemu/ORT and device I/O
  openssl                     # inspecting the fixtures' certificates
  procps                      # kill, pgrep: the fixtures signal their children with `kill -s`
  file                        # arm64-smoke.sh checks the ELF machine of the publish
  qemu-user-static binfmt-support
  dbus python3-dbusmock python3-bleak # the BlueZ double: a private dbus-daemon, dbusmock, and bleak as its checker
  python3-numpy python3-onnx          # analytics/training rebuilds the ONNX model from Debian packages only
  chromium chromium-driver            # the nurse page's end-to-end test: headless Chromium driven by Selenium
  systemd                             # systemd-analyze, systemd-sysusers, systemd-tmpfiles: the unit and deploy/ checks (not in slim images)
)
# Multiarch requires an arm64 library to have exactly the version of its amd64 twin, so the native libssl3 is named
# in the same apt call: apt then upgrades both together instead of refusing.
readonly ARM64_PACKAGES=(libc6:arm64 libstdc++6:arm64 libicu72:arm64 libssl3:arm64 zlib1g:arm64)

want_arm64=false
for arg in "$@"; do
  case "$arg" in
    --arm64) want_arm64=true ;;
    -h | --help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "install-deps.sh: unknown argument '$arg' (expected --arm64)" >&2; exit 2 ;;
  esac
done

SUDO=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "install-deps.sh: needs root (or sudo) to install packages" >&2; exit 1; }
  SUDO=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
readonly APT=("${SUDO[@]}" apt-get -o DPkg::Lock::Timeout=600 -o Acquire::Retries=3 -y -q)

started=$(date +%s.%N)
elapsed() { awk -v s="$started" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }'; }

# One run at a time: two runs racing on `dpkg --add-architecture` + update + install confuse each other's output.
exec 9>/tmp/edge-install-deps.lock
flock -w 900 9 || { echo "install-deps.sh: another run holds /tmp/edge-install-deps.lock" >&2; exit 1; }

is_installed() { [[ $(dpkg-query -W -f='${Status}' "$1" 2>/dev/null) == "install ok installed" ]]; }

missing=()
for p in "${BASE_PACKAGES[@]}"; do is_installed "$p" || missing+=("$p"); done

native_arch=$(dpkg --print-architecture)
if $want_arm64 && [[ $native_arch != arm64 ]]; then
  if ! dpkg --print-foreign-architectures | grep -qx arm64; then
    "${SUDO[@]}" dpkg --add-architecture arm64
  fi
  arm64_missing=()
  for p in "${ARM64_PACKAGES[@]}"; do is_installed "$p" || arm64_missing+=("$p"); done
  if ((${#arm64_missing[@]})); then
    missing+=("${ARM64_PACKAGES[@]}" "libssl3:$native_arch")
  fi
fi

if ((${#missing[@]} == 0)); then
  echo "install-deps.sh: all packages present ($(elapsed) s)"
  exit 0
fi

echo "install-deps.sh: installing ${missing[*]}"

# Debian's mosquitto package starts its own broker on port 1883 when an init system is there. Nothing in Edge uses
# that broker (fixtures start theirs on free ports), so forbid service starts during this install. policy-rc.d is
# honoured by invoke-rc.d and deb-systemd-invoke. An existing policy file belongs to someone else: leave it alone.
policy=/usr/sbin/policy-rc.d
own_policy=false
if [[ ! -e $policy ]]; then
  printf '#!/bin/sh\n# written by Edge scripts/install-deps.sh for the duration of one apt call\nexit 101\n' |
    "${SUDO[@]}" tee "$policy" >/dev/null
  "${SUDO[@]}" chmod 755 "$policy"
  own_policy=true
fi
cleanup() { if $own_policy; then "${SUDO[@]}" rm -f "$policy"; fi; }
trap cleanup EXIT

t0=$(date +%s.%N)
"${APT[@]}" update
t1=$(date +%s.%N)
"${APT[@]}" install --no-install-recommends "${missing[@]}"
t2=$(date +%s.%N)

# Belt and braces for machines where the service was already enabled: make sure it does not hold 1883 at boot.
if [[ -d /run/systemd/system ]] && command -v systemctl >/dev/null; then
  "${SUDO[@]}" systemctl disable --now mosquitto.service >/dev/null 2>&1 || true
fi

echo "install-deps.sh: installed:"
for p in "${missing[@]}"; do
  printf '  %-24s %s\n' "$p" "$(dpkg-query -W -f='${Version}' "$p" 2>/dev/null || echo '?')"
done
awk -v a="$t0" -v b="$t1" -v c="$t2" 'BEGIN { printf "install-deps.sh: apt-get update %.1f s, install %.1f s\n", b - a, c - b }'
echo "install-deps.sh: done in $(elapsed) s"
