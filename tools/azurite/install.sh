#!/usr/bin/env bash
# Installs Azurite from the lockfile (npm ci) when it is missing or the lockfile changed since the
# last install; otherwise does nothing, so a machine that has it needs no network. Used by run.sh
# and test.sh.
set -euo pipefail
cd "$(dirname "$0")"
installed=node_modules/.package-lock.json # written by npm at every install
if [[ -f node_modules/azurite/dist/src/table/main.js && -f "$installed" && ! package-lock.json -nt "$installed" ]]; then
  exit 0
fi
command -v npm >/dev/null || { echo "tools/azurite: npm (Node.js 20+) is needed to install Azurite" >&2; exit 1; }
echo "==> Installing Azurite (tools/azurite, npm ci)"
npm ci --no-audit --no-fund --loglevel=error
