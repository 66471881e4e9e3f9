// The work ledger (工作台账) use-cases, shared by `zhijiao tasks …` and /api/v1/tasks: list the
// tasks a scope sees with their state as of a date, create a task, change it, record progress.
// Each write validates its input, runs in one transaction and appends its audit entry inside
// that transaction (the change and its record commit together or not at all).
//
// A scope of nullptr is the local operator at the command line (every unit); the server passes
// the account's scope, and tasks outside it are "not found / not permitted" exactly as the API
// documents.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "zj/common/date.h"
#include "zj/common/status.h"
#include "zj/engine/hierarchy.h"
#include "zj/engine/ledger.h"
#include "zj/model/records.h"
#include "zj/model/store.h"
#include "zj/service/accounts.h"
#include "zj/service/permissions.h"

namespace zj::service {

// Limits shared by both faces.
inline constexpr size_t kTaskIdMaxBytes = 64;
inline constexpr size_t kTaskTitleMaxBytes = 500;
inline constexpr size_t kProgressTextMaxBytes = 4000;

// ---- reading ----

struct LedgerQuery {
  Date as_of;                              // required
  std::optional<std::string> unit;         // only tasks of this unit and the units below it
  std::optional<engine::TaskState> state;  // only tasks in this state
  bool flagged_only = false;               // only tasks that need 督办
  engine::LedgerRules rules;               // stall threshold
};

struct LedgerView {
  Date as_of;
  std::vector<engine::LedgerRow> rows;  // the selected rows, in task id order
  engine::StateCounts counts;           // of the selected rows
};

// The tasks `scope` sees (nullptr: all), evaluated as of query.as_of and filtered. kNotFound for
// an unknown query.unit, kPermissionDenied for a unit outside the scope.
Result<LedgerView> ListLedger(model::Store& store, const engine::Hierarchy& h,
                              const LedgerQuery& query, const Scope* scope);

// 督查督办通报 over every flagged task the scope sees (engine::BuildNotice): the groups point into
// view.rows, which the caller keeps.
struct NoticeView {
  LedgerView view;
  std::vector<engine::NoticeGroup> groups;
};
Result<NoticeView> BuildLedgerNotice(model::Store& store, const engine::Hierarchy& h,
                                     const Date& as_of, const engine::LedgerRules& rules,
                                     const Scope* scope);

// One task with its milestones, progress and evidence. kNotFound for an unknown id,
// kPermissionDenied when its unit is outside the scope.
struct TaskBundle {
  model::Task task;
  std::vector<model::Milestone> milestones;
  std::vector<model::TaskProgress> progress;
  std::vector<model::Evidence> evidence;
};
Result<TaskBundle> LoadTask(model::Store& store, const std::string& id, const Scope* scope);

// ---- writing ----

struct NewTask {
  std::optional<std::string> id;  // absent: numbered T<yyyymmdd>-<n>, the first free n
  std::string title;
  std::string unit_code;
  std::optional<Date> due_date;  // required
  std::optional<Date> start_date;
  std::string plan_id;
  std::string section_id;
  std::string department;
  std::string lead;
  std::string target_ids;
  double planned_quantity = 0;
  std::string quantity_unit;
  std::string note;
};

// Validates (id syntax, title 1–500 bytes, unit exists and lies in the scope, due date given,
// quantity ≥ 0) and creates the task, audited as "tasks.create". kAlreadyExists for a taken id.
Result<model::Task> CreateTask(model::Store& store, const engine::Hierarchy& h, const NewTask& t,
                               const Scope* scope, const Actor& actor, int64_t now);

// Fields to change; absent ones stay. A milestone entry sets (or, with an invalid date, clears)
// the done date of the milestone with that sequence number.
struct MilestoneDone {
  int seq = 0;
  Date done_date;
};
struct TaskPatch {
  std::optional<std::string> title;
  std::optional<std::string> unit_code;
  std::optional<Date> due_date;
  std::optional<std::string> department;
  std::optional<std::string> lead;
  std::optional<std::string> note;
  std::optional<bool> cancelled;
  std::vector<MilestoneDone> milestones;
};

// Applies the patch, audited as "tasks.update" with before and after. kNotFound /
// kPermissionDenied as LoadTask; kInvalidArgument for a bad field or an unknown milestone.
Result<model::Task> UpdateTask(model::Store& store, const engine::Hierarchy& h,
                               const std::string& id, const TaskPatch& patch, const Scope* scope,
                               const Actor& actor, int64_t now);

struct NewProgress {
  double percent = -1;              // 0–100, required
  std::optional<double> quantity;   // ≥ 0
  std::string text;                 // 1–4000 bytes
  std::optional<Date> report_date;  // default today; never later than today
  std::string reported_by;
};

// Records the next progress report of a task (sequence number = last + 1), audited as
// "tasks.progress".
Result<model::TaskProgress> AddProgress(model::Store& store, const std::string& task_id,
                                        const NewProgress& p, const Scope* scope,
                                        const Actor& actor, int64_t now);

// The task and progress records as written into audit entries (JSON text).
std::string TaskAuditJson(const model::Task& t);
std::string ProgressAuditJson(const model::TaskProgress& p);

}  // namespace zj::service
