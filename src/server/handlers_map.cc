// The county map (乡镇边界 GeoJSON): thin handlers over zj/service/map.h. Uploading and removing
// need county staff bound to the county (or above); reading needs read_directory.
#include "handlers.h"
#include "zj/service/map.h"

namespace zj::server::internal {
namespace {

service::Actor MapActor(const Call& c) { return {c.user->id, c.user->username, c.address}; }

Status RequireCountyStaff(const Call& c) {
  const int home = c.scope.home();
  const bool county_level = home >= 0 && c.hierarchy->unit(home).kind <= engine::UnitKind::kCounty;
  if (c.user->role != model::Role::kCountyStaff || !county_level) {
    return Status::PermissionDenied("只有县级业务人员可以上传或删除乡镇边界");
  }
  return Status::Ok();
}

Json ReportJson(const service::MapReport& r, bool stored) {
  Json errors = Json::array();
  for (const service::MapIssue& e : r.errors) {
    errors.push_back({{"feature", e.feature}, {"message", e.message}});
  }
  return {{"ok", r.ok()},     {"features", r.features}, {"matched", r.matched},
          {"errors", errors}, {"missing", r.missing},   {"stored", stored}};
}

}  // namespace

Result<Json> HandleGetTownshipMap(Call& c) {
  ZJ_ASSIGN_OR_RETURN(
      std::optional<model::MapLayer> layer,
      c.s.WithReader([&](model::Store& store) { return service::GetTownshipMap(store); }));
  if (!layer) return Json{{"available", false}};
  // The stored text is already validated, compact GeoJSON: sent as is, not re-parsed.
  auto body = std::make_shared<std::string>();
  body->reserve(layer->geojson.size() + 128);
  *body += "{\"available\":true,\"updated_at\":" + std::to_string(layer->updated_at) +
           ",\"updated_by\":" + Json(layer->updated_by).dump() + ",\"geojson\":";
  *body += layer->geojson;
  *body += "}";
  c.raw_body = std::move(body);
  return Json();
}

Result<Json> HandlePutTownshipMap(Call& c) {
  ZJ_RETURN_IF_ERROR(RequireCountyStaff(c));
  ZJ_ASSIGN_OR_RETURN(std::optional<bool> check, c.QueryBool("check"));
  const bool check_only = check.value_or(false);
  ZJ_ASSIGN_OR_RETURN(service::MapReport report, c.s.WithStore([&](model::Store& store) {
    return service::ImportTownshipMap(store, c.req.body, check_only, MapActor(c), c.Now());
  }));
  if (!report.ok() && !check_only) {
    return Status::InvalidArgument("GeoJSON 校验未通过（" + std::to_string(report.errors.size()) +
                                   " 个问题），未保存：\n" + service::MapReportText(report));
  }
  return ReportJson(report, !check_only && report.ok());
}

Result<Json> HandleDeleteTownshipMap(Call& c) {
  ZJ_RETURN_IF_ERROR(RequireCountyStaff(c));
  ZJ_RETURN_IF_ERROR(c.s.WithStore([&](model::Store& store) {
    return service::DeleteTownshipMap(store, MapActor(c), c.Now());
  }));
  return Json{{"deleted", true}};
}

}  // namespace zj::server::internal
