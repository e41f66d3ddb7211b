#!/usr/bin/env bash
# Re-records every scenario into ObserveRtc.Tests/Recordings/ from a clean clone:
#   tools/recorder/record.sh [scenario ...] [--only cm3|cm4]
# Installs Debian's chromium if missing (needs root or sudo), installs the pinned npm packages
# (npm ci), then runs record.js. Browser downloads (playwright install) are never used.
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -x /usr/bin/chromium ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y chromium
fi
npm ci --no-audit --no-fund
exec timeout 1800 node record.js "$@"
