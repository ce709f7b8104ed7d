#!/usr/bin/env bash
# REST benchmark on the embedded default: starts the packaged jar (bench/server.sh), signs in two linked users with a
# chat between them, and drives each request below with bench/RestBench.java at the given number of concurrent
# connections (each one request at a time): a warm-up, then the measured seconds. Prints one line per request:
# requests/s, p50, p99, and the server's CPU over the measured seconds (percent of a core, µs per request).
# requests: a comma-separated choice of anonymous, bearer, me, chat, send (all of them by default), and inbox (ann's
# GET /api/notifications, not in the default).
# BENCH_CHATS=N: the two users also share N group chats, made before measuring, so that reads meet a read store
# holding that many chats (a node serves many users; the measured chat is one of them).
# Usage: bench/rest.sh [connections] [seconds] [warmUpSeconds] [requests]   (defaults 32 20 300 all; the JIT compiler
#        works on the request path for the first minutes of load, see README "Benchmark")
set -euo pipefail
cd "$(dirname "$0")/.."
connections="${1:-32}"; seconds="${2:-20}"; warm_up="${3:-300}"; requests=",${4:-anonymous,bearer,me,chat,send},"
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
python3 - "$base" "$ann" "$ben_id" "${BENCH_CHATS:-0}" <<'EOF'
import http.client, json, sys, urllib.parse
base, token, member, groups = urllib.parse.urlsplit(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
connection = http.client.HTTPConnection(base.hostname, base.port)
for i in range(groups):
    connection.request('POST', '/api/chat/groups', json.dumps({'name': 'group %d' % i, 'memberIds': [member]}),
                       {'Authorization': 'Bearer ' + token, 'Content-Type': 'application/json'})
    answer = connection.getresponse()
    answer.read()
    if answer.status != 201:
        sys.exit('making group %d: HTTP %d' % (i, answer.status))
EOF

# run <choice> <name> <url> [method body]: only the chosen requests; with a method, as the first user, signed in anew
# for each request (an access token lives 15 minutes, less than a whole run with the default warm-up)
run() {
  [[ "$requests" == *",$1,"* ]] || return 0
  local as=()
  [ $# -lt 4 ] || as=("$4" "$(login bench0@bench.test)" "${@:5}")
  BENCH_SERVER_PID=$pid java bench/RestBench.java "$2" "$3" "$connections" "$seconds" "$warm_up" "${as[@]}"
}
run anonymous "anonymous unknown path" "$base/nothing-here"
run bearer "bearer unknown path" "$base/nothing-here" GET
run me "GET /api/users/me" "$base/api/users/me" GET
run chat "GET /api/chat/{id}" "$base/api/chat/$chat?limit=20" GET
run inbox "GET /api/notifications" "$base/api/notifications?limit=20" GET
run send "POST /api/chat/send" "$base/api/chat/send" POST "{\"to\":\"$chat\",\"text\":\"benchmark\"}"
