// `zhijiao demo`: builds the synthetic demo county (microsimulation, src/sim) into a NEW database
// file. It writes into a temporary file next to the target and renames it on success, so a failed
// or interrupted run leaves nothing behind and never touches an existing file.
#include <algorithm>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <map>
#include <unordered_map>

#include "cli_util.h"
#include "commands.h"
#include "zj/common/embedded.h"
#include "zj/engine/ledger.h"
#include "zj/engine/plan.h"
#include "zj/service/accounts.h"
#include "zj/service/map.h"
#include "zj/service/plans.h"
#include "zj/sim/demo.h"
#include "zj/sim/ledger_history.h"
#include "zj/sim/plan_progress.h"
#include "zj/sim/township_map.h"
#include "zj/storage/account_store.h"
#include "zj/storage/audit_head.h"
#include "zj/storage/open.h"

namespace zj::cli {
namespace {

// Enrolled disabled children of compulsory age (6–14 on 31 Aug) per school year, counted from the
// simulated registry; the plan-progress generator derives the 适龄残疾儿童少年 denominator from it.
Result<std::map<int, int64_t>> CountEnrolledDisabled(model::Store& store) {
  ZJ_ASSIGN_OR_RETURN(auto students, store.ListStudents(0));
  std::unordered_map<int64_t, const model::Student*> by_id;
  for (const auto& s : students) {
    if (s.disability != 0) by_id[s.id] = &s;
  }
  ZJ_ASSIGN_OR_RETURN(auto years, store.ListYears());
  std::map<int, int64_t> out;
  for (int year : years) {
    ZJ_ASSIGN_OR_RETURN(auto enrolments, store.ListEnrolments(year));
    int64_t n = 0;
    for (const auto& e : enrolments) {
      auto it = by_id.find(e.student_id);
      if (it == by_id.end() || !model::CountsAsEnrolled(e.status)) continue;
      int age = AgeAtSchoolYear(it->second->birth_date, year);
      if (age >= 6 && age <= 14) ++n;
    }
    out[year] = n;
  }
  return out;
}

// What the demo adds beyond the registries: the plan's manual progress metrics (synthetic) and
// one demo account per role (allowed only on synthetic databases).
Status AddPlanProgressAndAccounts(model::Store& store, const std::string& path,
                                  const sim::DemoOptions& d) {
  ZJ_ASSIGN_OR_RETURN(auto info, store.GetInfo());
  auto add_accounts = [&]() -> Status {
    ZJ_ASSIGN_OR_RETURN(auto accounts, storage::OpenSqliteAccountStore(path));
    auto created =
        service::CreateDemoAccounts(store, *accounts, static_cast<int64_t>(std::time(nullptr)));
    return created.ok() ? Status::Ok() : created.status();
  };
  // A multi-county scale dataset (--counties K): the plan and its ledger belong to one county,
  // so only the demo accounts are added (bound to the city).
  if (info.county_code.empty()) return add_accounts();
  sim::PlanProgressOptions po;
  ZJ_ASSIGN_OR_RETURN(po.enrolled_disabled_6_14, CountEnrolledDisabled(store));
  auto values = sim::GeneratePlanProgress(info.county_code, d.first_year, d.last_year, d.seed, po);
  ZJ_RETURN_IF_ERROR(store.PutDataValues(values));
  // The demo county's plan is the embedded Yunyang plan, stored in the database like any
  // imported plan (zhijiao plan import); everything after reads it from there.
  if (auto text =
          common::EmbeddedFile(std::string("data/plans/") + engine::kDefaultPlanId + ".json")) {
    ZJ_RETURN_IF_ERROR(service::ImportPlan(store, *text, service::CliActor(),
                                           static_cast<int64_t>(std::time(nullptr)))
                           .status());
  }
  // The work ledger: the plan's tasks with a synthetic progress history up to the last year.
  ZJ_ASSIGN_OR_RETURN(auto plan, service::LoadStoredPlan(store, engine::kDefaultPlanId));
  engine::DerivedTasks tasks = engine::DeriveTasksFromPlan(plan, info.county_code);
  const int ledger_last = std::min(d.last_year, plan.last_year);
  if (ledger_last >= plan.first_year) {
    sim::LedgerHistory history =
        sim::GenerateLedgerHistory(tasks.tasks, tasks.milestones, values, info.county_code,
                                   plan.first_year, ledger_last, d.seed);
    ZJ_RETURN_IF_ERROR(store.PutTasks(tasks.tasks));
    ZJ_RETURN_IF_ERROR(store.PutMilestones(history.milestones));
    ZJ_RETURN_IF_ERROR(store.PutTaskProgress(history.progress));
  }
  // Synthetic township boundaries (a jittered grid, never real ones) so the demo shows a map.
  ZJ_ASSIGN_OR_RETURN(auto townships, service::CountyTownships(store));
  service::Actor actor = service::CliActor();
  actor.address = "local (zhijiao demo)";
  ZJ_ASSIGN_OR_RETURN(
      auto map, service::ImportTownshipMap(store, sim::SyntheticTownshipMap(townships, d.seed),
                                           /*check_only=*/false, actor,
                                           static_cast<int64_t>(std::time(nullptr))));
  if (!map.ok()) return Status::Internal("合成乡镇边界未通过校验：" + service::MapReportText(map));
  return add_accounts();
}

}  // namespace

int RunDemo(const DemoOptions& opt) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (opt.db.empty()) return FailBadInput("缺少 --db 参数 (missing --db FILE)");
  if (fs::exists(opt.db, ec)) {
    return FailBadInput("文件已存在，不会覆盖：" + opt.db + " (file exists; choose a new path)");
  }
  auto years = ParseYearRange(opt.years);
  if (!years.ok()) return FailWith(years.status());
  if (opt.counties < 1 || opt.counties > sim::kMaxCounties) {
    return FailBadInput("--counties 应在 1 到 " + std::to_string(sim::kMaxCounties) + " 之间");
  }
  fs::path target(opt.db);
  fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  if (!fs::is_directory(dir, ec)) return FailBadInput("目录不存在：" + dir.string());
  fs::path tmp = dir / ("." + target.filename().string() + ".tmp");
  fs::remove(tmp, ec);

  Status st;
  {
    storage::OpenOptions so;
    so.create_if_missing = true;
    auto store = storage::OpenStore(tmp.string(), so);
    if (!store.ok()) return FailWith(store.status());
    sim::DemoOptions d;
    d.seed = opt.seed;
    d.counties = opt.counties;
    d.first_year = years->first;
    d.last_year = years->second;
    st = sim::GenerateDemo(d, **store);
    if (st.ok()) st = AddPlanProgressAndAccounts(**store, tmp.string(), d);
  }
  if (!st.ok()) {
    fs::remove(tmp, ec);
    fs::remove(tmp.string() + "-wal", ec);
    fs::remove(tmp.string() + "-shm", ec);
    storage::RemoveAuditHead(tmp.string());
    return FailWith(st);
  }
  fs::rename(tmp, target, ec);
  if (ec) {
    fs::remove(tmp, ec);
    storage::RemoveAuditHead(tmp.string());
    return FailBadInput("无法写入 " + opt.db + "：" + ec.message());
  }
  st = storage::MoveAuditHead(tmp.string(), opt.db);
  if (!st.ok()) return FailWith(st);
  std::cerr << "zhijiao: 已生成合成演示数据库 (synthetic demo database written): " << opt.db
            << "\n";
  return kExitOk;
}

}  // namespace zj::cli
