// Plans as data: validation, versioned storage and audit (see zj/service/plans.h).
#include "zj/service/plans.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "zj/engine/catalog.h"
#include "zj/service/audit.h"

namespace zj::service {

namespace {

Status UnknownPlan(model::Store& store, std::string_view id) {
  std::string known;
  if (Result<std::vector<model::StoredPlan>> plans = store.ListPlans(); plans.ok()) {
    for (const model::StoredPlan& p : *plans) known += (known.empty() ? "" : "、") + p.id;
  }
  return Status::NotFound("未知规划：" + std::string(id) + "（数据库中的规划：" +
                          (known.empty() ? "无" : known) + "）");
}

Result<model::AuditEntry> Audit(model::Store& store, const Actor& actor, std::string action,
                                const std::string& id, std::string before, std::string after,
                                int64_t now) {
  AuditRecord r;
  r.user_id = actor.user_id;
  r.actor = actor.name;
  r.address = actor.address;
  r.action = std::move(action);
  r.target = "plan:" + id;
  r.before_json = std::move(before);
  r.after_json = std::move(after);
  return AppendAudit(store, r, now);
}

std::string Summary(const model::StoredPlan& p) {
  return nlohmann::json{{"id", p.id},
                        {"version", p.version},
                        {"status", p.status},
                        {"title", p.title},
                        {"first_year", p.first_year},
                        {"last_year", p.last_year},
                        {"targets", p.target_count}}
      .dump();
}

}  // namespace

Result<engine::Plan> ValidatePlanText(std::string_view json_text) {
  ZJ_ASSIGN_OR_RETURN(engine::Plan plan, engine::ParsePlan(json_text));
  ZJ_ASSIGN_OR_RETURN(engine::Catalog catalog, engine::LoadCatalog());
  auto known = [&](const engine::Target& t, const std::string& code) -> Status {
    if (catalog.Find(code) != nullptr) return Status::Ok();
    return Status::InvalidArgument("规划文件错误：目标 " + t.id + " 的指标不在指标目录中：" + code);
  };
  for (const engine::Target& t : plan.targets) {
    if (!t.indicator.empty()) ZJ_RETURN_IF_ERROR(known(t, t.indicator));
    if (t.derived) {
      ZJ_RETURN_IF_ERROR(known(t, t.derived->numerator));
      ZJ_RETURN_IF_ERROR(known(t, t.derived->denominator));
    }
  }
  if (plan.unit_code.empty()) {
    return Status::InvalidArgument("规划文件错误：字段 unit_code 不能为空");
  }
  return plan;
}

Result<model::StoredPlan> ImportPlan(model::Store& store, std::string_view json_text,
                                     const Actor& actor, int64_t now, std::string_view status) {
  if (json_text.size() > kPlanMaxBytes) {
    return Status::ResourceExhausted("规划文件过大（上限 " +
                                     std::to_string(kPlanMaxBytes / (1024 * 1024)) + " MB）");
  }
  if (status != kPlanAdopted && status != kPlanDraft) {
    return Status::InvalidArgument("规划状态须为 adopted（已印发）或 draft（草案）：" +
                                   std::string(status));
  }
  ZJ_ASSIGN_OR_RETURN(engine::Plan plan, ValidatePlanText(json_text));
  model::StoredPlan row;
  row.id = plan.id;
  row.status = std::string(status);
  row.title = plan.title;
  row.unit_code = plan.unit_code;
  row.first_year = plan.first_year;
  row.last_year = plan.last_year;
  row.baseline_year = plan.baseline_year;
  row.target_count =
      static_cast<int>(std::count_if(plan.targets.begin(), plan.targets.end(),
                                     [](const engine::Target& t) { return t.same_as.empty(); }));
  row.json = std::string(json_text);
  row.imported_at = now;
  row.imported_by = actor.name;
  Status st = store.RunInTransaction([&]() -> Status {
    ZJ_ASSIGN_OR_RETURN(std::optional<model::StoredPlan> current, store.GetPlan(row.id));
    row.version = current ? current->version + 1 : 1;
    ZJ_RETURN_IF_ERROR(store.PutPlan(row));
    return Audit(store, actor, "plan.import", row.id, current ? Summary(*current) : "",
                 Summary(row), now)
        .status();
  });
  if (!st.ok()) return st;
  return row;
}

Result<std::vector<model::StoredPlan>> ListPlans(model::Store& store) { return store.ListPlans(); }

Result<model::StoredPlan> GetPlan(model::Store& store, const std::string& id) {
  ZJ_ASSIGN_OR_RETURN(std::optional<model::StoredPlan> p, store.GetPlan(id));
  if (!p) return UnknownPlan(store, id);
  return std::move(*p);
}

Result<engine::Plan> LoadStoredPlan(model::Store& store, const std::string& id) {
  ZJ_ASSIGN_OR_RETURN(model::StoredPlan p, GetPlan(store, id));
  return engine::ParsePlan(p.json);
}

Result<std::string> ExportPlan(model::Store& store, const std::string& id) {
  ZJ_ASSIGN_OR_RETURN(model::StoredPlan p, GetPlan(store, id));
  return std::move(p.json);
}

Status DeletePlan(model::Store& store, const std::string& id, const Actor& actor, int64_t now) {
  return store.RunInTransaction([&]() -> Status {
    ZJ_ASSIGN_OR_RETURN(model::StoredPlan current, GetPlan(store, id));
    ZJ_ASSIGN_OR_RETURN(std::vector<model::Task> tasks, store.ListTasks());
    const auto referencing = std::count_if(tasks.begin(), tasks.end(),
                                           [&](const model::Task& t) { return t.plan_id == id; });
    if (referencing > 0) {
      return Status::FailedPrecondition("规划 " + id + " 仍被工作台账的 " +
                                        std::to_string(referencing) +
                                        " 项任务引用，不能删除（请先删除或改挂这些任务）");
    }
    ZJ_RETURN_IF_ERROR(store.DeletePlan(id));
    return Audit(store, actor, "plan.delete", id, Summary(current), "", now).status();
  });
}

std::string DefaultPlanId(const std::vector<model::StoredPlan>& plans) {
  const model::StoredPlan* best = nullptr;
  auto rank = [](const model::StoredPlan& p) {
    return std::tuple(p.status == kPlanAdopted, p.first_year, p.imported_at, p.id);
  };
  for (const model::StoredPlan& p : plans) {
    if (best == nullptr || rank(p) > rank(*best)) best = &p;
  }
  return best ? best->id : std::string();
}

Result<std::string> ResolvePlanId(model::Store& store, std::string_view requested) {
  if (!requested.empty()) {
    ZJ_ASSIGN_OR_RETURN(model::StoredPlan p, GetPlan(store, std::string(requested)));
    return p.id;
  }
  ZJ_ASSIGN_OR_RETURN(std::vector<model::StoredPlan> plans, store.ListPlans());
  std::string id = DefaultPlanId(plans);
  if (id.empty()) {
    return Status::NotFound(
        "数据库中没有规划：请先导入规划文件（zhijiao plan import --db DB FILE）");
  }
  return id;
}

}  // namespace zj::service
