// /api/v1/plans: the plans stored in the database (list, export, import, delete) and the plan a
// plan route is asked about (?plan=ID). The use-cases — validation, versioned storage, the audit
// entry in the same transaction — are zj/service/plans.h, shared with `zhijiao plan`.
#include <nlohmann/json.hpp>

#include "handlers.h"
#include "zj/service/plans.h"

namespace zj::server::internal {

namespace {

Json PlanRowJson(const model::StoredPlan& p, const std::string& default_id) {
  return Json{{"id", p.id},
              {"name", p.title},
              {"unit_code", p.unit_code},
              {"first_year", p.first_year},
              {"last_year", p.last_year},
              {"baseline_year", p.baseline_year},
              {"period", std::to_string(p.first_year) + "—" + std::to_string(p.last_year)},
              {"status", p.status},
              {"status_name", service::PlanStatusNameZh(p.status)},
              {"version", p.version},
              {"target_count", p.target_count},
              {"imported_at", p.imported_at},
              {"default", p.id == default_id}};
}

// Importing or deleting a plan is a county matter: the account must cover the county (and the
// plan's own unit).
Status CheckPlanWrite(const Call& c, const std::string& unit_code) {
  if (!c.scope.CoversCode(c.s.info.county_code) || !c.scope.CoversCode(unit_code)) {
    return Status::PermissionDenied("只有县级账户可以导入或删除发展规划");
  }
  return Status::Ok();
}

}  // namespace

Result<std::shared_ptr<const engine::Plan>> RequestPlan(Call& c) {
  std::shared_ptr<const ApiServer::Impl::PlanSet> set = c.s.Plans();
  std::string id = c.Query("plan").value_or("");
  if (id.empty()) id = set->default_id;
  if (id.empty()) return Status::NotFound("本数据库没有已收录的发展规划");
  auto it = set->plans.find(id);
  if (it == set->plans.end()) return Status::NotFound("未知规划：" + id);
  if (!c.scope.CanReadAggregatesOf(it->second->unit_code)) {
    return Status::PermissionDenied("无权查看该规划的监测数据");
  }
  return it->second;
}

Result<Json> HandleListPlans(Call& c) {
  std::shared_ptr<const ApiServer::Impl::PlanSet> set = c.s.Plans();
  Json items = Json::array();
  for (const model::StoredPlan& p : set->rows) {
    if (c.scope.CanReadAggregatesOf(p.unit_code)) items.push_back(PlanRowJson(p, set->default_id));
  }
  return Json{{"default", set->default_id}, {"items", items}};
}

Result<Json> HandleGetPlan(Call& c) {
  std::shared_ptr<const ApiServer::Impl::PlanSet> set = c.s.Plans();
  const std::string id = c.Param(0) == "default" ? set->default_id : c.Param(0);
  auto it = set->plans.find(id);
  if (it == set->plans.end()) return Status::NotFound("未知规划：" + id);
  if (!c.scope.CanReadAggregatesOf(it->second->unit_code)) {
    return Status::PermissionDenied("无权查看该规划");
  }
  ZJ_ASSIGN_OR_RETURN(std::string text, c.s.WithReader([&](model::Store& st) {
    return service::ExportPlan(st, id);
  }));
  c.raw_body = std::make_shared<const std::string>(std::move(text));
  return Json();
}

Result<Json> HandleImportPlan(Call& c) {
  const std::string status = c.Query("status").value_or(service::kPlanAdopted);
  ZJ_RETURN_IF_ERROR(CheckPlanWrite(c, c.s.info.county_code));
  // Validated before the store lock is taken; the plan's own unit must be in scope too.
  ZJ_ASSIGN_OR_RETURN(engine::Plan plan, service::ValidatePlanText(c.req.body));
  ZJ_RETURN_IF_ERROR(CheckPlanWrite(c, plan.unit_code));
  service::Actor actor{c.user ? c.user->id : 0, c.user ? c.user->username : "", c.address};
  ZJ_ASSIGN_OR_RETURN(model::StoredPlan row, c.s.WithStore([&](model::Store& st) {
    Result<model::StoredPlan> r = service::ImportPlan(st, c.req.body, actor, c.Now(), status);
    if (r.ok()) {
      if (Status reload = c.s.ReloadPlans(st); !reload.ok())
        return Result<model::StoredPlan>(reload);
    }
    return r;
  }));
  c.res.status = row.version == 1 ? 201 : 200;
  return PlanRowJson(row, c.s.Plans()->default_id);
}

Result<Json> HandleDeletePlan(Call& c) {
  const std::string id = c.Param(0);
  std::shared_ptr<const ApiServer::Impl::PlanSet> set = c.s.Plans();
  auto it = set->plans.find(id);
  if (it == set->plans.end()) return Status::NotFound("未知规划：" + id);
  ZJ_RETURN_IF_ERROR(CheckPlanWrite(c, it->second->unit_code));
  service::Actor actor{c.user ? c.user->id : 0, c.user ? c.user->username : "", c.address};
  ZJ_RETURN_IF_ERROR(c.s.WithStore([&](model::Store& st) -> Status {
    ZJ_RETURN_IF_ERROR(service::DeletePlan(st, id, actor, c.Now()));
    return c.s.ReloadPlans(st);
  }));
  return Json{{"deleted", id}};
}

}  // namespace zj::server::internal
