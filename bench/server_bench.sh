#!/usr/bin/env bash
# Server benchmark: builds (or reuses) a demo database, starts `zhijiao serve` on 127.0.0.1, logs
# in, creates a bearer token, then runs wrk (64 connections, ~10 s each, from another process)
# against the county's indicator values and the plan status. Prints p99 latency, requests/s and
# the server's resident memory (VmRSS/VmHWM from /proc); last, the latency of registry reads made
# while an import runs.
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

# Registry reads during an import: the task ledger (read from the registry on every request) asked
# every 20 ms while the year's students (exported, then re-imported unchanged) are imported. The
# import holds the writer for its whole transaction; reads go through the read-only connection and
# do not wait for it. Prints the import's time and the reads' latencies while it ran.
EXPORT="$(mktemp -d)/students.csv"
"$BIN" export --db "$DB" --table students --year "$YEAR" --out "$EXPORT" --unmasked >/dev/null
python3 - "$PORT" "$TOKEN" "$EXPORT" "$YEAR" <<'PY'
import json, sys, threading, time, urllib.request
port, token, path, year = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
base = f"http://127.0.0.1:{port}/api/v1"
auth = {"Authorization": f"Bearer {token}"}
body = open(path, "rb").read()
done = threading.Event()
span = {}
def do_import():
    req = urllib.request.Request(f"{base}/import?table=students&year={year}&file_name=students.csv",
                                 data=body, method="POST",
                                 headers={**auth, "Content-Type": "application/octet-stream"})
    span["start"] = time.monotonic()
    with urllib.request.urlopen(req, timeout=600) as r:
        span["summary"] = json.loads(r.read())
    span["end"] = time.monotonic()
    done.set()
t = threading.Thread(target=do_import)
t.start()
lat = []
while not done.is_set():
    s = time.monotonic()
    with urllib.request.urlopen(urllib.request.Request(f"{base}/tasks", headers=auth), timeout=600) as r:
        r.read()
    e = time.monotonic()
    if "start" in span and s >= span["start"] and not done.is_set():
        lat.append((e - s) * 1000)
    time.sleep(0.02)
t.join()
lat.sort()
sm = span["summary"]
rows = f"{sm['rows']['read']} student rows ({sm['rows']['unchanged']} unchanged, {sm['errors']} errors)"
if lat:
    print(f"import of {rows}: {span['end'] - span['start']:.2f} s; "
          f"{len(lat)} ledger reads meanwhile: median {lat[len(lat) // 2]:.1f} ms, max {lat[-1]:.1f} ms")
else:
    print(f"import of {rows}: {span['end'] - span['start']:.2f} s; too short to read meanwhile")
PY
rm -rf "$(dirname "$EXPORT")"

# Under attack, without logging in (issue #15): 500 slow connections (slowloris: a request head
# sent one byte every 2 s, from 20 loopback addresses, reopened when the server drops them), a
# 200 MB chunked anonymous body to the upload route and to the login route, and one request with
# a million header lines — while health (anonymous) and indicator values (a logged-in user) are
# asked every 20 ms. Prints their p99 and failures, what happened to each attack, and the
# server's memory growth. Goals: health p99 ≤ 100 ms, RSS growth ≤ 64 MB.
python3 - "$PORT" "$TOKEN" "$SERVER" "$COUNTY" "$YEAR" <<'PY'
import socket, sys, threading, time, urllib.request
port, token, pid, county, year = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
SECONDS = 20

def rss_mb(field):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith(field):
            return int(line.split()[1]) / 1024
rss0, hwm0 = rss_mb("VmRSS"), rss_mb("VmHWM")
stop = threading.Event()
slow = {"opened": 0, "refused_or_dropped": 0}

def slowloris(source):
    socks = []
    head = b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-a: " + b"a" * 4000
    while not stop.is_set():
        while len(socks) < 25 and not stop.is_set():
            s = socket.socket()
            try:
                s.bind((source, 0))
                s.settimeout(2)
                s.connect(("127.0.0.1", port))
                socks.append([s, 0])
                slow["opened"] += 1
            except OSError:
                s.close()
                break
        for entry in list(socks):
            s, i = entry
            try:
                s.send(head[i:i + 1])
                entry[1] = i + 1
            except OSError:
                slow["refused_or_dropped"] += 1
                socks.remove(entry)
                s.close()
        stop.wait(2)
    for s, _ in socks:
        s.close()

def chunked(path, result):
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    s.sendall(f"POST {path} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
              "Content-Type: application/octet-stream\r\n\r\n".encode())
    chunk = b"%x\r\n" % 65536 + b"x" * 65536 + b"\r\n"
    result[path] = flood(s, chunk, 65536, 200 * 2**20 // 65536)

def flood(s, piece, units, times):
    """Sends piece up to `times` times until the server stops reading; (units sent, its answer)."""
    sent = 0
    try:
        for _ in range(times):
            if stop.is_set():
                break
            s.sendall(piece)
            sent += units
    except OSError:
        pass
    try:
        s.settimeout(2)
        status = s.recv(200).split(b"\r\n")[0].decode(errors="replace")
    except OSError:
        status = "(connection closed)"
    s.close()
    return sent, status

def header_flood(result):
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    s.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n")
    result["headers"] = flood(s, b"X-a: b\r\n" * 1000, 1000, 1000)

def probe(url, headers, lat, failures):
    while not stop.is_set():
        t = time.monotonic()
        try:
            with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=5) as r:
                r.read()
            lat.append((time.monotonic() - t) * 1000)
        except Exception:
            failures.append(1)
        stop.wait(0.02)

threads = [threading.Thread(target=slowloris, args=(f"127.0.0.{i}",)) for i in range(2, 22)]
results = {}
threads += [threading.Thread(target=chunked, args=(p, results))
            for p in ("/api/v1/import?table=students&year=2020", "/api/v1/auth/login")]
threads.append(threading.Thread(target=header_flood, args=(results,)))
health_lat, health_fail, user_lat, user_fail = [], [], [], []
threads.append(threading.Thread(target=probe, args=(
    f"http://127.0.0.1:{port}/api/v1/health", {}, health_lat, health_fail)))
threads.append(threading.Thread(target=probe, args=(
    f"http://127.0.0.1:{port}/api/v1/indicators/values?unit={county}&year={year}",
    {"Authorization": f"Bearer {token}"}, user_lat, user_fail)))
for t in threads:
    t.start()
time.sleep(SECONDS)
peak_mid = rss_mb("VmRSS")
stop.set()
for t in threads:
    t.join()

def p99(v):
    v = sorted(v)
    return v[min(len(v) - 1, int(len(v) * 0.99))] if v else float("nan")
print(f"under attack ({SECONDS} s): slow connections opened {slow['opened']} "
      f"(dropped or refused by the server {slow['refused_or_dropped']})")
for path, (sent, status) in results.items():
    what = "header lines" if path == "headers" else "bytes of a 200 MB chunked body"
    print(f"  {path}: {sent:,} {what} sent before the answer: {status}")
print(f"  health p99 {p99(health_lat):.1f} ms ({len(health_lat)} answered, {len(health_fail)} failed); "
      f"logged-in indicator values p99 {p99(user_lat):.1f} ms ({len(user_lat)} answered, "
      f"{len(user_fail)} failed)")
print(f"  server RSS {rss0:.1f} MB before, {peak_mid:.1f} MB during the attack, "
      f"peak growth {rss_mb('VmHWM') - hwm0:.1f} MB")
PY
