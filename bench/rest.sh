#!/usr/bin/env bash
# REST benchmark on the embedded default: starts the packaged jar (bench/server.sh), signs in two linked users with a
# chat between them, and drives each request below with bench/RestBench.java at the given number of concurrent
# connections (each one request at a time): a warm-up, then the measured seconds. Prints one line per request:
# requests/s, p50, p99.
# Usage: bench/rest.sh [connections] [seconds] [warmUpSeconds]   (defaults 32 20 60)
set -euo pipefail
cd "$(dirname "$0")/.."
connections="${1:-32}"; seconds="${2:-20}"; warm_up="${3:-60}"
. bench/server.sh
start_server 2
base="http://127.0.0.1:$port"
ann=$(login bench0@bench.test); ben=$(login bench1@bench.test)
qr=$(curl -fs -XPOST "$base/api/qr/generate" -H "Authorization: Bearer $ann" | json "['token']")
connection=$(curl -fs -XPOST "$base/api/connections/request" -H "Authorization: Bearer $ben" -H 'Content-Type: application/json' \
  -d "{\"qrToken\":\"$qr\"}" | json "['connectionId']")
curl -fs -XPOST "$base/api/connections/accept" -H "Authorization: Bearer $ann" -H 'Content-Type: application/json' \
  -d "{\"connectionId\":\"$connection\"}" >/dev/null
ben_id=$(curl -fs "$base/api/users/me" -H "Authorization: Bearer $ben" | json "['id']")
chat=$(curl -fs -XPOST "$base/api/chat/send" -H "Authorization: Bearer $ann" -H 'Content-Type: application/json' \
  -d "{\"to\":\"$ben_id\",\"text\":\"hello\"}" | json "['chatId']")

run() { java bench/RestBench.java "$1" "$2" "$connections" "$seconds" "$warm_up" "${@:3}"; }
run "anonymous unknown path" "$base/nothing-here"
run "bearer unknown path" "$base/nothing-here" GET "$ann"
run "GET /api/users/me" "$base/api/users/me" GET "$ann"
run "GET /api/chat/{id}" "$base/api/chat/$chat?limit=20" GET "$ann"
run "POST /api/chat/send" "$base/api/chat/send" POST "$ann" "{\"to\":\"$chat\",\"text\":\"benchmark\"}"
