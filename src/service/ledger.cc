// Work-ledger use-cases (see zj/service/ledger.h).
#include "zj/service/ledger.h"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

namespace zj::service {
namespace {

using Json = nlohmann::ordered_json;

Date TodayOf(int64_t now) { return Date::FromDays(now / 86400); }

bool Covers(const Scope* scope, const std::string& unit_code) {
  return scope == nullptr || scope->CoversCode(unit_code);
}

bool ValidTaskId(const std::string& id) {
  return !id.empty() && id.size() <= kTaskIdMaxBytes &&
         std::all_of(id.begin(), id.end(), [](char ch) {
           return std::isalnum(static_cast<unsigned char>(ch)) || ch == '.' || ch == '_' ||
                  ch == '-';
         });
}

bool ValidTitle(const std::string& title) {
  return !title.empty() && title.size() <= kTaskTitleMaxBytes;
}

// Whether node `n` is `ancestor` or lies below it.
bool Under(const engine::Hierarchy& h, int n, int ancestor) {
  while (n >= 0 && n != ancestor) n = h.unit(n).parent;
  return n == ancestor;
}

// A unit a task may be given to: it exists and lies in the scope.
Status CheckUnit(const engine::Hierarchy& h, const std::string& unit, const Scope* scope) {
  if (unit.empty() || h.Find(unit) < 0) return Status::InvalidArgument("责任单位不存在：" + unit);
  if (!Covers(scope, unit)) return Status::PermissionDenied("无权把任务交给该单位：" + unit);
  return Status::Ok();
}

Result<std::vector<engine::LedgerRow>> VisibleRows(model::Store& store, const Date& as_of,
                                                   const engine::LedgerRules& rules,
                                                   const Scope* scope) {
  ZJ_ASSIGN_OR_RETURN(auto tasks, store.ListTasks());
  std::erase_if(tasks, [&](const model::Task& t) { return !Covers(scope, t.unit_code); });
  ZJ_ASSIGN_OR_RETURN(auto ms, store.ListMilestones(""));
  ZJ_ASSIGN_OR_RETURN(auto ps, store.ListTaskProgress(""));
  return engine::EvaluateLedger(tasks, ms, ps, as_of, rules);
}

}  // namespace

std::string TaskAuditJson(const model::Task& t) {
  return Json{{"id", t.id},
              {"plan_id", t.plan_id},
              {"section_id", t.section_id},
              {"title", t.title},
              {"unit_code", t.unit_code},
              {"department", t.department},
              {"lead", t.lead},
              {"target_ids", t.target_ids},
              {"planned_quantity", t.planned_quantity},
              {"quantity_unit", t.quantity_unit},
              {"start_date", t.start_date.valid() ? t.start_date.ToString() : ""},
              {"due_date", t.due_date.ToString()},
              {"cancelled", t.cancelled},
              {"note", t.note}}
      .dump();
}

std::string ProgressAuditJson(const model::TaskProgress& p) {
  return Json{{"seq", p.seq},         {"report_date", p.report_date.ToString()},
              {"percent", p.percent}, {"quantity", p.quantity},
              {"text", p.text},       {"reported_by", p.reported_by}}
      .dump();
}

Result<LedgerView> ListLedger(model::Store& store, const engine::Hierarchy& h,
                              const LedgerQuery& query, const Scope* scope) {
  int unit_node = -1;
  if (query.unit && !query.unit->empty()) {
    unit_node = h.Find(*query.unit);
    if (unit_node < 0) return Status::NotFound("单位不存在：" + *query.unit);
    if (!Covers(scope, *query.unit)) {
      return Status::PermissionDenied("无权查看该单位的任务：" + *query.unit);
    }
  }
  if (query.rules.stall_days < 1) return Status::InvalidArgument("停滞天数须为正整数");
  ZJ_ASSIGN_OR_RETURN(auto rows, VisibleRows(store, query.as_of, query.rules, scope));
  LedgerView v;
  v.as_of = query.as_of;
  for (auto& r : rows) {
    if (unit_node >= 0 && !Under(h, h.Find(r.task.unit_code), unit_node)) continue;
    if (query.state && r.status.state != *query.state) continue;
    if (query.flagged_only && !r.status.flagged()) continue;
    v.counts.Add(r.status);
    v.rows.push_back(std::move(r));
  }
  return v;
}

Result<NoticeView> BuildLedgerNotice(model::Store& store, const engine::Hierarchy& h,
                                     const Date& as_of, const engine::LedgerRules& rules,
                                     const Scope* scope) {
  LedgerQuery q;
  q.as_of = as_of;
  q.rules = rules;
  NoticeView n;
  ZJ_ASSIGN_OR_RETURN(n.view, ListLedger(store, h, q, scope));
  n.groups = engine::BuildNotice(n.view.rows);
  return n;
}

Result<TaskBundle> LoadTask(model::Store& store, const std::string& id, const Scope* scope) {
  ZJ_ASSIGN_OR_RETURN(auto t, store.GetTask(id));
  if (!t) return Status::NotFound("任务不存在：" + id);
  if (!Covers(scope, t->unit_code)) {
    return Status::PermissionDenied("无权访问该任务（责任单位不在本账户范围内）：" + id);
  }
  TaskBundle b;
  b.task = std::move(*t);
  ZJ_ASSIGN_OR_RETURN(b.milestones, store.ListMilestones(id));
  ZJ_ASSIGN_OR_RETURN(b.progress, store.ListTaskProgress(id));
  ZJ_ASSIGN_OR_RETURN(b.evidence, store.ListEvidence(id));
  return b;
}

Result<model::Task> CreateTask(model::Store& store, const engine::Hierarchy& h, const NewTask& in,
                               const Scope* scope, const Actor& actor, int64_t now) {
  if (in.id && !ValidTaskId(*in.id)) {
    return Status::InvalidArgument("任务编号须为 1–64 个字母、数字、点、下划线或连字符：" + *in.id);
  }
  if (!ValidTitle(in.title)) return Status::InvalidArgument("任务名称不能为空（上限 500 字节）");
  if (in.unit_code.empty() || h.Find(in.unit_code) < 0) {
    return Status::InvalidArgument("责任单位不存在：" + in.unit_code);
  }
  if (!Covers(scope, in.unit_code)) {
    return Status::PermissionDenied("无权为该单位创建任务：" + in.unit_code);
  }
  if (!in.due_date || !in.due_date->valid()) {
    return Status::InvalidArgument("缺少完成期限（due_date，YYYY-MM-DD）");
  }
  if (in.start_date && in.start_date->valid() && *in.due_date < *in.start_date) {
    return Status::InvalidArgument("完成期限不能早于开始日期");
  }
  if (!(in.planned_quantity >= 0)) return Status::InvalidArgument("计划数量不能为负");
  model::Task t;
  t.plan_id = in.plan_id;
  t.section_id = in.section_id;
  t.title = in.title;
  t.unit_code = in.unit_code;
  t.department = in.department;
  t.lead = in.lead;
  t.target_ids = in.target_ids;
  t.planned_quantity = in.planned_quantity;
  t.quantity_unit = in.quantity_unit;
  if (in.start_date) t.start_date = *in.start_date;
  t.due_date = *in.due_date;
  t.note = in.note;
  if (in.id) {
    t.id = *in.id;
    ZJ_ASSIGN_OR_RETURN(auto existing, store.GetTask(t.id));
    if (existing) return Status::AlreadyExists("任务已存在：" + t.id);
  } else {
    std::string day = TodayOf(now).ToString();  // YYYY-MM-DD
    day.erase(std::remove(day.begin(), day.end(), '-'), day.end());
    for (int n = 1;; ++n) {  // the first free number
      t.id = "T" + day + "-" + std::to_string(n);
      ZJ_ASSIGN_OR_RETURN(auto taken, store.GetTask(t.id));
      if (!taken) break;
    }
  }
  ZJ_RETURN_IF_ERROR(store.RunInTransaction([&]() -> Status {
    ZJ_RETURN_IF_ERROR(store.PutTasks({t}));
    return AuditChange(store, actor, "tasks.create", "task:" + t.id, "", TaskAuditJson(t), now);
  }));
  return t;
}

Result<model::Task> UpdateTask(model::Store& store, const engine::Hierarchy& h,
                               const std::string& id, const TaskPatch& patch, const Scope* scope,
                               const Actor& actor, int64_t now) {
  ZJ_ASSIGN_OR_RETURN(TaskBundle b, LoadTask(store, id, scope));
  model::Task t = b.task;
  if (patch.title) {
    if (!ValidTitle(*patch.title)) {
      return Status::InvalidArgument("任务名称不能为空（上限 500 字节）");
    }
    t.title = *patch.title;
  }
  if (patch.unit_code) {
    ZJ_RETURN_IF_ERROR(CheckUnit(h, *patch.unit_code, scope));
    t.unit_code = *patch.unit_code;
  }
  if (patch.due_date) {
    if (!patch.due_date->valid()) return Status::InvalidArgument("完成期限不是有效日期");
    t.due_date = *patch.due_date;
  }
  if (patch.department) t.department = *patch.department;
  if (patch.lead) t.lead = *patch.lead;
  if (patch.note) t.note = *patch.note;
  if (patch.cancelled) t.cancelled = *patch.cancelled;
  std::vector<model::Milestone> changed;
  for (const MilestoneDone& d : patch.milestones) {
    auto found = std::find_if(b.milestones.begin(), b.milestones.end(),
                              [&](const model::Milestone& m) { return m.seq == d.seq; });
    if (found == b.milestones.end()) {
      return Status::InvalidArgument("任务 " + t.id + " 没有节点 " + std::to_string(d.seq));
    }
    if (d.done_date.valid() && d.done_date > TodayOf(now)) {
      return Status::InvalidArgument("节点完成日期不能晚于今天");
    }
    model::Milestone m = *found;
    m.done_date = d.done_date;
    changed.push_back(m);
  }
  Json after = Json::parse(TaskAuditJson(t));
  if (!changed.empty()) {
    Json a = Json::array();
    for (const auto& m : changed) {
      a.push_back({{"seq", m.seq},
                   {"done_date", m.done_date.valid() ? Json(m.done_date.ToString()) : Json()}});
    }
    after["milestones_changed"] = a;
  }
  ZJ_RETURN_IF_ERROR(store.RunInTransaction([&]() -> Status {
    ZJ_RETURN_IF_ERROR(store.PutTasks({t}));
    if (!changed.empty()) ZJ_RETURN_IF_ERROR(store.PutMilestones(changed));
    return AuditChange(store, actor, "tasks.update", "task:" + t.id, TaskAuditJson(b.task),
                       after.dump(), now);
  }));
  return t;
}

Result<model::TaskProgress> AddProgress(model::Store& store, const std::string& task_id,
                                        const NewProgress& in, const Scope* scope,
                                        const Actor& actor, int64_t now) {
  ZJ_ASSIGN_OR_RETURN(TaskBundle b, LoadTask(store, task_id, scope));
  if (!(in.percent >= 0 && in.percent <= 100)) {
    return Status::InvalidArgument("完成百分比须为 0–100 的数字");
  }
  if (in.quantity && !(*in.quantity >= 0)) return Status::InvalidArgument("完成数量不能为负");
  if (in.text.empty() || in.text.size() > kProgressTextMaxBytes) {
    return Status::InvalidArgument("进展说明不能为空（上限 4000 字节）");
  }
  const Date today = TodayOf(now);
  if (in.report_date && !in.report_date->valid()) {
    return Status::InvalidArgument("报告日期不是有效日期（YYYY-MM-DD）");
  }
  if (in.report_date && *in.report_date > today) {
    return Status::InvalidArgument("报告日期不能晚于今天");
  }
  model::TaskProgress p;
  p.task_id = b.task.id;
  p.seq = b.progress.empty() ? 1 : b.progress.back().seq + 1;
  p.report_date = in.report_date.value_or(today);
  p.percent = in.percent;
  p.quantity = in.quantity.value_or(0);
  p.text = in.text;
  p.reported_by = in.reported_by;
  ZJ_RETURN_IF_ERROR(store.RunInTransaction([&]() -> Status {
    ZJ_RETURN_IF_ERROR(store.PutTaskProgress({p}));
    return AuditChange(store, actor, "tasks.progress", "task:" + p.task_id, "",
                       ProgressAuditJson(p), now);
  }));
  return p;
}

}  // namespace zj::service
