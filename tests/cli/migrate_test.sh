#!/usr/bin/env bash
# `zhijiao migrate` end to end: a small demo county in SQLite, copied into a throw-away
# PostgreSQL cluster (scripts/pg-test-cluster); every table must compare equal, `zhijiao info`
# and `zhijiao indicators` must give the same answers from both, an import into PostgreSQL must be
# undone exactly, and the error cases must fail with their Chinese message
# and exit code 2: a URL that is not PostgreSQL, an unreachable server, a missing database, a
# non-empty target without --replace (left unchanged).
# Exit 77 (ctest: skipped) when the PostgreSQL server binaries are missing — a failure instead
# when ZJ_REQUIRE_PG=1 (scripts/test sets it).
# Usage: migrate_test.sh ZHIJIAO_BINARY SOURCE_DIR
set -euo pipefail
bin=$1
src=$2
cluster="$src/scripts/pg-test-cluster"
if ! pgbin=$("$cluster" check); then
  if [ "${ZJ_REQUIRE_PG:-}" = 1 ]; then
    echo "FAIL: PostgreSQL server binaries not found and ZJ_REQUIRE_PG=1 (install postgresql-15)" >&2
    exit 1
  fi
  echo "SKIP: PostgreSQL server binaries not found (install postgresql-15)"
  exit 77
fi
work=$(mktemp -d)
pgdir=$(mktemp -u /tmp/zj_pg_migrate.XXXXXX)  # directly under /tmp: the cluster's account enters it
cleanup() {
  "$cluster" stop "$pgdir" || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*" >&2
  exit 1
}

db="$work/county.db"
"$bin" demo --db "$db" --years 2024-2025 >/dev/null 2>&1
"$cluster" start "$pgdir" >/dev/null
"$pgbin/createdb" -h "$pgdir" -U zj county
url="postgresql:///county?host=$pgdir&user=zj"

# 1. The copy: every table listed and equal, exit 0.
"$bin" migrate --from "$db" --to "$url" >"$work/out.txt" || fail "migrate exited $?: $(cat "$work/out.txt")"
grep -q "全部一致" "$work/out.txt" || fail "no success line: $(cat "$work/out.txt")"
[ "$(grep -c ' 一致$' "$work/out.txt")" -eq 27 ] || fail "expected 27 equal tables: $(cat "$work/out.txt")"
! grep -q "不一致" "$work/out.txt" || fail "a table differs: $(cat "$work/out.txt")"
grep -Eq '^enrolment +[1-9][0-9]+ +[1-9][0-9]+ ' "$work/out.txt" || fail "no enrolment rows copied"
# The stored plan and the synthetic county map travel with the county.
grep -Eq '^plan +1 +1 ' "$work/out.txt" || fail "the stored plan was not copied"
grep -Eq '^map_layer +1 +1 ' "$work/out.txt" || fail "the county map was not copied"

# 2. The same county through the Store interface on both sides.
"$bin" info --db "$db" --format json | sed '/demo_accounts/,$d' >"$work/info_sqlite.json"
"$bin" info --db "$url" --format json | sed '/demo_accounts/,$d' >"$work/info_pg.json"
cmp -s "$work/info_sqlite.json" "$work/info_pg.json" ||
  fail "zhijiao info differs: $(diff "$work/info_sqlite.json" "$work/info_pg.json" | head)"

# The engine computes the same indicators from both stores.
"$bin" indicators --db "$db" --unit 500235 --year 2025 --format csv >"$work/ind_sqlite.csv"
"$bin" indicators --db "$url" --unit 500235 --year 2025 --format csv >"$work/ind_pg.csv"
[ "$(wc -l <"$work/ind_pg.csv")" -gt 10 ] || fail "too few indicators: $(cat "$work/ind_pg.csv")"
cmp -s "$work/ind_sqlite.csv" "$work/ind_pg.csv" ||
  fail "indicators differ: $(diff "$work/ind_sqlite.csv" "$work/ind_pg.csv" | head)"

# An import into PostgreSQL is journaled and undone exactly (pg_imports.cc).
pg_sum() { "$pgbin/psql" -X -A -t -q "$url" -c "SELECT sum(count) FROM population"; }
sum_before=$(pg_sum)
"$bin" export --db "$url" --table population --year 2025 --out "$work/pop.csv" >/dev/null 2>&1
python3 - "$work/pop.csv" <<'PY'
import sys
lines = open(sys.argv[1], encoding="utf-8-sig").read().splitlines()
body = [",".join(l.split(",")[:2] + ["1234"]) for l in lines[1:21]] + lines[21:]
open(sys.argv[1], "w", encoding="utf-8-sig").write("\r\n".join([lines[0]] + body) + "\r\n")
PY
"$bin" import --db "$url" --table population --year 2025 "$work/pop.csv" >"$work/import.txt" 2>&1 ||
  fail "import into PostgreSQL: $(cat "$work/import.txt")"
grep -q "修改 20" "$work/import.txt" || fail "import did not change 20 rows: $(cat "$work/import.txt")"
[ "$(pg_sum)" != "$sum_before" ] || fail "the import changed nothing"
id=$(grep -o '导入编号 #[0-9]*' "$work/import.txt" | grep -o '[0-9]*$')
"$bin" import undo --db "$url" "$id" >/dev/null 2>&1 || fail "import undo $id failed"
[ "$(pg_sum)" = "$sum_before" ] || fail "undo left population at $(pg_sum), not $sum_before"

# 3. Errors: exit 2 with a clear message.
expect_error() {  # expect_error MESSAGE_PART ARGS… → the command must exit 2 naming MESSAGE_PART
  local want=$1
  shift
  set +e
  "$bin" "$@" >"$work/err_out.txt" 2>"$work/err.txt"
  local rc=$?
  set -e
  [ $rc -eq 2 ] || fail "$* exited $rc, expected 2: $(cat "$work/err.txt")"
  grep -q "$want" "$work/err.txt" || fail "$*: message lacks '$want': $(cat "$work/err.txt")"
}
expect_error "不是 PostgreSQL 地址" migrate --from "$db" --to "mysql://localhost/county"
expect_error "无法连接 PostgreSQL 数据库" migrate --from "$db" \
  --to "postgresql:///county?host=$work/no-server&user=zj"
expect_error "无法连接 PostgreSQL 数据库" migrate --from "$db" \
  --to "postgresql:///no_such_db?host=$pgdir&user=zj"
expect_error "不存在" migrate --from "$work/missing.db" --to "$url"
# A password in the URL never reaches the message.
expect_error "无法连接" migrate --from "$db" --to "postgresql://zj:s3cret@127.0.0.1:1/county"
! grep -q "s3cret" "$work/err.txt" || fail "the password was printed: $(cat "$work/err.txt")"

# 4. A non-empty target is refused and left unchanged; --replace overwrites it.
pg_tasks() { "$pgbin/psql" -X -A -t -q "$url" -c "SELECT count(*) FROM task"; }
before=$(pg_tasks)
[ "$before" -gt 0 ] || fail "no tasks copied"
"$bin" tasks add --db "$db" --id pg-extra --title "迁移测试" --unit 500235 --due 2026-12-31 \
  >/dev/null 2>&1 || fail "tasks add failed"
expect_error "已有数据" migrate --from "$db" --to "$url"
[ "$(pg_tasks)" -eq "$before" ] || fail "the refused target changed"
"$bin" migrate --from "$db" --to "$url" --replace >"$work/out2.txt" ||
  fail "migrate --replace exited $?: $(cat "$work/out2.txt")"
grep -q "全部一致" "$work/out2.txt" || fail "--replace: $(cat "$work/out2.txt")"
[ "$(pg_tasks)" -eq $((before + 1)) ] || fail "--replace did not bring the new task"
echo "migrate_test: ok ($(tail -n 2 "$work/out.txt" | head -n 1))"
