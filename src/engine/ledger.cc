// Work ledger state rules, tasks derived from a plan, ledger summaries (see zj/engine/ledger.h).
#include "zj/engine/ledger.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <tuple>

namespace zj::engine {

std::string_view TaskStateName(TaskState s) {
  switch (s) {
    case TaskState::kNotStarted:
      return "not_started";
    case TaskState::kInProgress:
      return "in_progress";
    case TaskState::kDone:
      return "done";
    case TaskState::kLate:
      return "late";
  }
  return "not_started";
}

std::string_view TaskStateNameZh(TaskState s) {
  switch (s) {
    case TaskState::kNotStarted:
      return "未开始";
    case TaskState::kInProgress:
      return "进行中";
    case TaskState::kDone:
      return "已完成";
    case TaskState::kLate:
      return "滞后";
  }
  return "未开始";
}

std::optional<TaskState> ParseTaskState(std::string_view name) {
  for (TaskState s :
       {TaskState::kNotStarted, TaskState::kInProgress, TaskState::kDone, TaskState::kLate}) {
    if (name == TaskStateName(s) || name == TaskStateNameZh(s)) return s;
  }
  return std::nullopt;
}

TaskStatus EvaluateTask(const model::Task& task, const std::vector<model::Milestone>& milestones,
                        const std::vector<model::TaskProgress>& progress, const Date& as_of,
                        const LedgerRules& rules) {
  TaskStatus st;
  // Reports up to the date, in date order (seq breaks ties: later report wins).
  std::vector<const model::TaskProgress*> reports;
  for (const auto& p : progress) {
    if (p.task_id == task.id && p.report_date.valid() && p.report_date <= as_of)
      reports.push_back(&p);
  }
  std::stable_sort(reports.begin(), reports.end(), [](const auto* a, const auto* b) {
    return std::tie(a->report_date, a->seq) < std::tie(b->report_date, b->seq);
  });
  const bool quantified = task.planned_quantity > 0;
  double max_quantity = 0;
  bool any_activity = false;
  if (!reports.empty()) {
    const auto* last = reports.back();
    st.percent = last->percent;
    st.last_report = last->report_date;
    if (quantified) st.quantity = last->quantity;
  }
  for (const auto* p : reports) {
    max_quantity = std::max(max_quantity, p->quantity);
    if (p->percent > 0 || p->quantity > 0) any_activity = true;
  }
  const bool done =
      !reports.empty() &&
      (st.percent >= 100 || (quantified && st.quantity && *st.quantity >= task.planned_quantity));

  int met = 0;
  for (const auto& m : milestones) {
    if (m.task_id != task.id) continue;
    const bool by_date = m.done_date.valid() && m.done_date <= as_of;
    const bool by_quantity = m.planned_quantity > 0 && max_quantity >= m.planned_quantity;
    if (by_date || by_quantity || done) {
      ++met;
      continue;
    }
    if (m.due_date < as_of) st.overdue_milestones.push_back(m.seq);
  }
  std::sort(st.overdue_milestones.begin(), st.overdue_milestones.end());
  if (met > 0) any_activity = true;

  st.overdue = !done && task.due_date < as_of;
  const bool started = !task.start_date.valid() || task.start_date <= as_of;
  if (!done && started) {
    const Date since =
        st.last_report ? *st.last_report : (task.start_date.valid() ? task.start_date : as_of);
    st.days_since_activity = static_cast<int>(as_of.ToDays() - since.ToDays());
    st.stalled = st.days_since_activity > rules.stall_days;
  }

  if (done) {
    st.state = TaskState::kDone;
    st.reason = "已完成（最近一次报告 " + st.last_report->ToString() + "）";
  } else if (st.overdue || !st.overdue_milestones.empty()) {
    st.state = TaskState::kLate;
    st.reason = st.overdue
                    ? "已过完成期限 " + task.due_date.ToString() + " 仍未完成"
                    : "有 " + std::to_string(st.overdue_milestones.size()) + " 个节点逾期未完成";
  } else if (any_activity) {
    st.state = TaskState::kInProgress;
    st.reason = "进行中";
  } else {
    st.state = TaskState::kNotStarted;
    st.reason = "尚无进展报告";
  }
  if (st.stalled) {
    st.reason += "；已 " + std::to_string(st.days_since_activity) + " 天无进展（停滞）";
  }
  return st;
}

namespace {

// The 第三部分 section (kind "section" with a measure_group) a section id sits under, or null.
const PlanSection* MeasureGroupOf(const Plan& plan, std::string_view id) {
  for (const PlanSection* s : plan.SectionPath(id)) {
    if (!s->measure_group.empty()) return s;
  }
  return nullptr;
}

std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : "|") + s;
  return out;
}

}  // namespace

DerivedTasks DeriveTasksFromPlan(const Plan& plan, const std::string& unit_code) {
  DerivedTasks out;
  const int last = plan.last_year;
  const int mid = plan.first_year + (plan.last_year - plan.first_year) / 2;
  const Date start{plan.first_year, 1, 1};
  const Date end{last, 12, 31};
  // Targets under each section (a target counts for its section and every ancestor).
  std::map<std::string, std::vector<const Target*>> targets_under;
  for (const Target& t : plan.targets) {
    if (!t.same_as.empty()) continue;
    for (const PlanSection* s : plan.SectionPath(t.section)) targets_under[s->id].push_back(&t);
  }
  for (const PlanSection& s : plan.sections) {
    if (s.kind != "measure" || !MeasureGroupOf(plan, s.id)) continue;
    model::Task t;
    t.id = s.id;
    t.plan_id = plan.id;
    t.section_id = s.id;
    t.title = s.number + s.title;
    t.unit_code = unit_code;
    std::vector<std::string> ids, codes;
    std::map<std::string, int> areas;
    for (const Target* tg : targets_under[s.id]) {
      ids.push_back(tg->id);
      if (std::find(codes.begin(), codes.end(), tg->ValueCode()) == codes.end())
        codes.push_back(tg->ValueCode());
      ++areas[tg->responsible];
    }
    // The responsible area most targets of the measure name; the measure group otherwise.
    t.department = MeasureGroupOf(plan, s.id)->measure_group;
    int best = 0;
    for (const auto& [area, n] : areas) {
      if (n > best) best = n, t.department = area;
    }
    t.target_ids = Join(ids);
    t.indicators = Join(codes);
    t.start_date = start;
    t.due_date = end;
    out.tasks.push_back(t);
    out.milestones.push_back({t.id, 1, "制定实施方案", {plan.first_year, 12, 31}, {}, 0});
    out.milestones.push_back({t.id, 2, "中期评估：主要任务完成过半", {mid, 12, 31}, {}, 0});
    out.milestones.push_back({t.id, 3, "全面完成", end, {}, 0});
  }
  std::set<std::string> metrics_done;
  for (const Target& tg : plan.targets) {
    if (tg.origin != TargetOrigin::kColumn || tg.metric.empty()) continue;
    if (!metrics_done.insert(tg.metric).second) continue;
    const PlanMetric* m = plan.FindMetric(tg.metric);
    if (!m || m->kind != MetricKind::kCumulativeCount || tg.target.value <= 0) continue;
    model::Task t;
    t.id = tg.id;
    t.plan_id = plan.id;
    t.section_id = tg.section;
    t.title = tg.quote;
    t.unit_code = unit_code;
    t.department = tg.responsible;
    t.target_ids = tg.same_as.empty() ? tg.id : tg.id + "|" + tg.same_as;
    t.indicators = tg.metric;
    t.planned_quantity = tg.target.value;
    t.quantity_unit = tg.unit;
    t.start_date = start;
    t.due_date = Date{tg.target.year, 12, 31};
    out.tasks.push_back(t);
    const double half = std::ceil(tg.target.value / 2);
    out.milestones.push_back({t.id, 1, "中期完成过半", {mid, 12, 31}, {}, half});
    out.milestones.push_back({t.id, 2, "全部完成", t.due_date, {}, tg.target.value});
  }
  std::sort(out.tasks.begin(), out.tasks.end(),
            [](const model::Task& a, const model::Task& b) { return a.id < b.id; });
  return out;
}

void StateCounts::Add(const TaskStatus& s) {
  switch (s.state) {
    case TaskState::kNotStarted:
      ++not_started;
      break;
    case TaskState::kInProgress:
      ++in_progress;
      break;
    case TaskState::kDone:
      ++done;
      break;
    case TaskState::kLate:
      ++late;
      break;
  }
  if (s.flagged()) ++flagged;
}

std::vector<LedgerRow> EvaluateLedger(const std::vector<model::Task>& tasks,
                                      const std::vector<model::Milestone>& milestones,
                                      const std::vector<model::TaskProgress>& progress,
                                      const Date& as_of, const LedgerRules& rules) {
  std::map<std::string, std::vector<model::Milestone>> ms;
  std::map<std::string, std::vector<model::TaskProgress>> ps;
  for (const auto& m : milestones) ms[m.task_id].push_back(m);
  for (const auto& p : progress) ps[p.task_id].push_back(p);
  std::vector<LedgerRow> rows;
  for (const auto& t : tasks) {
    if (t.cancelled) continue;
    rows.push_back({t, EvaluateTask(t, ms[t.id], ps[t.id], as_of, rules)});
  }
  std::sort(rows.begin(), rows.end(),
            [](const LedgerRow& a, const LedgerRow& b) { return a.task.id < b.task.id; });
  return rows;
}

std::vector<LedgerSectionSummary> SummarizeLedgerBySection(const Plan& plan,
                                                           const std::vector<LedgerRow>& rows) {
  std::vector<LedgerSectionSummary> out;
  std::map<std::string, size_t> index;
  for (const PlanSection& s : plan.sections) {
    if (s.measure_group.empty()) continue;
    index[s.id] = out.size();
    out.push_back({s.id, s.measure_group + "：" + s.number + s.title, {}});
  }
  LedgerSectionSummary other{"", "其他", {}};
  for (const LedgerRow& r : rows) {
    const PlanSection* g = MeasureGroupOf(plan, r.task.section_id);
    if (g && index.count(g->id)) {
      out[index[g->id]].counts.Add(r.status);
    } else {
      other.counts.Add(r.status);
    }
  }
  if (other.counts.total() > 0) out.push_back(other);
  return out;
}

std::vector<NoticeGroup> BuildNotice(const std::vector<LedgerRow>& rows) {
  std::map<std::string, std::vector<const LedgerRow*>> by_unit;
  for (const LedgerRow& r : rows) {
    if (r.status.flagged() && r.status.state != TaskState::kDone)
      by_unit[r.task.unit_code].push_back(&r);
  }
  std::vector<NoticeGroup> out;
  for (auto& [unit, list] : by_unit) out.push_back({unit, std::move(list)});
  return out;
}

}  // namespace zj::engine
