#!/usr/bin/env bash
# Projection replay: starts the packaged jar on the embedded default (bench/server.sh), fills it with chat messages
# (bench/ChatBench.java's unmeasured warm-up: 10 pairs, rounds of 100 messages per pair), then replays one projection
# through the admin API with bench/Replay.java and prints events replayed per second.
# Usage: bench/replay.sh [messages] [projection]   (defaults 1000000 chats)
set -euo pipefail
cd "$(dirname "$0")/.."
messages="${1:-1000000}"; projection="${2:-chats}"
. bench/server.sh
BENCH_SERVER_ARGS="${BENCH_SERVER_ARGS:-} --parley.admins=bench0@bench.test" \
  start_server 20
java bench/ChatBench.java "http://127.0.0.1:$port" 10 10 0 $((messages / 10)) >"$data/fill.log"
java bench/Replay.java "http://127.0.0.1:$port" bench0@bench.test "$projection"
