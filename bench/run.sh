#!/usr/bin/env bash
# Chat benchmark on the embedded default: starts the packaged jar as README's run line does, on a fresh data dir
# with limits lifted for the benchmark users, runs bench/ChatBench.java against it and prints its one summary line.
# Usage: bench/run.sh [pairs] [messagesPerPair] [messagesPerSecond] [warmUpPerPair] [inFlightPerPair]
#        (defaults 10 6000 2000 120000 0; a rate of 0 = as fast as possible; with messages in flight and a rate of 0
#        a closed-loop run: each sender keeps that many messages on their way)
# BENCH_PROFILE=postgres runs the postgres profile on a fresh database of the machine's PostgreSQL, with its Redis.
set -euo pipefail
cd "$(dirname "$0")/.."
pairs="${1:-10}"; per_pair="${2:-6000}"; rate="${3:-2000}"; warm_up="${4:-120000}"; in_flight="${5:-0}"
. bench/server.sh
start_server $((2 * pairs))
BENCH_SERVER_PID=$pid java bench/ChatBench.java "http://127.0.0.1:$port" "$pairs" "$per_pair" "$rate" "$warm_up" "$in_flight"
