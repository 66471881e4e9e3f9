#!/usr/bin/env bash
# Login throttling under a race (issue #15): fires N parallel wrong-password logins for one
# account at a running `zhijiao serve` and counts the passwords the server actually checked (one
# audit entry auth.login_failed per checked password). The limit is 5 per account and address.
#
#   bench/login_race.sh [BIN] [N]      defaults: build/apps/zhijiao/zhijiao, 100
# Builds a one-year demo database in a temporary folder (the "leader" demo account is the target).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BIN="${1:-$ROOT/build/apps/zhijiao/zhijiao}"
N="${2:-100}"
PORT="${ZJ_BENCH_PORT:-18532}"
[ -x "$BIN" ] || { echo "login_race: $BIN not built" >&2; exit 2; }
if curl -s -o /dev/null "http://127.0.0.1:$PORT/"; then
  echo "login_race: port $PORT is in use (set ZJ_BENCH_PORT)" >&2; exit 2
fi
DIR="$(mktemp -d)"
DB="$DIR/race.db"
"$BIN" demo --db "$DB" --years 2020 >/dev/null 2>&1
"$BIN" serve --db "$DB" --port "$PORT" --web-root "$DIR" 2>"$DIR/serve.log" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$DIR"' EXIT
for _ in $(seq 100); do
  curl -s -o /dev/null "http://127.0.0.1:$PORT/api/v1/health" && break
  sleep 0.1
done
pids=()
for i in $(seq "$N"); do
  curl -s -o /dev/null -w '%{http_code}\n' -H 'Content-Type: application/json' \
    -d "{\"username\":\"leader\",\"password\":\"wrong-password-$i\"}" \
    "http://127.0.0.1:$PORT/api/v1/auth/login" >>"$DIR/codes.txt" &
  pids+=($!)
done
wait "${pids[@]}"
# Stop the server before reading the audit log from another process.
kill $SERVER
wait $SERVER 2>/dev/null || true
checked=$("$BIN" audit list --db "$DB" --limit 100000 | grep -c $'\tauth.login_failed\tuser:leader' || true)
echo "parallel wrong logins: $N; answers: $(sort "$DIR/codes.txt" | uniq -c | tr -s ' ' | tr '\n' ';')"
echo "passwords checked (auth.login_failed entries): $checked (limit 5)"
