#!/usr/bin/env bash
# Regression test for issue #15 (acknowledged writes lost): a running `zhijiao serve`, another
# process that reads and writes the same database file (the sqlite3 shell and a `zhijiao user`
# command, as an operator would), more API writes, then `kill -9` of the server. Every write the
# API acknowledged (201) must be in the database when it is opened again.
# Before the fix the server read the file header through a second descriptor and closed it,
# which dropped SQLite's POSIX locks: the other process then deleted the WAL and every later
# write went to an unlinked file.
# Then, with the server still running: the commands that would leave it stale refuse (import,
# a second serve); after it: command-line writes are audited, and the audit chain's head kept
# outside the database catches deleted newest entries and a forged head.
# Usage: durability_test.sh ZHIJIAO_BINARY
set -euo pipefail
bin=$1
work=$(mktemp -d)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill -9 "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
db="$work/county.db"

"$bin" demo --db "$db" --years 2024-2025 >/dev/null 2>&1
token=$("$bin" user token --db "$db" --name county --label durability | tail -n 1)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$bin" serve --db "$db" --port "$port" >"$work/serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$port/api/v1/health" >/dev/null 2>&1 && break
  sleep 0.1
done
curl -sf "http://127.0.0.1:$port/api/v1/health" >/dev/null

acknowledged=()
add_task() {  # add_task ID → appends ID to acknowledged when the API answered 201
  local code
  code=$(curl -s -o "$work/out.json" -w '%{http_code}' -X POST \
    -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    --data "{\"id\":\"$1\",\"title\":\"持久性测试 $1\",\"unit_code\":\"500235\",\"due_date\":\"2026-12-31\"}" \
    "http://127.0.0.1:$port/api/v1/tasks")
  if [ "$code" != 201 ]; then
    echo "FAIL: POST /api/v1/tasks $1 answered $code: $(cat "$work/out.json")"
    exit 1
  fi
  acknowledged+=("$1")
}

for i in 1 2 3; do add_task "durable.before.$i"; done
# Another process reads and writes the live file, then closes it (the last close used to delete
# the WAL the server was still writing to).
sqlite3 "$db" "SELECT count(*) FROM task;" >/dev/null
sqlite3 "$db" "PRAGMA wal_checkpoint(PASSIVE);" >/dev/null
"$bin" user disable --db "$db" --name leader >/dev/null
"$bin" info --db "$db" >/dev/null
for i in 1 2 3 4 5; do add_task "durable.after.$i"; done
sqlite3 "$db" "SELECT count(*) FROM task;" >/dev/null
for i in 6 7 8; do add_task "durable.after.$i"; done

# Commands that a running server would not see refuse, and say why.
printf '学校标识码,学校名称\n' >"$work/empty.csv"
if "$bin" import --db "$db" --table schools "$work/empty.csv" 2>"$work/err.txt"; then
  echo "FAIL: import while the server runs was accepted"; exit 1
fi
grep -q "zhijiao serve" "$work/err.txt" || { echo "FAIL: import refusal: $(cat "$work/err.txt")"; exit 1; }
if "$bin" serve --db "$db" --port 0 2>"$work/err.txt"; then
  echo "FAIL: a second server on the same database started"; exit 1
fi
grep -q "已由另一个 zhijiao serve" "$work/err.txt" || { echo "FAIL: second serve: $(cat "$work/err.txt")"; exit 1; }

kill -9 "$server_pid"
wait "$server_pid" 2>/dev/null || true
server_pid=""

missing=0
for id in "${acknowledged[@]}"; do
  n=$(sqlite3 "$db" "SELECT count(*) FROM task WHERE id = '$id';")
  if [ "$n" != 1 ]; then
    echo "FAIL: acknowledged task $id is not in the database after kill -9"
    missing=$((missing + 1))
  fi
done
disabled=$(sqlite3 "$db" "SELECT disabled FROM account_user WHERE username = 'leader';")
if [ "$disabled" != 1 ]; then
  echo "FAIL: the other process's write (user disable) was lost"
  missing=$((missing + 1))
fi
"$bin" audit verify --db "$db" >/dev/null || { echo "FAIL: audit chain broken"; exit 1; }
if [ "$missing" -ne 0 ]; then exit 1; fi

# Command-line writes are audited (actor cli:<login>, the command named), in their transaction.
"$bin" tasks add --db "$db" --id cli.audited --title 命令行任务 --unit 500235 --due 2026-12-31 >/dev/null
n=$(sqlite3 "$db" "SELECT count(*) FROM audit_log WHERE action = 'tasks.create' AND target = 'task:cli.audited' AND actor LIKE 'cli:%' AND address LIKE '%zhijiao tasks add%';")
[ "$n" = 1 ] || { echo "FAIL: tasks add was not audited"; exit 1; }
"$bin" export --db "$db" --table students --year 2025 --out "$work/s.csv" --unmasked >/dev/null
n=$(sqlite3 "$db" "SELECT count(*) FROM audit_log WHERE action = 'personal.export' AND actor LIKE 'cli:%';")
[ "$n" = 1 ] || { echo "FAIL: export --unmasked was not audited"; exit 1; }

# The head outside the database: deleting the newest entry is found (exit 3) …
"$bin" audit verify --db "$db" | grep -q "与数据库外的末端记录一致" || { echo "FAIL: head not checked"; exit 1; }
cp "$db" "$work/backup.db"
sqlite3 "$db" "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log);"
set +e
"$bin" audit verify --db "$db" >"$work/verify.txt"
rc=$?
set -e
[ "$rc" = 3 ] || { echo "FAIL: truncated audit log not detected (exit $rc): $(cat "$work/verify.txt")"; exit 1; }
# … and with a key file, a head file rewritten without the key is found too.
cp "$work/backup.db" "$db"
head -c 32 /dev/urandom >"$db.audit-key"
chmod 600 "$db.audit-key"
"$bin" tasks add --db "$db" --id cli.signed --title 签名 --unit 500235 --due 2026-12-31 >/dev/null
"$bin" audit verify --db "$db" | grep -q "已签名" || { echo "FAIL: signed head not verified"; exit 1; }
read -r seq hash mac <"$db.audit-head"
echo "$seq $hash 0000$mac" | cut -c1-200 >"$db.audit-head"
set +e
"$bin" audit verify --db "$db" >"$work/verify.txt"
rc=$?
set -e
[ "$rc" = 3 ] || { echo "FAIL: forged head not detected (exit $rc): $(cat "$work/verify.txt")"; exit 1; }
echo "durability: ${#acknowledged[@]} acknowledged writes and the other process's write survived kill -9;"
echo "import and a second serve refused while serving; CLI writes audited; truncation and a forged head detected"
