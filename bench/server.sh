# Sourced by the benchmark scripts: starts the server as README's run line does (the extracted jar, its class data
# sharing archive and the line's JVM options), on the embedded default and a fresh data dir, with limits lifted for
# the benchmark users bench<i>@bench.test (code 123456), waits for health, and stops it on exit. Sets port, pid and
# data. Extra server settings: BENCH_SERVER_ARGS.
# Usage: start_server <users> [more java options…]
start_server() {
  local users="$1"; shift
  port=18181
  [ -f app/target/parley/parley.jsa ] || mvn -B -q -DskipTests package
  data="$(mktemp -d)"
  local args=(--server.port="$port" --parley.data-dir="$data" --parley.chat.send-limit=100000000 --parley.auth.ip-limit=100000000)
  for i in $(seq 0 $((users - 1))); do args+=("--parley.otp.test-identifiers[bench$i@bench.test]=123456"); done
  java -XX:SharedArchiveFile=app/target/parley/parley.jsa -XX:MaxGCPauseMillis=20 -XX:MaxTenuringThreshold=1 "$@" \
    -jar app/target/parley/parley.jar "${args[@]}" ${BENCH_SERVER_ARGS:-} >"$data/server.log" 2>&1 &
  pid=$!
  trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; [ -n "${BENCH_KEEP:-}" ] || rm -rf "$data"' EXIT
  for _ in $(seq 1 90); do curl -fs "http://127.0.0.1:$port/actuator/health" >/dev/null 2>&1 && return 0; sleep 1; done
  echo "the server did not start: $data/server.log" >&2
  return 1
}
