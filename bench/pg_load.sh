#!/usr/bin/env bash
# PostgreSQL figures: builds the demo county (default the full 2012-2025 run; `--years A-B` for a
# smaller one) into a temporary SQLite file, starts a throw-away PostgreSQL cluster
# (scripts/pg-test-cluster), and runs build/bench/pg_load_bench on them: COPY vs Put* loading,
# LoadHistory from SQLite vs PostgreSQL. Everything is removed at the end.
# Usage: bench/pg_load.sh [--years A-B]   (after cmake --build build --target zhijiao pg_load_bench)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
years="2012-2025"
if [ "${1:-}" = "--years" ]; then years="${2:?--years A-B}"; fi
bin="$root/build/apps/zhijiao/zhijiao"
bench="$root/build/bench/pg_load_bench"
cluster="$root/scripts/pg-test-cluster"
pgbin=$("$cluster" check) || { echo "PostgreSQL server binaries not found" >&2; exit 2; }
work=$(mktemp -d)
pgdir=$(mktemp -u /tmp/zj_pg_bench.XXXXXX)
trap '"$cluster" stop "$pgdir" || true; rm -rf "$work"' EXIT

SECONDS=0
"$bin" demo --db "$work/county.db" --years "$years" >/dev/null 2>&1
echo "demo county $years: $("$bin" info --db "$work/county.db" --format json |
  grep -c '"students"') school years, SQLite file $(($(stat -c %s "$work/county.db") / 1048576)) MB" \
  "(made in ${SECONDS} s)"
"$cluster" start "$pgdir" >/dev/null
"$pgbin/createdb" -h "$pgdir" -U zj copy_target
"$pgbin/createdb" -h "$pgdir" -U zj put_target
"$bench" "$work/county.db" "postgresql:///copy_target?host=$pgdir&user=zj" \
  "postgresql:///put_target?host=$pgdir&user=zj"
size=$("$pgbin/psql" -X -A -t -q "postgresql:///copy_target?host=$pgdir&user=zj" \
  -c "SELECT pg_database_size(current_database()) / 1048576")
echo "PostgreSQL database after the copy and its snapshot cache: $size MB"
