#!/usr/bin/env bash
# Start-up benchmark: starts the packaged jar as README's run line does (`java -jar`, embedded default, a fresh data
# dir) several times and reports, for each start, the seconds until /actuator/health answers UP, and the resident
# memory (RSS) after ten idle seconds. Extra JVM options: STARTUP_JAVA_OPTS.
# Usage: bench/startup.sh [runs]   (default 3)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"; port=18182
[ -f app/target/parley.jar ] || mvn -B -q -DskipTests package
for run in $(seq 1 "$runs"); do
  data="$(mktemp -d)"
  start=$(date +%s.%N)
  java ${STARTUP_JAVA_OPTS:-} -jar app/target/parley.jar --server.port="$port" --parley.data-dir="$data" >"$data/server.log" 2>&1 &
  pid=$!
  until curl -fs "http://127.0.0.1:$port/actuator/health" 2>/dev/null | grep -q '"UP"'; do
    kill -0 "$pid" 2>/dev/null || { echo "the server stopped: $data/server.log" >&2; exit 1; }
    sleep 0.1
  done
  up=$(echo "$(date +%s.%N) - $start" | bc)
  sleep 10
  rss=$(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$pid/status")
  printf 'startup: run %d  health UP after %.1f s  idle RSS %d MB\n' "$run" "$up" "$rss"
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -rf "$data"
done
