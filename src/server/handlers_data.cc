// Manual data values (县级填报的指标数据: 财政性教育经费占比 …): scoped reads and audited writes.
#include <set>

#include "dto.h"
#include "handlers.h"
#include "zj/common/school_year.h"

namespace zj::server::internal {

Result<Json> HandleGetDataValues(Call& c) {
  std::string code = c.Query("code").value_or("");
  std::optional<std::string> unit = c.Query("unit");
  ZJ_ASSIGN_OR_RETURN(int year, c.QueryInt("year", 0, 0, kLastSchoolYear));
  if (unit && !c.scope.CanReadAggregatesOf(*unit)) {
    return Status::PermissionDenied("无权查看该单位的数据：" + *unit);
  }
  ZJ_ASSIGN_OR_RETURN(std::vector<model::DataValue> values,
                      c.s.WithReader([&](model::Store& st) { return st.ListDataValues(code); }));
  Json items = Json::array();
  for (const model::DataValue& v : values) {
    if (unit && v.unit_code != *unit) continue;
    if (year && v.year != year) continue;
    if (!c.scope.CanReadAggregatesOf(v.unit_code)) continue;
    items.push_back(DataValueJson(v));
  }
  return Json{{"items", items}, {"total", items.size()}};
}

Result<Json> HandlePutDataValues(Call& c) {
  ZJ_ASSIGN_OR_RETURN(Json body, c.BodyObject());
  auto it = body.find("items");
  if (it == body.end() || !it->is_array() || it->empty()) {
    return Status::InvalidArgument("请求体须为 {\"items\": [ … ]}，且至少包含一项");
  }
  if (it->size() > 1000) return Status::InvalidArgument("一次最多提交 1000 项");
  std::vector<model::DataValue> values;
  std::set<std::tuple<std::string, std::string, int>> keys;
  for (size_t i = 0; i < it->size(); ++i) {
    Result<model::DataValue> v = DataValueFromJson((*it)[i]);
    if (!v.ok()) {
      return Status::InvalidArgument("第 " + std::to_string(i + 1) + " 项：" +
                                     v.status().message());
    }
    if (!c.scope.CoversCode(v->unit_code)) {
      return Status::PermissionDenied("无权填报该单位的数据：" + v->unit_code);
    }
    if (!keys.insert({v->code, v->unit_code, v->year}).second) {
      return Status::InvalidArgument("第 " + std::to_string(i + 1) + " 项与前面的项重复");
    }
    values.push_back(std::move(*v));
  }
  Json before = Json::array();
  Json after = Json::array();
  for (const model::DataValue& v : values) after.push_back(DataValueJson(v));
  // Audit first, under the store lock: no write can exist without its entry. A write that then
  // fails is recorded as such.
  Status st = c.s.WithStore([&](model::Store& store) -> Status {
    std::map<std::string, std::vector<model::DataValue>> existing;
    for (const model::DataValue& v : values) {
      if (!existing.count(v.code)) {
        ZJ_ASSIGN_OR_RETURN(existing[v.code], store.ListDataValues(v.code));
      }
      for (const model::DataValue& old : existing[v.code]) {
        if (old.unit_code == v.unit_code && old.year == v.year)
          before.push_back(DataValueJson(old));
      }
    }
    Status put = store.RunInTransaction([&]() -> Status {
      ZJ_RETURN_IF_ERROR(store.PutDataValues(values));
      return c.AuditIn(store, "data_values.put", "data_values", before.dump(), after.dump());
    });
    if (!put.ok()) {
      Json why = {{"error", put.message()}};
      (void)c.Audit("data_values.put_failed", "data_values", "", why.dump());
    }
    return put;
  });
  ZJ_RETURN_IF_ERROR(st);
  c.s.OnDataValuesChanged();
  return Json{{"items", after}, {"total", after.size()}};
}

}  // namespace zj::server::internal
