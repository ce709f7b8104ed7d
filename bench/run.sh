#!/usr/bin/env bash
# Chat benchmark on the embedded default: starts the packaged jar as README's run line does, on a fresh data dir
# with limits lifted for the benchmark users, runs bench/ChatBench.java against it and prints its one summary line.
# Usage: bench/run.sh [pairs] [messagesPerPair] [messagesPerSecond] [warmUpPerPair]
#        (defaults 10 6000 2000 40000; a rate of 0 = as fast as possible)
set -euo pipefail
cd "$(dirname "$0")/.."
pairs="${1:-10}"; per_pair="${2:-6000}"; rate="${3:-2000}"; warm_up="${4:-40000}"; port=18181
[ -f app/target/parley.jar ] || mvn -B -q -DskipTests package
data="$(mktemp -d)"
args=(--server.port="$port" --parley.data-dir="$data" --parley.chat.send-limit=100000000 --parley.auth.ip-limit=100000000)
for i in $(seq 0 $((2 * pairs - 1))); do args+=("--parley.otp.test-identifiers[bench$i@bench.test]=123456"); done
java -XX:MaxGCPauseMillis=20 -XX:MaxTenuringThreshold=1 -jar app/target/parley.jar "${args[@]}" ${BENCH_SERVER_ARGS:-} >"$data/server.log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 90); do curl -fs "http://127.0.0.1:$port/actuator/health" >/dev/null 2>&1 && break; sleep 1; done
java bench/ChatBench.java "http://127.0.0.1:$port" "$pairs" "$per_pair" "$rate" "$warm_up"
