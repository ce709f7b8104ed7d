#!/usr/bin/env bash
# The chat benchmark (bench/run.sh's arguments and server) with every projection's lag behind the event store, as
# GET /api/admin/projections reports it, printed every 10 s while it runs: a projection that cannot keep up shows
# a lag that grows, which the chat benchmark's latency (the chats projection's pushes) does not show.
# Usage: bench/lag.sh [pairs] [messagesPerPair] [messagesPerSecond] [warmUpPerPair] [inFlightPerPair]
set -euo pipefail
cd "$(dirname "$0")/.."
pairs="${1:-10}"; per_pair="${2:-6000}"; rate="${3:-2000}"; warm_up="${4:-120000}"; in_flight="${5:-0}"
. bench/server.sh
BENCH_SERVER_ARGS="${BENCH_SERVER_ARGS:-} --parley.admins=bench0@bench.test" \
  start_server $((2 * pairs))
BENCH_SERVER_PID=$pid java bench/ChatBench.java "http://127.0.0.1:$port" "$pairs" "$per_pair" "$rate" "$warm_up" "$in_flight" \
  >"$data/bench.log" 2>&1 &
bench=$!
token=$(login bench0@bench.test)
started=$SECONDS
while kill -0 "$bench" 2>/dev/null; do
  sleep 10
  lags=$(curl -fs -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/admin/projections" \
    | grep -o '"name":"[^"]*"\|"lag":[^,}]*' | cut -d: -f2 | tr -d '"' | paste -d= - - | tr '\n' ' ') || true
  echo "lag after $((SECONDS - started)) s: $lags"
done
wait "$bench"
tail -1 "$data/bench.log"
