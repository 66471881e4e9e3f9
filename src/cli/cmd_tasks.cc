// `zhijiao tasks list|add|update|progress|notice`: the work ledger (工作台账) from the command
// line: argument parsing and output only; the rules, validation and audit are the service's
// (zj/service/ledger.h), shared with /api/v1/tasks.
#include <algorithm>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "cli_util.h"
#include "commands.h"
#include "zj/engine/ledger.h"
#include "zj/service/ledger.h"

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

// The local operator's identity for the audit entry of `command`.
service::Actor ActorFor(const char* command) {
  service::Actor a = service::CliActor();
  a.address += std::string(" (") + command + ")";
  return a;
}

int64_t Now() { return static_cast<int64_t>(std::time(nullptr)); }

struct Loaded {
  std::map<std::string, std::string> names;
  service::NoticeView notice;  // view = the selected rows; groups only for the notice
};

Result<Loaded> LoadLedger(const TasksListOptions& opt, std::optional<engine::TaskState> state,
                          bool notice) {
  ZJ_ASSIGN_OR_RETURN(auto store, OpenExistingStore(opt.db, /*read_only=*/true));
  ZJ_ASSIGN_OR_RETURN(auto h, service::LoadHierarchy(*store));
  Loaded l;
  ZJ_ASSIGN_OR_RETURN(l.names, UnitNames(*store));
  engine::LedgerRules rules;
  rules.stall_days = opt.stall_days;
  ZJ_ASSIGN_OR_RETURN(Date as_of, DateArg(opt.as_of, "--as-of", Today()));
  if (notice) {
    ZJ_ASSIGN_OR_RETURN(l.notice,
                        service::BuildLedgerNotice(*store, *h, as_of, rules, /*scope=*/nullptr));
    return l;
  }
  service::LedgerQuery q;
  q.as_of = as_of;
  q.rules = rules;
  if (!opt.unit.empty()) q.unit = opt.unit;
  q.state = state;
  q.flagged_only = opt.flagged;
  ZJ_ASSIGN_OR_RETURN(l.notice.view, service::ListLedger(*store, *h, q, /*scope=*/nullptr));
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
  auto l = LoadLedger(opt, state, /*notice=*/false);
  if (!l.ok()) return FailWith(l.status());
  const service::LedgerView& v = l->notice.view;
  const engine::StateCounts& counts = v.counts;
  if (opt.format == "json") {
    Json out;
    out["as_of"] = v.as_of.ToString();
    out["counts"] = {{"not_started", counts.not_started},
                     {"in_progress", counts.in_progress},
                     {"done", counts.done},
                     {"late", counts.late},
                     {"flagged", counts.flagged},
                     {"total", counts.total()}};
    Json items = Json::array();
    for (const auto& r : v.rows) items.push_back(RowJson(r, l->names));
    out["items"] = std::move(items);
    std::cout << out.dump(2) << "\n";
    return kExitOk;
  }
  std::cout << "工作台账（截至 " << v.as_of.ToString() << "）\n";
  for (const engine::LedgerRow& row : v.rows) {
    const engine::LedgerRow* r = &row;
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
  if (opt.stall_days < 1) return FailBadInput("--stall-days 须为正整数");
  auto l = LoadLedger(opt, std::nullopt, /*notice=*/true);
  if (!l.ok()) return FailWith(l.status());
  const auto& groups = l->notice.groups;
  if (opt.format == "json") {
    Json out;
    out["as_of"] = l->notice.view.as_of.ToString();
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
  std::cout << "督查督办通报（截至 " << l->notice.view.as_of.ToString() << "）\n";
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

// Opens the database and its hierarchy for a write.
struct Writable {
  std::unique_ptr<model::Store> store;
  std::shared_ptr<const engine::Hierarchy> h;
};
Result<Writable> OpenWritable(const std::string& db) {
  Writable w;
  ZJ_ASSIGN_OR_RETURN(w.store, OpenExistingStore(db, /*read_only=*/false));
  ZJ_ASSIGN_OR_RETURN(w.h, service::LoadHierarchy(*w.store));
  return w;
}

// An optional date option: absent when empty.
Result<std::optional<Date>> OptDateArg(const std::string& text, const char* option) {
  if (text.empty()) return std::optional<Date>();
  ZJ_ASSIGN_OR_RETURN(Date d, DateArg(text, option, std::nullopt));
  return std::optional<Date>(d);
}

int RunTasksAdd(const TasksAddOptions& opt) {
  auto w = OpenWritable(opt.db);
  if (!w.ok()) return FailWith(w.status());
  service::NewTask t;
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
  t.note = opt.note;
  auto due = OptDateArg(opt.due, "--due");
  if (!due.ok()) return FailWith(due.status());
  t.due_date = *due;
  auto start = OptDateArg(opt.start, "--start");
  if (!start.ok()) return FailWith(start.status());
  t.start_date = *start;
  auto created = service::CreateTask(*w->store, *w->h, t, /*scope=*/nullptr,
                                     ActorFor("zhijiao tasks add"), Now());
  if (!created.ok()) return FailWith(created.status());
  std::cout << "已添加任务 " << created->id << "\n";
  return kExitOk;
}

int RunTasksUpdate(const TasksUpdateOptions& opt) {
  if (opt.cancel && opt.reopen) return FailBadInput("--cancel 与 --reopen 不能同时使用");
  if (opt.milestone <= 0 && !opt.done.empty()) {
    return FailBadInput("--done 须与 --milestone SEQ 一起使用");
  }
  auto w = OpenWritable(opt.db);
  if (!w.ok()) return FailWith(w.status());
  service::TaskPatch p;
  if (!opt.title.empty()) p.title = opt.title;
  if (!opt.unit.empty()) p.unit_code = opt.unit;
  auto due = OptDateArg(opt.due, "--due");
  if (!due.ok()) return FailWith(due.status());
  p.due_date = *due;
  if (!opt.department.empty()) p.department = opt.department;
  if (!opt.lead.empty()) p.lead = opt.lead;
  if (!opt.note.empty()) p.note = opt.note;
  if (opt.cancel) p.cancelled = true;
  if (opt.reopen) p.cancelled = false;
  if (opt.milestone > 0) {
    auto done = DateArg(opt.done, "--done", std::nullopt);
    if (!done.ok()) return FailWith(done.status());
    p.milestones.push_back({opt.milestone, *done});
  }
  auto updated = service::UpdateTask(*w->store, *w->h, opt.id, p, /*scope=*/nullptr,
                                     ActorFor("zhijiao tasks update"), Now());
  if (!updated.ok()) return FailWith(updated.status());
  std::cout << "已更新任务 " << updated->id << "\n";
  return kExitOk;
}

int RunTasksProgress(const TasksProgressOptions& opt) {
  auto w = OpenWritable(opt.db);
  if (!w.ok()) return FailWith(w.status());
  service::NewProgress p;
  p.percent = opt.percent;
  p.quantity = opt.quantity;
  p.text = opt.text;
  auto date = OptDateArg(opt.date, "--date");
  if (!date.ok()) return FailWith(date.status());
  p.report_date = *date;
  p.reported_by = opt.by.empty() ? CurrentUser() : opt.by;
  auto added = service::AddProgress(*w->store, opt.id, p, /*scope=*/nullptr,
                                    ActorFor("zhijiao tasks progress"), Now());
  if (!added.ok()) return FailWith(added.status());
  std::cout << "已记录任务 " << added->task_id << " 的第 " << added->seq << " 次进展\n";
  return kExitOk;
}

}  // namespace zj::cli
