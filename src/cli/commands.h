// Declarations of the command functions (one cmd_*.cc each). Options arrive as plain structs
// so that only cli_main.cc includes CLI11. Every function returns the process exit code and
// writes its one-line error to stderr.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace zj::cli {

inline constexpr const char* kVersion = "0.1.0";

// zhijiao demo --db FILE [--seed N] [--counties K] [--years A-B]
struct DemoOptions {
  std::string db;
  uint64_t seed = 1;
  int counties = 1;
  std::string years = "2012-2025";  // 2012 so that the 2020 巩固率 (t−8) is computable
};
int RunDemo(const DemoOptions& opt);

// zhijiao init --db FILE --county CODE --password-stdin [--admin NAME] [--county-name NAME]
// A new, empty, non-synthetic county database with one administrator (password from stdin).
struct InitOptions {
  std::string db;
  std::string county;       // 6-digit 县级行政区划代码
  std::string county_name;  // "" = from the embedded code table (else the code)
  std::string admin = "admin";
  bool password_stdin = false;
};
int RunInit(const InitOptions& opt);

// zhijiao info --db FILE [--format text|json]
struct InfoOptions {
  std::string db;
  std::string format = "text";
};
int RunInfo(const InfoOptions& opt);

// zhijiao user add|list|disable|enable|passwd|grant-personal|token --db FILE …
struct UserOptions {
  std::string action;
  std::string db;
  std::string name;
  std::string role;
  std::string unit;
  std::string display_name;
  bool password_stdin = false;
  bool revoke = false;    // grant-personal --revoke
  std::string label;      // token --label
  int expires_days = 90;  // token --expires-days (0 = never)
};
int RunUser(const UserOptions& opt);

// zhijiao audit verify|list --db FILE [--limit N]; verify exits 3 when the chain is broken.
inline constexpr int kExitAuditBroken = 3;
struct AuditOptions {
  std::string action;
  std::string db;
  int limit = 50;
};
int RunAudit(const AuditOptions& opt);

// zhijiao map import --db FILE [--check] GEOJSON | map remove --db FILE (zj/service/map.h)
struct MapOptions {
  std::string action;  // import, remove
  std::string db;
  std::string file;
  bool check = false;
};
int RunMap(const MapOptions& opt);

// zhijiao project --db FILE [--base-year Y] [--horizon H] [--scenario FILE] [--format json|table]
struct ProjectOptions {
  std::string db;
  int base_year = 0;  // 0 = last registry year
  int horizon = 10;
  std::string scenario;
  std::string format = "json";
  std::string out;  // --format xlsx: the workbook to write
};
int RunProject(const ProjectOptions& opt);

// zhijiao project series --births FILE --births-column COL --history FILE --column FIELD=COL …
//   [--base-year Y] [--horizon H] [--window K] [--format json]
struct ProjectSeriesOptions {
  std::string births;
  std::string births_column;
  std::string history;
  std::vector<std::string> columns;
  int base_year = 0;  // 0 = last year with history
  int horizon = 5;
  int window = 1;
  std::string format = "json";
};
int RunProjectSeries(const ProjectSeriesOptions& opt);

// zhijiao backtest --db FILE [--base-years A-B] [--max-lead L] [--scenario FILE] [--format
// json|table]
struct BacktestCliOptions {
  std::string db;
  std::string base_years;
  int max_lead = 5;
  std::string scenario;
  std::string format = "table";
};
int RunBacktest(const BacktestCliOptions& opt);

// zhijiao plan targets [--db FILE] [--plan ID] [--format table|json]
// With --db the plan is read from the database (default: its adopted plan, zj/service/plans.h);
// without, the embedded plan (default yunyang-2021-2025).
struct PlanTargetsOptions {
  std::string db;
  std::string plan;
  std::string format = "table";
};
int RunPlanTargets(const PlanTargetsOptions& opt);

// zhijiao plan status --db FILE --year Y [--plan ID] [--format table|json]
struct PlanStatusOptions {
  std::string db;
  int year = 0;
  std::string plan;  // "" = the database's default plan
  std::string format = "table";
};
int RunPlanStatus(const PlanStatusOptions& opt);

// zhijiao plan extract FILE [--format json|table]: draft targets from a plan document
// (text, .docx or PDF with a text layer).
struct PlanExtractOptions {
  std::string file;
  std::string format = "json";
};
int RunPlanExtract(const PlanExtractOptions& opt);

// Plans in the database (docs/plan.md §7): zhijiao plan import --db FILE [--status
// adopted|draft] PLAN.json; plan list --db FILE [--format table|json]; plan show --db FILE ID
// [--format table|json]; plan export --db FILE ID [--out FILE]; plan delete --db FILE ID.
struct PlanDbOptions {
  std::string db;
  std::string id;    // plan id (show, export, delete)
  std::string file;  // plan file (import)
  std::string status = "adopted";
  std::string format = "table";
  std::string out;  // export: "" = stdout
};
int RunPlanImport(const PlanDbOptions& opt);
int RunPlanList(const PlanDbOptions& opt);
int RunPlanShow(const PlanDbOptions& opt);
int RunPlanExport(const PlanDbOptions& opt);
int RunPlanDelete(const PlanDbOptions& opt);

// zhijiao indicators --db FILE --unit CODE --year Y [--codes a,b] [--format table|json|csv]
struct IndicatorsOptions {
  std::string db;
  std::string unit;
  int year = 0;
  std::string codes;  // comma-separated; empty = the whole catalog
  std::string format = "table";
};
int RunIndicators(const IndicatorsOptions& opt);

// zhijiao evaluate --framework yz2017|jb2012|xq2020|class-size --db FILE --year Y [--unit CODE]
//   [--format json|table|xlsx] [--out FILE] [--config FILE] [--scenario FILE]
// zhijiao evaluate remedy --db FILE --year Y [--unit CODE] [--format json|xlsx] [--out FILE] …
struct EvaluateOptions {
  std::string framework;
  std::string db;
  int year = 0;
  std::string unit;  // "" = the county
  std::string format = "json";
  std::string out;
  std::string config;    // JSON overrides (docs/evaluation.md)
  std::string scenario;  // what-if changes (docs/evaluation.md)
};
int RunEvaluate(const EvaluateOptions& opt);
int RunEvaluateRemedy(const EvaluateOptions& opt);

// zhijiao indicators explain CODE --db FILE --unit CODE --year Y [--format json|text] [--top N]
struct ExplainOptions {
  std::string code;
  std::string db;
  std::string unit;
  int year = 0;
  std::string format = "text";
  int top = 10;
};
int RunIndicatorsExplain(const ExplainOptions& opt);

// zhijiao import --db FILE --table NAME [--year Y] FILE [--check] [--report OUT.json]
//                [--report-xlsx OUT.xlsx] [--sheet NAME] [--user NAME]
struct ImportCliOptions {
  std::string db, table, file, report, report_xlsx, sheet, user;
  int year = 0;
  bool check = false;
  bool new_year = false;  // admit a year the database does not hold yet (besides the next one)
};
int RunImport(const ImportCliOptions& opt);
// zhijiao import undo --db FILE ID [--user NAME]
struct ImportUndoOptions {
  std::string db, user;
  int64_t id = 0;
};
int RunImportUndo(const ImportUndoOptions& opt);
// zhijiao import list --db FILE
struct ImportListOptions {
  std::string db;
};
int RunImportList(const ImportListOptions& opt);
// The OS user name (recorded in the import journal).
std::string CurrentUser();

// zhijiao export --db FILE --table NAME [--unit CODE] [--year Y] --out FILE [--unmasked]
struct ExportCliOptions {
  std::string db, table, unit, out;
  int year = 0;
  bool unmasked = false;
};
int RunExport(const ExportCliOptions& opt);

// zhijiao template TABLE --out FILE.xlsx
struct TemplateOptions {
  std::string table, out;
};
int RunTemplate(const TemplateOptions& opt);

// ---- work ledger (cmd_tasks.cc) ----
// zhijiao tasks list --db FILE [--unit CODE] [--state S] [--flagged] [--as-of DATE]
//                    [--format table|json]
struct TasksListOptions {
  std::string db, unit, state, as_of, format = "table";
  bool flagged = false;
  int stall_days = 180;
};
int RunTasksList(const TasksListOptions& opt);
// zhijiao tasks add --db FILE --id ID --title T --unit CODE --due DATE [--start DATE]
//                   [--department D] [--lead L] [--section S] [--targets a|b]
//                   [--quantity Q --quantity-unit U] [--note N]
struct TasksAddOptions {
  std::string db, id, title, unit, due, start, department, lead, section, targets, quantity_unit,
      note, plan = "yunyang-2021-2025";
  double quantity = 0;
};
int RunTasksAdd(const TasksAddOptions& opt);
// zhijiao tasks update --db FILE ID [--title T] [--unit CODE] [--due DATE] [--department D]
//                      [--lead L] [--note N] [--cancel|--reopen] [--milestone SEQ --done DATE]
struct TasksUpdateOptions {
  std::string db, id, title, unit, due, department, lead, note, done;
  bool cancel = false, reopen = false;
  int milestone = 0;
};
int RunTasksUpdate(const TasksUpdateOptions& opt);
// zhijiao tasks progress --db FILE ID --percent P [--quantity Q] [--date DATE] --text T [--by NAME]
struct TasksProgressOptions {
  std::string db, id, date, text, by;
  double percent = -1, quantity = 0;
};
int RunTasksProgress(const TasksProgressOptions& opt);
// zhijiao tasks notice --db FILE [--as-of DATE] [--format table|json]  (督查督办通报)
int RunTasksNotice(const TasksListOptions& opt);

// zhijiao report evaluation --db FILE [--plan ID] [--year Y] --kind annual|midterm|final
//                           --format pdf|xlsx|json --out FILE [--as-of DATE]
struct ReportEvaluationOptions {
  std::string db, plan, kind = "final", format = "pdf", out, as_of;  // plan "" = db default
  int year = 0;
};
int RunReportEvaluation(const ReportEvaluationOptions& opt);

// zhijiao fitness score --in FILE.csv|xlsx [--sheet NAME] [--format json|table]
// (国家学生体质健康标准 scoring of the national upload layout; docs/fitness.md). Exit 2 when the
// file is unreadable or any row has a bad cell (the other rows are still printed).
struct FitnessScoreOptions {
  std::string in, sheet, format = "json";
};
int RunFitnessScore(const FitnessScoreOptions& opt);

// zhijiao admission run|verify|commit|demo-input (义务教育招生派位, docs/admission.md). Input is
// the JSON file of --in (the --db/--year form waits for the application tables of issue #17).
// verify exits kExitAdmissionMismatch when the published result differs from the re-run.
inline constexpr int kExitAdmissionMismatch = 3;
struct AdmissionOptions {
  std::string action;  // run, verify, commit, demo-input
  std::string in;
  std::string seed;    // run/verify: the seed fixed at the draw
  std::string result;  // verify: the published result document
  std::string format = "json";
  std::string out;           // demo-input: file to write
  uint64_t demo_seed = 1;    // demo-input --seed
  int schools = 400;         // demo-input
  int applications = 20000;  // demo-input
};
int RunAdmissionCommand(const AdmissionOptions& opt);

// zhijiao migrate --from FILE.db --to postgresql://… [--replace] (docs/postgresql.md): copies
// every table and compares both sides table by table; exits kExitMigrateDiffers on a difference.
inline constexpr int kExitMigrateDiffers = 3;
struct MigrateOptions {
  std::string from;      // SQLite database file
  std::string to;        // PostgreSQL URL
  bool replace = false;  // overwrite a target that already holds data
};
int RunMigrate(const MigrateOptions& opt);

}  // namespace zj::cli
