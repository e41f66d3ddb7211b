#!/usr/bin/env bash
# Runs the observer on this machine: Azurite (Table Storage emulator, tools/azurite, pinned 3.35.0)
# and the local host (ObserveRtc.Local). Ctrl-C (or closing the terminal) stops both.
#   ./run.sh              tables in memory: gone when it stops
#   ./run.sh --keep-data  Azurite keeps its data in .azurite/ (Azurite's --location; in a test on
#                         Azurite 3.35.0 the table rows did not survive a restart, only the tables);
#                         one such run at a time
# Environment: OBSERVER_PORT (default 7080), AZURITE_TABLE_PORT (default 10002); a busy port is
# replaced by a free one. Any ObserveRtc__Section__Option variable configures the host (README).
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

persistence=(--inMemoryPersistence)
for arg in "$@"; do
  case "$arg" in
    --keep-data) persistence=(--location .azurite) ;;
    -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown argument $arg (try --help)" >&2; exit 2 ;;
  esac
done

busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
pick_port() { if busy "$1"; then echo "==> port $1 is busy; using another" >&2; free_port; else echo "$1"; fi; }
wait_for() { # seconds, command...
  local deadline=$((SECONDS + $1)); shift
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then return 1; fi
    sleep 0.3
  done
}

for tool in dotnet node curl setsid flock; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool is needed (see README: .NET 10 SDK, Node.js 20+, curl, util-linux setsid and flock)" >&2; exit 1; }
done
if [[ "${persistence[0]}" == --location ]]; then
  # One Azurite at a time on .azurite/'s data: the lock is inherited by Azurite and the observer, so it is
  # held until the last of them is gone (not by the build: MSBuild's nodes outlive it, hence 9>&- there).
  mkdir -p .azurite
  exec 9>>.azurite/keep-data.lock
  flock -n 9 || { echo "run.sh: another ./run.sh --keep-data is using .azurite/ (its Azurite keeps its data there); stop it first, or run without --keep-data" >&2; exit 1; }
fi
azurite_main=tools/azurite/node_modules/azurite/dist/src/table/main.js
tools/azurite/install.sh

echo "==> Building ObserveRtc.Local (Release)"
dotnet build ObserveRtc.Local/ObserveRtc.Local.csproj -c Release -nologo -v quiet 9>&-
# Where the build put it (the SDK's own answer, not a guessed bin/ path).
host_dll=$(dotnet msbuild ObserveRtc.Local/ObserveRtc.Local.csproj -getProperty:TargetPath -p:Configuration=Release -nologo 9>&-)
[[ -f "$host_dll" ]] || { echo "run.sh: the build did not produce $host_dll" >&2; exit 1; }

azurite_pid="" host_pid=""
stop() {
  # Once stopping, finish stopping: another Ctrl-C, the terminal closing (SIGHUP) or a reader of our
  # output going away (SIGPIPE, `./run.sh | tee log` and Ctrl-C) must not leave
  # Azurite running in its own session. The observer's drain is bounded (PipelineClock), so this ends.
  trap - EXIT
  trap '' INT TERM HUP PIPE
  set +e # an echo to a closed pipe or terminal must not end the cleanup (errexit)
  if [[ -n "$host_pid" ]] && kill -0 "$host_pid" 2>/dev/null; then
    echo "==> Stopping the observer (live calls are ended and reported first)"
    kill -TERM "$host_pid" 2>/dev/null || true
    wait "$host_pid" 2>/dev/null || true
  fi
  if [[ -n "$azurite_pid" ]] && kill -0 "$azurite_pid" 2>/dev/null; then
    echo "==> Stopping Azurite"
    kill -TERM "$azurite_pid" 2>/dev/null || true
    wait "$azurite_pid" 2>/dev/null || true
  fi
}
trap stop EXIT
trap 'exit 130' INT TERM
trap 'exit 129' HUP

table_port=$(pick_port "${AZURITE_TABLE_PORT:-10002}")
mkdir -p .azurite
echo "==> Starting Azurite tables on 127.0.0.1:$table_port (${persistence[*]}; log .azurite/azurite.log)"
# In its own session: Ctrl-C reaches the observer (which then ends the live calls and writes their
# reports) but not Azurite, which is stopped last, by the trap.
setsid node "$azurite_main" --tableHost 127.0.0.1 --tablePort "$table_port" "${persistence[@]}" \
  --skipApiVersionCheck --loose --disableTelemetry --debug .azurite/azurite.log >.azurite/azurite.out 2>&1 &
azurite_pid=$!
if ! wait_for 30 busy "$table_port"; then
  echo "run.sh: Azurite did not start on port $table_port; its output (.azurite/azurite.out):" >&2
  tail -n 20 .azurite/azurite.out >&2 || true
  exit 1
fi

port=$(pick_port "${OBSERVER_PORT:-7080}")
url="http://127.0.0.1:$port"
export ObserveRtc__Storage__ConnectionString="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:$table_port/devstoreaccount1;"
echo "==> Starting the observer on $url"
# With SIGHUP ignored: a terminal hang-up reaches run.sh's trap, which stops the observer with TERM (it
# then ends the live calls and writes them); on SIGHUP itself the .NET host would die without doing so.
(trap '' HUP && exec dotnet "$host_dll" --urls "$url") &
host_pid=$!
healthy() { kill -0 "$host_pid" 2>/dev/null || exit 1; curl -fsS "$url/health"; }
if ! wait_for 60 healthy; then
  echo "run.sh: the observer did not become healthy at $url/health" >&2
  exit 1
fi

fixture=ObserveRtc.Tests/Fixtures/schema2.2-samples-client-alice-join-seq0.json
cat <<BANNER

  ObserveRTC observer is running.
    POST samples   $url/rest/samples/{serviceId}/{mediaUnitId}?schemaVersion=2.2.0
    WebSocket      ${url/http:/ws:}/samples/{serviceId}/{mediaUnitId}?schemaVersion=2.2.0
    Calls          $url/api/calls?serviceId={serviceId}     (last 24 h, newest first)
    One call       $url/api/calls/{callId}
    Health         $url/health
    Tables         http://127.0.0.1:$table_port/devstoreaccount1 (Azurite)

  Try it:
    curl -sS -X POST --data-binary @$fixture \\
      '$url/rest/samples/demo-service/webapp?schemaVersion=2.2.0'
    curl -sS '$url/api/calls?serviceId=demo-service&from=2024-01-15T00:00:00Z&to=2024-01-16T00:00:00Z'

  Ctrl-C stops the observer and Azurite.

BANNER
wait "$host_pid"
