#!/usr/bin/env bash
# Runs every test of the CI build (all projects but ObserveRtc.Functions; see README).
# Does its own setup: restores tools (Azurite from the npm lockfile) when they are used.
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

tools/azurite/install.sh

echo "==> Bicep (infra/, offline build and lint; warnings fail)"
tools/bicep/bicep.sh

echo "==> Building (ObserveRtc.Ci.slnf)"
dotnet build ObserveRtc.Ci.slnf -c Release -nologo -v quiet

echo "==> Testing"
log="$(mktemp)"
set +e
dotnet test ObserveRtc.Ci.slnf -c Release --no-build -nologo --logger "console;verbosity=normal" "$@" 2>&1 | tee "$log" | grep -Ev '^\s+Passed ' 
status=${PIPESTATUS[0]}
set -e
# One closing line a person (and CI) reads at a glance.
sum() { { grep -Eo "$1: +[0-9]+" "$log" || true; } | awk '{s+=$2} END {print s+0}'; }
passed=$(sum Passed); failed=$(sum Failed); skipped=$(sum Skipped)
# The failed tests' names again, last, so a run read by its tail still says which failed.
if [ "${failed:-0}" -gt 0 ]; then echo "failed:"; grep -E '^\s+Failed [A-Za-z]' "$log" | sed -E 's/^\s+Failed /  /' || true; fi
rm -f "$log"
echo "tests: ${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped"
exit "$status"
