// `zhijiao tasks list|add|update|progress|notice`: the work ledger (工作台账) from the command
// line. States come from the engine's ledger rules (zj/engine/ledger.h) as of a date; writes are
// validated here (dates, units that exist, percent range) and by the Store.
#include <algorithm>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "cli_util.h"
#include "commands.h"
#include "zj/engine/ledger.h"

namespace zj::cli {
namespace {

using Json = nlohmann::ordered_json;

Date Today() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  return Date{tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

Result<Date> DateArg(const std::string& text, const char* option, std::optional<Date> def) {
  if (text.empty()) {
    if (def) return *def;
    return Status::InvalidArgument(std::string("缺少 ") + option + " 日期（YYYY-MM-DD）");
  }
  auto d = ParseDate(text);
  if (!d) {
    return Status::InvalidArgument(std::string(option) + " 不是有效日期（YYYY-MM-DD）：" + text);
  }
  return *d;
}

// Names of admin units and schools, to validate responsible units and to print them.
Result<std::map<std::string, std::string>> UnitNames(model::Store& s) {
  std::map<std::string, std::string> out;
  ZJ_ASSIGN_OR_RETURN(auto units, s.ListAdminUnits());
  for (const auto& u : units) out[u.code] = u.name;
  ZJ_ASSIGN_OR_RETURN(auto schools, s.ListSchools());
  for (const auto& sc : schools) out[sc.code] = sc.name;
  return out;
}

// Units under `code` (itself, child admin units, schools of its townships) by prefix: admin codes
// nest by prefix (500235 ⊃ 500235101) and schools carry their township code.
bool UnitCovers(const std::string& code, const std::string& unit,
                const std::map<std::string, std::string>& school_township) {
  if (unit.rfind(code, 0) == 0) return true;
  auto it = school_township.find(unit);
  return it != school_township.end() && it->second.rfind(code, 0) == 0;
}

std::string Pct(double v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.0f%%", v);
  return buf;
}

Json RowJson(const engine::LedgerRow& r, const std::map<std::string, std::string>& names) {
  const auto& t = r.task;
  const auto& s = r.status;
  Json j;
  j["id"] = t.id;
  j["title"] = t.title;
  j["unit_code"] = t.unit_code;
  j["unit_name"] = names.count(t.unit_code) ? names.at(t.unit_code) : "";
  j["department"] = t.department;
  j["lead"] = t.lead;
  j["section"] = t.section_id;
  j["due_date"] = t.due_date.ToString();
  j["state"] = engine::TaskStateName(s.state);
  j["state_zh"] = engine::TaskStateNameZh(s.state);
  j["percent"] = s.percent;
  j["quantity"] = s.quantity ? Json(*s.quantity) : Json(nullptr);
  j["planned_quantity"] = t.planned_quantity > 0 ? Json(t.planned_quantity) : Json(nullptr);
  j["quantity_unit"] = t.quantity_unit;
  j["last_report"] = s.last_report ? Json(s.last_report->ToString()) : Json(nullptr);
  j["overdue"] = s.overdue;
  j["overdue_milestones"] = s.overdue_milestones;
  j["stalled"] = s.stalled;
  j["flagged"] = s.flagged();
  j["reason"] = s.reason;
  return j;
}

struct Loaded {
  std::unique_ptr<model::Store> store;
  std::map<std::string, std::string> names;
  std::map<std::string, std::string> school_township;
  std::vector<engine::LedgerRow> rows;
  Date as_of;
};

Result<Loaded> LoadLedger(const TasksListOptions& opt) {
  Loaded l;
  ZJ_ASSIGN_OR_RETURN(l.store, OpenExistingStore(opt.db, /*read_only=*/true));
  ZJ_ASSIGN_OR_RETURN(l.as_of, DateArg(opt.as_of, "--as-of", Today()));
  ZJ_ASSIGN_OR_RETURN(l.names, UnitNames(*l.store));
  ZJ_ASSIGN_OR_RETURN(auto schools, l.store->ListSchools());
  for (const auto& s : schools) l.school_township[s.code] = s.township_code;
  ZJ_ASSIGN_OR_RETURN(auto tasks, l.store->ListTasks());
  ZJ_ASSIGN_OR_RETURN(auto ms, l.store->ListMilestones(""));
  ZJ_ASSIGN_OR_RETURN(auto ps, l.store->ListTaskProgress(""));
  engine::LedgerRules rules;
  rules.stall_days = opt.stall_days;
  l.rows = engine::EvaluateLedger(tasks, ms, ps, l.as_of, rules);
  return l;
}

}  // namespace

int RunTasksList(const TasksListOptions& opt) {
  std::optional<engine::TaskState> state;
  if (!opt.state.empty()) {
    state = engine::ParseTaskState(opt.state);
    if (!state) {
      return FailBadInput(
          "未知状态：" + opt.state +
          "（可选 not_started|in_progress|done|late 或 未开始|进行中|已完成|滞后）");
    }
  }
  if (opt.stall_days < 1) return FailBadInput("--stall-days 须为正整数");
  auto l = LoadLedger(opt);
  if (!l.ok()) return FailWith(l.status());
  if (!opt.unit.empty() && !l->names.count(opt.unit)) {
    return FailBadInput("单位不存在：" + opt.unit);
  }
  std::vector<const engine::LedgerRow*> rows;
  engine::StateCounts counts;
  for (const auto& r : l->rows) {
    if (!opt.unit.empty() && !UnitCovers(opt.unit, r.task.unit_code, l->school_township)) continue;
    if (state && r.status.state != *state) continue;
    if (opt.flagged && !r.status.flagged()) continue;
    rows.push_back(&r);
    counts.Add(r.status);
  }
  if (opt.format == "json") {
    Json out;
    out["as_of"] = l->as_of.ToString();
    out["counts"] = {{"not_started", counts.not_started},
                     {"in_progress", counts.in_progress},
                     {"done", counts.done},
                     {"late", counts.late},
                     {"flagged", counts.flagged},
                     {"total", counts.total()}};
    Json items = Json::array();
    for (const auto* r : rows) items.push_back(RowJson(*r, l->names));
    out["items"] = std::move(items);
    std::cout << out.dump(2) << "\n";
    return kExitOk;
  }
  std::cout << "工作台账（截至 " << l->as_of.ToString() << "）\n";
  for (const auto* r : rows) {
    const auto& t = r->task;
    std::string flags;
    if (r->status.overdue) flags += " [逾期]";
    if (!r->status.overdue_milestones.empty()) flags += " [节点逾期]";
    if (r->status.stalled) flags += " [停滞]";
    std::string qty;
    if (t.planned_quantity > 0 && r->status.quantity) {
      char buf[64];
      std::snprintf(buf, sizeof buf, " %.0f/%.0f%s", *r->status.quantity, t.planned_quantity,
                    t.quantity_unit.c_str());
      qty = buf;
    }
    std::cout << t.id << "\t" << engine::TaskStateNameZh(r->status.state) << "\t"
              << Pct(r->status.percent) << qty << "\t"
              << (l->names.count(t.unit_code) ? l->names.at(t.unit_code) : t.unit_code) << " "
              << t.department << "\t" << t.title << flags << "\n";
  }
  std::cout << "共 " << counts.total() << " 项：已完成 " << counts.done << "，进行中 "
            << counts.in_progress << "，未开始 " << counts.not_started << "，滞后 " << counts.late
            << "；需督办 " << counts.flagged << "\n";
  return kExitOk;
}

int RunTasksNotice(const TasksListOptions& opt) {
  auto l = LoadLedger(opt);
  if (!l.ok()) return FailWith(l.status());
  const auto groups = engine::BuildNotice(l->rows);
  if (opt.format == "json") {
    Json out;
    out["as_of"] = l->as_of.ToString();
    Json g = Json::array();
    for (const auto& grp : groups) {
      Json items = Json::array();
      for (const auto* r : grp.rows) items.push_back(RowJson(*r, l->names));
      g.push_back({{"unit_code", grp.unit_code},
                   {"unit_name", l->names.count(grp.unit_code) ? l->names.at(grp.unit_code) : ""},
                   {"items", items}});
    }
    out["groups"] = std::move(g);
    std::cout << out.dump(2) << "\n";
    return kExitOk;
  }
  std::cout << "督查督办通报（截至 " << l->as_of.ToString() << "）\n";
  if (groups.empty()) std::cout << "无逾期或停滞任务。\n";
  for (const auto& grp : groups) {
    std::cout << "\n【" << (l->names.count(grp.unit_code) ? l->names.at(grp.unit_code) : "") << "（"
              << grp.unit_code << "）】" << grp.rows.size() << " 项\n";
    for (const auto* r : grp.rows) {
      std::cout << "  " << r->task.id << " " << r->task.title << "：" << r->status.reason << "\n";
    }
  }
  return kExitOk;
}

// The task as recorded in its audit entries (the fields a person changes).
std::string TaskAuditJson(const model::Task& t) {
  return nlohmann::json{{"id", t.id},
                        {"title", t.title},
                        {"unit_code", t.unit_code},
                        {"department", t.department},
                        {"lead", t.lead},
                        {"start_date", t.start_date.valid() ? t.start_date.ToString() : ""},
                        {"due_date", t.due_date.ToString()},
                        {"cancelled", t.cancelled},
                        {"note", t.note}}
      .dump();
}

int RunTasksAdd(const TasksAddOptions& opt) {
  auto store = OpenExistingStore(opt.db, /*read_only=*/false);
  if (!store.ok()) return FailWith(store.status());
  model::Store& s = **store;
  if (opt.id.empty() || opt.id.size() > 64 ||
      !std::all_of(opt.id.begin(), opt.id.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
      })) {
    return FailBadInput("任务编号须为 1–64 个字母、数字、点、下划线或连字符：" + opt.id);
  }
  auto existing = s.GetTask(opt.id);
  if (!existing.ok()) return FailWith(existing.status());
  if (existing->has_value())
    return FailBadInput("任务已存在：" + opt.id + "（修改请用 tasks update）");
  auto names = UnitNames(s);
  if (!names.ok()) return FailWith(names.status());
  if (!names->count(opt.unit)) return FailBadInput("责任单位不存在：" + opt.unit);
  auto due = DateArg(opt.due, "--due", std::nullopt);
  if (!due.ok()) return FailWith(due.status());
  auto start = DateArg(opt.start, "--start", Date{});
  if (!start.ok()) return FailWith(start.status());
  if (opt.quantity < 0) return FailBadInput("--quantity 不能为负");
  model::Task t;
  t.id = opt.id;
  t.plan_id = opt.plan;
  t.section_id = opt.section;
  t.title = opt.title;
  t.unit_code = opt.unit;
  t.department = opt.department;
  t.lead = opt.lead;
  t.target_ids = opt.targets;
  t.planned_quantity = opt.quantity;
  t.quantity_unit = opt.quantity_unit;
  t.start_date = *start;
  t.due_date = *due;
  t.note = opt.note;
  Status st = s.RunInTransaction([&]() -> Status {
    ZJ_RETURN_IF_ERROR(s.PutTasks({t}));
    return AuditCli(s, "zhijiao tasks add", "tasks.create", "task:" + t.id, "", TaskAuditJson(t));
  });
  if (!st.ok()) return FailWith(st);
  std::cout << "已添加任务 " << t.id << "\n";
  return kExitOk;
}

int RunTasksUpdate(const TasksUpdateOptions& opt) {
  auto store = OpenExistingStore(opt.db, /*read_only=*/false);
  if (!store.ok()) return FailWith(store.status());
  model::Store& s = **store;
  auto found = s.GetTask(opt.id);
  if (!found.ok()) return FailWith(found.status());
  if (!found->has_value()) return FailBadInput("任务不存在：" + opt.id);
  if (opt.cancel && opt.reopen) return FailBadInput("--cancel 与 --reopen 不能同时使用");
  model::Task t = **found;
  const std::string before = TaskAuditJson(t);
  if (!opt.title.empty()) t.title = opt.title;
  if (!opt.unit.empty()) {
    auto names = UnitNames(s);
    if (!names.ok()) return FailWith(names.status());
    if (!names->count(opt.unit)) return FailBadInput("责任单位不存在：" + opt.unit);
    t.unit_code = opt.unit;
  }
  if (!opt.due.empty()) {
    auto due = DateArg(opt.due, "--due", std::nullopt);
    if (!due.ok()) return FailWith(due.status());
    t.due_date = *due;
  }
  if (!opt.department.empty()) t.department = opt.department;
  if (!opt.lead.empty()) t.lead = opt.lead;
  if (!opt.note.empty()) t.note = opt.note;
  if (opt.cancel) t.cancelled = true;
  if (opt.reopen) t.cancelled = false;
  std::optional<model::Milestone> milestone;
  if (opt.milestone > 0) {
    auto ms = s.ListMilestones(t.id);
    if (!ms.ok()) return FailWith(ms.status());
    for (const auto& m : *ms)
      if (m.seq == opt.milestone) milestone = m;
    if (!milestone) {
      return FailBadInput("任务 " + t.id + " 没有节点 " + std::to_string(opt.milestone));
    }
    auto done = DateArg(opt.done, "--done", std::nullopt);
    if (!done.ok()) return FailWith(done.status());
    milestone->done_date = *done;
  } else if (!opt.done.empty()) {
    return FailBadInput("--done 须与 --milestone SEQ 一起使用");
  }
  Status st = s.RunInTransaction([&]() -> Status {
    ZJ_RETURN_IF_ERROR(s.PutTasks({t}));
    if (milestone) ZJ_RETURN_IF_ERROR(s.PutMilestones({*milestone}));
    std::string after = TaskAuditJson(t);
    if (milestone) {
      after.pop_back();
      after += ",\"milestone\":" + std::to_string(milestone->seq) + ",\"done_date\":\"" +
               milestone->done_date.ToString() + "\"}";
    }
    return AuditCli(s, "zhijiao tasks update", "tasks.update", "task:" + t.id, before, after);
  });
  if (!st.ok()) return FailWith(st);
  std::cout << "已更新任务 " << t.id << "\n";
  return kExitOk;
}

int RunTasksProgress(const TasksProgressOptions& opt) {
  auto store = OpenExistingStore(opt.db, /*read_only=*/false);
  if (!store.ok()) return FailWith(store.status());
  model::Store& s = **store;
  auto found = s.GetTask(opt.id);
  if (!found.ok()) return FailWith(found.status());
  if (!found->has_value()) return FailBadInput("任务不存在：" + opt.id);
  if (!(opt.percent >= 0 && opt.percent <= 100)) {
    return FailBadInput("--percent 须在 0–100 之间");
  }
  if (opt.quantity < 0) return FailBadInput("--quantity 不能为负");
  if (opt.text.empty()) return FailBadInput("缺少 --text（本次进展说明）");
  auto date = DateArg(opt.date, "--date", Today());
  if (!date.ok()) return FailWith(date.status());
  auto existing = s.ListTaskProgress(opt.id);
  if (!existing.ok()) return FailWith(existing.status());
  model::TaskProgress p;
  p.task_id = opt.id;
  p.seq = existing->empty() ? 1 : existing->back().seq + 1;
  p.report_date = *date;
  p.percent = opt.percent;
  p.quantity = opt.quantity;
  p.text = opt.text;
  p.reported_by = opt.by.empty() ? CurrentUser() : opt.by;
  Status st = s.RunInTransaction([&]() -> Status {
    ZJ_RETURN_IF_ERROR(s.PutTaskProgress({p}));
    nlohmann::json after = {{"seq", p.seq},         {"report_date", p.report_date.ToString()},
                            {"percent", p.percent}, {"quantity", p.quantity},
                            {"text", p.text},       {"reported_by", p.reported_by}};
    return AuditCli(s, "zhijiao tasks progress", "tasks.progress", "task:" + p.task_id, "",
                    after.dump());
  });
  if (!st.ok()) return FailWith(st);
  std::cout << "已记录任务 " << p.task_id << " 的第 " << p.seq << " 次进展\n";
  return kExitOk;
}

}  // namespace zj::cli
