#!/usr/bin/env bash
# Builds and lints infra/ offline with the Bicep CLI from NuGet (Azure.Bicep.CommandLine.<platform>).
# Fails on any error AND any warning: `bicep lint` exits 0 on warnings, and compiler warnings
# (BCPxxx) cannot be raised to errors in bicepconfig.json, so this script checks the output too.
#
#   tools/bicep/bicep.sh                 build + lint infra/main.bicep (and every module it uses)
#   tools/bicep/bicep.sh --api-versions  also flag API versions older than two years
#                                        (use-recent-api-versions; date-based, so not in CI)
#
# The CLI is cached in tools/bicep/.packages (git-ignored); delete it to start from scratch.
set -euo pipefail
cd "$(dirname "$0")/../.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

version=0.49.2 # the one place it is pinned (passed to tools/bicep/Bicep.Tool.csproj)
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) rid=linux-x64 ;;
  Linux-aarch64) rid=linux-arm64 ;;
  Darwin-x86_64) rid=osx-x64 ;;
  Darwin-arm64) rid=osx-arm64 ;;
  *) echo "bicep.sh: no Bicep CLI package for $(uname -s)-$(uname -m)" >&2; exit 1 ;;
esac
package=azure.bicep.commandline.$rid
cache=tools/bicep/.packages
bicep="$cache/$package/$version/tools/bicep"
entry=infra/main.bicep

check_api_versions=false
for arg in "$@"; do
  case "$arg" in
    --api-versions) check_api_versions=true ;;
    *) echo "usage: $0 [--api-versions]" >&2; exit 2 ;;
  esac
done

if [[ ! -x "$bicep" ]]; then
  echo "Restoring Bicep CLI $version from NuGet into $cache"
  dotnet restore tools/bicep/Bicep.Tool.csproj --packages "$cache" -p:BicepVersion="$version" -p:BicepRid="$rid" -nologo -v quiet
  chmod +x "$bicep"
fi
echo "$("$bicep" --version)"

failed=0
errors=0
warnings=0
out="$(mktemp)"
trap 'rm -f "$out"' EXIT

# run LABEL ARGS...: runs the CLI, prints its diagnostics, counts them and fails on any.
run() {
  local label="$1"; shift
  local status=0
  "$bicep" "$@" >/dev/null 2>"$out" || status=$?
  local e w
  e=$(grep -c ' : Error ' "$out" || true)
  w=$(grep -c ' : Warning ' "$out" || true)
  errors=$((errors + e)); warnings=$((warnings + w))
  cat "$out"
  if [[ $status -ne 0 || $e -ne 0 || $w -ne 0 ]]; then
    echo "  $label: FAILED (exit $status, $e errors, $w warnings)"
    failed=1
  else
    echo "  $label: ok"
  fi
}

run "bicep build $entry" build "$entry" --stdout
run "bicep lint $entry (infra/bicepconfig.json)" lint "$entry"
if $check_api_versions; then
  run "bicep lint $entry (API versions)" lint "$entry" --config tools/bicep/bicepconfig.api-versions.json
fi

files=$(find infra -name '*.bicep' | wc -l | tr -d ' ')
if [[ $failed -ne 0 ]]; then
  echo "bicep: FAILED, $files files, $errors errors, $warnings warnings (warnings count as failures)"
  exit 1
fi
echo "bicep: ok, $files files built and linted, 0 errors, 0 warnings"
