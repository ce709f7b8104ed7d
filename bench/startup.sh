#!/usr/bin/env bash
# Start-up benchmark: starts the server as README's run line does (embedded default, a fresh data dir) several times
# and reports, for each start, the seconds until /actuator/health answers UP, the CPU seconds used until then, and the
# resident memory (RSS) after ten idle seconds. Extra JVM options: STARTUP_JAVA_OPTS.
# Usage: bench/startup.sh [runs] [cds|extracted|jar]   (default 3 cds)
#   cds       README's run line: the extracted jar with its class data sharing archive
#   extracted the extracted jar without the archive
#   jar       the Boot jar itself (nested jars)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"; mode="${2:-cds}"; port=18182
[ -f app/target/parley/parley.jsa ] || mvn -B -q -DskipTests package
case "$mode" in
  cds) launch=(-XX:SharedArchiveFile=app/target/parley/parley.jsa -jar app/target/parley/parley.jar) ;;
  extracted) launch=(-jar app/target/parley/parley.jar) ;;
  jar) launch=(-jar app/target/parley.jar) ;;
  *) echo "unknown mode: $mode" >&2; exit 2 ;;
esac
for run in $(seq 1 "$runs"); do
  data="$(mktemp -d)"
  start=$(date +%s.%N)
  java -XX:MaxGCPauseMillis=20 -XX:MaxTenuringThreshold=1 ${STARTUP_JAVA_OPTS:-} "${launch[@]}" \
    --server.port="$port" --parley.data-dir="$data" >"$data/server.log" 2>&1 &
  pid=$!
  until curl -fs "http://127.0.0.1:$port/actuator/health" 2>/dev/null | grep -q '"UP"'; do
    kill -0 "$pid" 2>/dev/null || { echo "the server stopped: $data/server.log" >&2; exit 1; }
    sleep 0.1
  done
  up=$(echo "$(date +%s.%N) - $start" | bc)
  cpu=$(awk -v hz="$(getconf CLK_TCK)" '{print ($14 + $15) / hz}' "/proc/$pid/stat")
  sleep 10
  rss=$(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$pid/status")
  printf 'startup (%s): run %d  health UP after %.1f s (%.1f CPU s)  idle RSS %d MB\n' "$mode" "$run" "$up" "$cpu" "$rss"
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -rf "$data"
done
