#!/usr/bin/env bash
# Smoke test of the packaged jar, as a client would use it: start it as README's run line does (the extracted jar with
# its class data sharing archive, which must load: -Xshare:on) on a fresh data dir, log two users in with
# console codes, link them by QR, chat, and check the answers and the server's log. Catches what the test classpath
# can hide (a dependency missing from the jar, a handler parameter only axon-test resolves).
# Usage: scripts/smoke.sh [port]   (builds app/target/parley/ first if missing)
set -euo pipefail
cd "$(dirname "$0")/.."
port="${1:-18080}"
[ -f app/target/parley/parley.jsa ] || mvn -B -q -DskipTests package
data="$(mktemp -d)"
log="$data/server.log"
# Chats are snapshotted every 3 events here, so a few messages take snapshots too.
java -Xshare:on -XX:SharedArchiveFile=app/target/parley/parley.jsa -jar app/target/parley/parley.jar --server.port="$port" --parley.data-dir="$data" --parley.chat.snapshot-every=3 >"$log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$data"' EXIT
base="http://127.0.0.1:$port"
for _ in $(seq 1 90); do curl -fs "$base/actuator/health" >/dev/null 2>&1 && break; sleep 1; done

json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
login() {
  curl -fs -XPOST "$base/api/auth/otp/request" -H 'Content-Type: application/json' -d "{\"identifier\":\"$1\"}" >/dev/null
  local code; code=$(grep -o "^OTP for $1: [0-9]\{6\}$" "$log" | tail -n 1 | awk '{print $NF}')
  curl -fs -XPOST "$base/api/auth/otp/verify" -H 'Content-Type: application/json' -d "{\"identifier\":\"$1\",\"otp\":\"$code\"}" | json "['token']"
}
alice=$(login alice@smoke.test)
bob=$(login bob@smoke.test)
curl -fs -XPOST "$base/api/qr/generate" -H "Authorization: Bearer $alice" -H 'Accept: image/png' -o "$data/qr.png"
[ "$(head -c 4 "$data/qr.png" | tail -c 3)" = "PNG" ]
# A new code supersedes the previous one: the JSON one is the live one.
qr=$(curl -fs -XPOST "$base/api/qr/generate" -H "Authorization: Bearer $alice" | json "['token']")
connection=$(curl -fs -XPOST "$base/api/connections/request" -H "Authorization: Bearer $bob" -H 'Content-Type: application/json' \
  -d "{\"qrToken\":\"$qr\"}" | json "['connectionId']")
status=$(curl -fs -XPOST "$base/api/connections/accept" -H "Authorization: Bearer $alice" -H 'Content-Type: application/json' \
  -d "{\"connectionId\":\"$connection\"}" | json "['status']")
[ "$status" = accepted ]
bob_json=$(curl -fs -XPATCH "$base/api/users/me" -H "Authorization: Bearer $bob" -H 'Content-Type: application/json' \
  -d '{"name":"Bob"}')
[ "$(json "['name']" <<<"$bob_json")" = Bob ]
bob_id=$(json "['id']" <<<"$bob_json")
for i in 1 2 3 4 5 6 7; do
  seq=$(curl -fs -XPOST "$base/api/chat/send" -H "Authorization: Bearer $alice" -H 'Content-Type: application/json' \
    -d "{\"to\":\"$bob_id\",\"text\":\"m$i\"}" | json "['seq']")
  [ "$seq" = "$i" ]
done
# Media: the image decoders (TwelveMonkeys' WebP among them) and Tika must be in the jar and found there.
python3 -c "
import struct, zlib
raw = b''.join(b'\\x00' + bytes([200, 100, 50]) * 64 for _ in range(48))
chunk = lambda t, d: struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d))
open('$data/p.png', 'wb').write(b'\\x89PNG\\r\\n\\x1a\\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', 64, 48, 8, 2, 0, 0, 0))
    + chunk(b'IDAT', zlib.compress(raw)) + chunk(b'IEND', b''))"
echo 'UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==' | base64 -d >"$data/p.webp"
for file in p.png p.webp; do
  media=$(curl -fs -XPOST "$base/api/media" -H "Authorization: Bearer $alice" -F "file=@$data/$file" | json "['mediaId']")
  for _ in $(seq 1 50); do
    state=$(curl -fs "$base/api/media/$media/info" -H "Authorization: Bearer $alice" | json "['state']")
    [ "$state" = processing ] || break
    sleep 0.2
  done
  [ "$state" = ready ] || { echo "smoke: $file ended $state" >&2; exit 1; }
  curl -fs "$base/api/media/$media/thumbnail" -H "Authorization: Bearer $alice" -o "$data/thumb.jpg"
  [ "$(head -c 2 "$data/thumb.jpg" | od -An -tx1 | tr -d ' ')" = ffd8 ]
done
# Status: an image status of Alice's reaches Bob's feed, and its media Bob.
story=$(curl -fs -XPOST "$base/api/status" -H "Authorization: Bearer $alice" -H 'Content-Type: application/json' \
  -d "{\"type\":\"image\",\"mediaId\":\"$media\",\"caption\":\"smoke\"}" | json "['statusId']")
[ "$(curl -fs "$base/api/status/feed" -H "Authorization: Bearer $bob" | json "[0]['statuses'][0]['statusId']")" = "$story" ]
curl -fs -XPOST "$base/api/status/$story/view" -H "Authorization: Bearer $bob"
curl -fs "$base/api/media/$media" -H "Authorization: Bearer $bob" -o /dev/null
sleep 1
# Work after a commit (snapshots, pushes) fails only in the log: it must hold no stack trace.
if grep -n -B2 '^\s*at [a-z]' "$log" | head -n 20 | grep .; then
  echo "smoke: the server logged an exception" >&2
  exit 1
fi
echo "smoke: 1 passed, 0 failed"
