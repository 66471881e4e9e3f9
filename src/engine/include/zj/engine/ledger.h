// The work ledger (工作台账) and 督查督办: the state of a plan task as of a date — 未开始, 进行中,
// 已完成, 滞后 — with its overdue milestones and the stalled flag, the tasks a plan yields (one per
// 第三部分 measure, one per quantified 专栏 project), and the 通报 grouping by responsible unit.
// The rules are written out in docs/ledger.md; tests/engine/ledger_cases/ pins them down.
// Pure functions over model records, thread-safe.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "zj/common/date.h"
#include "zj/engine/plan.h"
#include "zj/model/records.h"

namespace zj::engine {

enum class TaskState { kNotStarted, kInProgress, kDone, kLate };
std::string_view TaskStateName(TaskState s);    // "not_started", "in_progress", "done", "late"
std::string_view TaskStateNameZh(TaskState s);  // 未开始, 进行中, 已完成, 滞后
std::optional<TaskState> ParseTaskState(std::string_view name);  // English or Chinese name

// Management thresholds of 督查督办. Not an official standard: the defaults are the product's own
// and configurable (docs/ledger.md).
struct LedgerRules {
  int stall_days = 180;  // a started, unfinished task with no progress report for longer: stalled
};

struct TaskStatus {
  TaskState state = TaskState::kNotStarted;
  double percent = 0;                   // latest reported percent as of the date (0 when none)
  std::optional<double> quantity;       // latest reported quantity (quantified tasks)
  std::optional<Date> last_report;      // date of the latest report as of the date
  bool overdue = false;                 // the task's due date has passed and it is not done
  std::vector<int> overdue_milestones;  // seqs of milestones past due and not met
  bool stalled = false;                 // see LedgerRules::stall_days
  int days_since_activity = 0;          // since the last report (or the start date)
  std::string reason;                   // one Chinese sentence
  bool flagged() const { return overdue || stalled || !overdue_milestones.empty(); }
};

// Evaluates one task as of `as_of` (reports and completions dated later are ignored).
// - done: the latest report has percent ≥ 100, or the task is quantified and the latest reported
//   quantity reaches its planned quantity;
// - a milestone is met when its done date is on or before as_of, or it is quantified and a report
//   on or before as_of reaches its quantity; it is overdue when its due date is before as_of and it
//   is not met;
// - late (滞后): not done and (the task's due date is before as_of or a milestone is overdue);
// - in progress: not done, not late, and a report with percent > 0 or quantity > 0 or a met
//   milestone exists; otherwise not started;
// - stalled: not done, start date on or before as_of, and more than stall_days since the last
//   report (or since the start date when there is none).
TaskStatus EvaluateTask(const model::Task& task, const std::vector<model::Milestone>& milestones,
                        const std::vector<model::TaskProgress>& progress, const Date& as_of,
                        const LedgerRules& rules = {});

// Tasks and milestones a plan yields for its unit (see docs/ledger.md): one task per measure of
// 第三部分 (due at the end of the plan period; milestones 实施方案, 中期过半, 全面完成) and one
// per quantified 专栏 project (a cumulative-count metric target; milestones at half the quantity
// by the end of the midterm year and the full quantity by the end of the period; a 专栏 project
// the plan repeats elsewhere links both targets; one task per metric). Task ids are the section
// or 专栏 target ids.
struct DerivedTasks {
  std::vector<model::Task> tasks;
  std::vector<model::Milestone> milestones;
};
DerivedTasks DeriveTasksFromPlan(const Plan& plan, const std::string& unit_code);

// Counts by state.
struct StateCounts {
  int not_started = 0, in_progress = 0, done = 0, late = 0;
  int flagged = 0;  // overdue, with an overdue milestone, or stalled
  int total() const { return not_started + in_progress + done + late; }
  void Add(const TaskStatus& s);
};

// One row of the ledger: a task and its evaluated status.
struct LedgerRow {
  model::Task task;
  TaskStatus status;
};

// Evaluates every task (cancelled ones are left out) as of the date, in task id order.
std::vector<LedgerRow> EvaluateLedger(const std::vector<model::Task>& tasks,
                                      const std::vector<model::Milestone>& milestones,
                                      const std::vector<model::TaskProgress>& progress,
                                      const Date& as_of, const LedgerRules& rules = {});

// Ledger counts by the plan's 第三部分 section the task sits under (一项重大工程, 五大专项计划 …),
// in plan order; tasks outside those sections count under "其他".
struct LedgerSectionSummary {
  std::string section_id;
  std::string title;
  StateCounts counts;
};
std::vector<LedgerSectionSummary> SummarizeLedgerBySection(const Plan& plan,
                                                           const std::vector<LedgerRow>& rows);

// 通报: the flagged tasks grouped by responsible unit (unit code order, then task id).
struct NoticeGroup {
  std::string unit_code;
  std::vector<const LedgerRow*> rows;
};
std::vector<NoticeGroup> BuildNotice(const std::vector<LedgerRow>& rows);

}  // namespace zj::engine
