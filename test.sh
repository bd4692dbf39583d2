#!/usr/bin/env bash
# Command 2 of the README: install what the tests need (apt), build with warnings as errors, run every test
# project, then publish for linux-arm64 and run the gateway under qemu. CI (.ci/run) calls exactly this.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

scripts/install-deps.sh --arm64
dotnet restore Edge.sln --locked-mode
dotnet build Edge.sln -c Release --no-restore

results=artifacts/test-results
rm -rf "$results"
status=0
dotnet test Edge.sln -c Release --no-build --logger trx --results-directory "$results" || status=$?
scripts/test-summary.sh "$results" || status=$?

scripts/arm64-smoke.sh || status=$?
exit "$status"
