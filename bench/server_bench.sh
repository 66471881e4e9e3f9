#!/usr/bin/env bash
# Server benchmark: builds (or reuses) a demo database, starts `zhijiao serve` on 127.0.0.1, logs
# in, creates a bearer token, then runs wrk (64 connections, ~10 s each, from another process)
# against the county's indicator values and the plan status. Prints p99 latency, requests/s and
# the server's resident memory (VmRSS/VmHWM from /proc).
#
#   bench/server_bench.sh [BUILD_DIR] [DB]      defaults: build, /tmp/zj_bench_demo.db
# Goals: p99 ≤ 20 ms, ≥ 3,000 req/s on 2 cores, RSS ≤ 300 MB.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="${1:-$ROOT/build}"
DB="${2:-/tmp/zj_bench_demo.db}"
BIN="$BUILD/apps/zhijiao/zhijiao"
PORT="${ZJ_BENCH_PORT:-18431}"
DURATION="${ZJ_BENCH_SECONDS:-10}"
CONNS="${ZJ_BENCH_CONNECTIONS:-64}"
YEAR="${ZJ_BENCH_YEAR:-2020}"

[ -x "$BIN" ] || { echo "server_bench: $BIN not built" >&2; exit 2; }
command -v wrk >/dev/null || { echo "server_bench: wrk not installed" >&2; exit 2; }

if curl -s -o /dev/null "http://127.0.0.1:$PORT/"; then
  echo "server_bench: port $PORT is in use (set ZJ_BENCH_PORT)" >&2; exit 2
fi
if [ ! -f "$DB" ]; then
  echo "== building demo database $DB"
  "$BIN" demo --db "$DB"
fi
# An account for the benchmark (created once; its password is reset on every run).
COUNTY=$("$BIN" info --db "$DB" --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["county"])')
printf 'bench-password-1\n' | "$BIN" user add --db "$DB" --name bench --role county_staff \
  --unit "$COUNTY" --password-stdin 2>/dev/null ||
  printf 'bench-password-1\n' | "$BIN" user passwd --db "$DB" --name bench --password-stdin

# ZJ_BENCH_CONFIG: an optional server config file (e.g. {"access_log": true} to see statuses).
"$BIN" serve --db "$DB" --host 127.0.0.1 --port "$PORT" ${ZJ_BENCH_CONFIG:+--config "$ZJ_BENCH_CONFIG"} \
  2>/tmp/zj_bench_server.log &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true' EXIT
# Server CPU time (user + system, ms) so far: with the machine shared, CPU per request is the
# figure that does not depend on what else runs.
server_cpu_ms() {
  awk -v hz="$(getconf CLK_TCK)" '{printf "%d", ($14 + $15) * 1000 / hz}' "/proc/$SERVER/stat"
}

# Time to first answer, and the server's CPU time until then (independent of machine load).
START=$(date +%s%N)
until curl -sf "http://127.0.0.1:$PORT/api/v1/health" >/dev/null; do sleep 0.01; done
READY_MS=$(( ($(date +%s%N) - START) / 1000000 ))
CPU_MS=$(server_cpu_ms)
echo "ready:        ${READY_MS} ms after start (health answers; server CPU so far ${CPU_MS} ms)"

# Log in (cookie + CSRF), then create a bearer token through the API.
JAR=$(mktemp)
CSRF=$(curl -sf -c "$JAR" -H 'Content-Type: application/json' \
  -d '{"username":"bench","password":"bench-password-1"}' \
  "http://127.0.0.1:$PORT/api/v1/auth/login" | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf_token"])')
TOKEN=$(curl -sf -b "$JAR" -H 'Content-Type: application/json' -H "X-CSRF-Token: $CSRF" \
  -d '{"label":"bench","expires_days":1}' \
  "http://127.0.0.1:$PORT/api/v1/auth/tokens" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
rm -f "$JAR"

# Warm up (the engine data loads in the background at start).
START=$(date +%s%N)
curl -sf -H "Authorization: Bearer $TOKEN" \
  "http://127.0.0.1:$PORT/api/v1/indicators/values?unit=$COUNTY&year=$YEAR" >/dev/null
echo "first values: $(( ($(date +%s%N) - START) / 1000000 )) ms (includes waiting for the engine load)"
curl -sf -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/v1/plan/status?year=$YEAR" >/dev/null

run() {
  local name="$1" url="$2"
  local out cpu0 cpu1
  cpu0=$(server_cpu_ms)
  out=$(wrk -t2 -c"$CONNS" -d"${DURATION}s" --latency -H "Authorization: Bearer $TOKEN" "$url")
  cpu1=$(server_cpu_ms)
  local p99 rps errors total
  p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
  rps=$(echo "$out" | awk '/^Requests\/sec/ {print $2}')
  errors=$(echo "$out" | awk '/Non-2xx/ {print $5}')
  total=$(echo "$out" | awk '/requests in/ {print $1}')
  printf '%-28s p99 %-9s %10s req/s  non-2xx %s  server CPU %s µs/request\n' "$name" "$p99" \
    "$rps" "${errors:-0}" "$(( (cpu1 - cpu0) * 1000 / (total > 0 ? total : 1) ))"
}
run "indicators/values (county)" "http://127.0.0.1:$PORT/api/v1/indicators/values?unit=$COUNTY&year=$YEAR"
run "plan/status" "http://127.0.0.1:$PORT/api/v1/plan/status?year=$YEAR"

grep -E 'VmRSS|VmHWM' "/proc/$SERVER/status" | awk '{printf "server %s %.1f MB\n", $1, $2/1024}'
