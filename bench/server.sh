# Sourced by the benchmark scripts: starts the server as README's run line does (the extracted jar, its class data
# sharing archive and the line's JVM options), on the embedded default and a fresh data dir, with limits lifted for
# the benchmark users bench<i>@bench.test (code 123456), waits for health, and stops it on exit. Sets port, pid and
# data; json and login below serve the scripts that sign users in. Extra server settings: BENCH_SERVER_ARGS; extra JVM
# options: BENCH_JAVA_OPTS (a GC log for bench/Tail.java, say).
# BENCH_PROFILE=postgres runs the postgres profile instead, on a fresh database parley_bench of the machine's
# PostgreSQL (127.0.0.1:5432, user postgres) and its Redis (127.0.0.1:6379, database 13, emptied first); the read
# store stays the in-process one, as no MongoDB runs here.
# Usage: start_server <users> [more java options…]
start_server() {
  local users="$1"; shift
  port=18181
  [ -f app/target/parley/parley.jsa ] || mvn -B -q -DskipTests package
  data="$(mktemp -d)"
  local args=(--server.port="$port" --parley.data-dir="$data" --parley.chat.send-limit=100000000 --parley.auth.ip-limit=100000000)
  for i in $(seq 0 $((users - 1))); do args+=("--parley.otp.test-identifiers[bench$i@bench.test]=123456"); done
  if [ "${BENCH_PROFILE:-}" = postgres ]; then
    dropdb -h 127.0.0.1 -U postgres --if-exists parley_bench && createdb -h 127.0.0.1 -U postgres parley_bench
    redis-cli -h 127.0.0.1 -n 13 flushdb >/dev/null
    args+=(--spring.profiles.active=postgres)
    export DATABASE_URL=jdbc:postgresql://127.0.0.1:5432/parley_bench REDIS_URL=redis://127.0.0.1:6379/13
  fi
  java -XX:SharedArchiveFile=app/target/parley/parley.jsa -XX:MaxGCPauseMillis=20 -XX:MaxTenuringThreshold=1 ${BENCH_JAVA_OPTS:-} "$@" \
    -jar app/target/parley/parley.jar "${args[@]}" ${BENCH_SERVER_ARGS:-} >"$data/server.log" 2>&1 &
  pid=$!
  trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; [ -n "${BENCH_KEEP:-}" ] || rm -rf "$data"' EXIT
  for _ in $(seq 1 90); do curl -fs "http://127.0.0.1:$port/actuator/health" >/dev/null 2>&1 && return 0; sleep 1; done
  echo "the server did not start: $data/server.log" >&2
  return 1
}

# A field of the JSON on standard input, in Python's syntax: json "['token']".
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }

# The access token of a benchmark user (start_server's fixed code 123456).
login() {
  curl -fs -XPOST "http://127.0.0.1:$port/api/auth/otp/verify" -H 'Content-Type: application/json' \
    -d "{\"identifier\":\"$1\",\"otp\":\"123456\"}" | json "['token']"
}
