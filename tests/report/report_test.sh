#!/usr/bin/env bash
# End-to-end test of the work ledger and the evaluation report on a demo county database:
#  1. `zhijiao demo`, then `tasks list` (the plan's tasks with their synthetic history) and a
#     progress report written through `tasks progress` that changes the task's state;
#  2. the full final report as PDF (timed: must take ≤ 5 s), xlsx and the JSON document the API
#     serves; pdftotext must find every heading, the synthetic-data statement on the cover and
#     every figure of the main indicator table and of the ledger summary of the JSON document;
#     the main-table statuses must equal `zhijiao plan status` (the /api/v1/plan/status figures);
#  3. pdftoppm pages saved under test-output/report/ for a look.
# Usage: report_test.sh ZHIJIAO_BINARY REPO_ROOT
set -euo pipefail
bin=$1
repo=$2
out="$repo/test-output/report"
rm -rf "$out"
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db="$work/demo.db"

"$bin" demo --db "$db" >/dev/null 2>&1
"$bin" tasks list --db "$db" --as-of 2026-01-01 --format json >"$work/tasks.json"
"$bin" tasks notice --db "$db" --as-of 2026-12-04 >"$out/notice.txt"
start=$(date +%s.%N)
"$bin" report evaluation --db "$db" --kind final --format pdf --out "$out/final.pdf" 2>/dev/null
end=$(date +%s.%N)
seconds=$(python3 -c "print(f'{$end - $start:.2f}')")
echo "final report PDF for the demo county: ${seconds} s"
"$bin" report evaluation --db "$db" --kind final --format json --out "$work/final.json" 2>/dev/null
"$bin" report evaluation --db "$db" --kind final --format xlsx --out "$out/final.xlsx" 2>/dev/null
"$bin" report evaluation --db "$db" --kind midterm --format pdf --out "$out/midterm.pdf" 2>/dev/null
"$bin" plan status --db "$db" --year 2025 --format json >"$work/status.json"
# Writes through the CLI (after the report, so that the report and tasks.json see the same ledger).
"$bin" tasks add --db "$db" --id e2e.task --title "端到端测试任务" --unit 500235 --due 2026-06-30 \
  --start 2026-01-01 --department 规划 >/dev/null
"$bin" tasks progress --db "$db" e2e.task --percent 100 --date 2026-03-01 --text "完成" --by 测试 >/dev/null
if "$bin" tasks progress --db "$db" e2e.task --percent 120 --text x 2>/dev/null; then
  echo "FAIL: percent 120 accepted"; exit 1
fi
if "$bin" tasks add --db "$db" --id bad --title x --unit 999999 --due 2026-01-01 2>/dev/null; then
  echo "FAIL: unknown unit accepted"; exit 1
fi
"$bin" tasks list --db "$db" --as-of 2026-04-01 --format json >"$work/tasks2.json"

pdftotext -layout "$out/final.pdf" "$out/final.txt"
pdftotext -f 1 -l 1 "$out/final.pdf" "$work/cover.txt"
pdftoppm -r 50 -png "$out/final.pdf" "$out/final-page"
xlsx2csv -a "$out/final.xlsx" >"$work/final.csv" 2>/dev/null || xlsx2csv -s 0 "$out/final.xlsx" >"$work/final.csv"

python3 - "$work" "$out" "$seconds" <<'PY'
import json, re, sys
work, out, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
fails = []
def check(cond, msg):
    if not cond: fails.append(msg)
squash = lambda s: re.sub(r"\s+", "", s)
text = squash(open(f"{out}/final.txt", encoding="utf-8").read())
cover = squash(open(f"{work}/cover.txt", encoding="utf-8").read())
doc = json.load(open(f"{work}/final.json", encoding="utf-8"))
status = json.load(open(f"{work}/status.json", encoding="utf-8"))
tasks = json.load(open(f"{work}/tasks.json", encoding="utf-8"))
tasks2 = json.load(open(f"{work}/tasks2.json", encoding="utf-8"))
csv = squash(open(f"{work}/final.csv", encoding="utf-8").read())

check(seconds <= 5.0, f"final report took {seconds} s (> 5 s)")
check(doc["synthetic"] is True, "demo database not marked synthetic")
check(squash(doc["data_statement"]) in cover, "synthetic statement missing on the cover")
check(squash(doc["kind_zh"]) in cover, "kind missing on the cover")
for h in ["一、总体情况", "二、主要指标完成情况", "三、专栏目标完成情况", "四、工作台账推进情况",
          "五、存在问题", "六、附件：指标定义与数据来源"]:
    check(h in text, f"heading {h} missing")
for p in doc["overview"]:
    check(squash(p) in text, f"overview sentence missing: {p}")
rows = doc["main_table"]["rows"]
check(len(rows) >= 10, f"main table has {len(rows)} rows")
by_id = {t["id"]: t for t in status["targets"]}
for r in rows:
    # Each row's figures appear in the PDF in table order (cells may wrap: compare squashed).
    cells = [r["baseline"]] + r["values"] + [r["target"], r["completion"], r["status_zh"]]
    pos = text.find(squash(r["name"])[:6])
    check(pos >= 0, f"row {r['name']} missing")
    for c in cells:
        i = text.find(squash(c), pos)
        check(i >= 0, f"row {r['name']}: figure {c} missing after the row name")
        if i >= 0: pos = i
    want = "数据质量警告" if by_id[r["id"]].get("warning") else by_id[r["id"]]["status_zh"]
    check(r["status_zh"] == want,
          f"{r['id']}: report says {r['status_zh']}, plan status says {want}")
    # Every row of the plan's table has a 2020 column: the report shows it, whatever the status.
    check(r["baseline"] != "—", f"{r['id']}: baseline shown as — (the plan states one)")
    check(squash(r["name"]) in csv or squash(r["name"])[:8] in csv, f"xlsx lacks row {r['name']}")
# One count of targets everywhere: each commitment once (same_as restatements left out).
commitments = sum(1 for t in status["targets"] if not t.get("same_as"))
check(status["summary"]["overall"]["total"] == commitments,
      f"plan status counts {status['summary']['overall']['total']} targets, {commitments} commitments")
check(f"规划共设定量化目标{commitments}项" in squash(doc["overview"][0]),
      f"overview does not count {commitments} targets: {doc['overview'][0]}")
# An impossible value (a retention rate above 100 %) is a data-quality warning, never achieved.
for t in status["targets"]:
    if t["unit"] == "%" and t["value"] is not None and t["value"] > 100 + 1e-9 and \
            t["indicator"] in ("compulsory_retention", "special_needs_enrolment_rate"):
        check(t["status"] != "achieved" and t.get("warning"), f"{t['id']}: {t['value']} % achieved")
led = doc["ledger"]["total"]
check(led["total"] == tasks["counts"]["total"], "ledger totals differ from tasks list")
for k in ["done", "in_progress", "not_started", "late"]:
    check(led[k] == tasks["counts"][k], f"ledger {k}: report {led[k]} vs tasks list {tasks['counts'][k]}")
for s in doc["ledger"]["sections"]:
    line = squash(s["title"])[:10]
    check(line in text, f"ledger section {s['title']} missing")
check(len(doc["charts"]) >= 5, "fewer than 5 trend charts")
check(len(doc["columns"]) == 8, "not 8 专栏")
check(tasks["counts"]["total"] == 49, f"demo ledger has {tasks['counts']['total']} tasks, expected 49")
check(tasks["counts"]["done"] > 0 and tasks["counts"]["late"] > 0, "demo ledger lacks done or late tasks")
e2e = [t for t in tasks2["items"] if t["id"] == "e2e.task"]
check(len(e2e) == 1 and e2e[0]["state"] == "done", "task added through the CLI not done after 100 %")
for p in doc["problems"][:5]:
    check(squash(p["quote"])[:8] in text, f"problem {p['id']} missing")
print(f"report checks: {len(rows)} main rows, {len(doc['problems'])} problems, "
      f"{led['total']} ledger tasks, {len(fails)} failures")
for f in fails: print("FAIL:", f)
sys.exit(1 if fails else 0)
PY
echo "pages: $(ls "$out"/final-page*.png | wc -l) PNGs in $out"
