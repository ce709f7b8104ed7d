#!/usr/bin/env bash
# Idle STOMP sessions: starts the packaged jar (bench/server.sh), measures its live heap (a class histogram, which
# collects first) and RSS, opens the sessions with bench/IdleSockets.java (connected, subscribed, heart-beating, over
# loopback), measures again after 20 s, and prints live heap and RSS per session and the classes that grew most.
# With BENCH_CHAT="pairs messagesPerPair messagesPerSecond warmUpPerPair" it then runs the chat benchmark
# (bench/ChatBench.java, other users) against the same server while the idle sessions stay open.
# Usage: bench/sockets.sh [sessions] [users]   (defaults 10000 1000)
set -euo pipefail
cd "$(dirname "$0")/.."
sessions="${1:-10000}"; users="${2:-1000}"
read -r -a chat <<<"${BENCH_CHAT:-}"
chat_users=$((2 * ${chat[0]:-0}))
. bench/server.sh
start_server $((users + chat_users))
histogram() { jcmd "$pid" GC.class_histogram | awk '$1 ~ /^[0-9]+:$/ && NF >= 4 {print $4, $3} /^Total/ {print "TOTAL", $3}'; }
rss() { awk '/VmRSS/ {print $2}' "/proc/$pid/status"; }
open_sessions() { grep '^open' "$data/client.log" | tail -1 | cut -d' ' -f2; }
sleep 5
histogram >"$data/before.txt"; rss_before=$(rss)
fifo="$data/hold"; mkfifo "$fifo"
java -Xss256k bench/IdleSockets.java "http://127.0.0.1:$port" "$sessions" "$users" "$chat_users" <"$fifo" >"$data/client.log" 2>&1 &
client=$!
exec 3>"$fifo"
until grep -q '^ready' "$data/client.log"; do kill -0 "$client" 2>/dev/null || { cat "$data/client.log"; exit 1; }; sleep 1; done
sleep 20
histogram >"$data/after.txt"; rss_after=$(rss)
still_open=$(open_sessions)
[ "$still_open" = "$sessions" ] || { echo "only $still_open of $sessions sessions stayed open" >&2; exit 1; }
open=$(curl -fs "http://127.0.0.1:$port/actuator/prometheus" | awk '/^parley_sockets_connected|^parley_live_subscriptions/ {print}')
python3 - "$data/before.txt" "$data/after.txt" "$sessions" "$rss_before" "$rss_after" <<'PY'
import sys
def read(path):
    return {name: int(size) for name, size in (line.split() for line in open(path))}
before, after = read(sys.argv[1]), read(sys.argv[2])
n, rss0, rss1 = int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
print(f"sockets: sessions={n} live heap per session={(after['TOTAL'] - before['TOTAL']) / n / 1024:.1f} KiB "
      f"RSS per session={(rss1 - rss0) / n:.1f} KiB")
grown = sorted(((after.get(k, 0) - before.get(k, 0), k) for k in after if k != 'TOTAL'), reverse=True)[:12]
for size, name in grown:
    print(f"  {size / n:8.0f} B/session  {name}")
PY
echo "$open"
if [ "$chat_users" -gt 0 ]; then
  java bench/ChatBench.java "http://127.0.0.1:$port" "${chat[@]}"
  echo "sockets: $(open_sessions) of $sessions idle sessions open after the chat benchmark"
fi
exec 3>&-
wait "$client" || true
