// Indicator and plan endpoints over the engine: catalog, values of a unit, unit × year trend
// tables, explanations (school contributions only inside one's own scope), plan targets and the
// plan's status in a year.
#include <charconv>

#include "dto.h"
#include "handlers.h"
#include "zj/common/school_year.h"
#include "zj/engine/plan_monitor.h"

namespace zj::server::internal {
namespace {

Json OptNumber(const std::optional<double>& v) { return v ? Json(*v) : Json(nullptr); }

// The unit asked for (default: the account's own unit), after the aggregate scope check.
Result<std::string> ScopedUnit(const Call& c, const std::optional<std::string>& unit) {
  const engine::Hierarchy& h = *c.hierarchy;
  std::string code = unit.value_or(c.scope.home() >= 0 ? h.unit(c.scope.home()).code : "");
  if (h.Find(code) < 0) return Status::NotFound("单位或学校不存在：" + code);
  if (!c.scope.CanReadAggregatesOf(code)) {
    return Status::PermissionDenied("无权查看该单位的汇总数据：" + code);
  }
  return code;
}

Result<int> YearOrLatest(const Call& c) {
  int latest = c.years.empty() ? 2020 : c.years.back();
  return c.QueryInt("year", latest, kFirstSchoolYear, kLastSchoolYear);
}

}  // namespace

Result<Json> HandleIndicatorCatalog(Call& c) {
  const engine::Catalog& catalog = *c.s.catalog;
  Json items = Json::array();
  for (const engine::IndicatorDef& d : catalog.indicators()) {
    items.push_back({{"code", d.code},
                     {"name_zh", d.name_zh},
                     {"name_en", d.name_en},
                     {"unit", d.unit},
                     {"category", d.category},
                     {"expression", d.expression},
                     {"description", d.description},
                     {"source", d.source},
                     {"mark", engine::MarkName(d.mark)},
                     {"mark_name", engine::MarkNameZh(d.mark)}});
  }
  Json params = Json::array();
  for (const engine::ParamDef& p : catalog.params()) {
    params.push_back({{"code", p.code},
                      {"name_zh", p.name_zh},
                      {"value", p.value},
                      {"unit", p.unit},
                      {"mark", engine::MarkName(p.mark)},
                      {"source", p.source}});
  }
  return Json{{"version", catalog.version()},
              {"categories", catalog.categories()},
              {"items", items},
              {"params", params}};
}

Result<Json> HandleIndicatorValues(Call& c) {
  ZJ_ASSIGN_OR_RETURN(std::string unit, ScopedUnit(c, c.Query("unit")));
  ZJ_ASSIGN_OR_RETURN(int year, YearOrLatest(c));
  std::vector<std::string> codes = c.QueryList("codes");
  if (codes.size() > 200) return Status::InvalidArgument("codes 最多 200 个");
  ZJ_ASSIGN_OR_RETURN(std::shared_ptr<EngineData> data, c.s.Engine());
  const engine::Hierarchy& h = *c.hierarchy;
  ZJ_ASSIGN_OR_RETURN(c.raw_body,
                      data->UnitValuesBody(unit, h.unit(h.Find(unit)).name, year, codes));
  return Json();
}

Result<Json> HandleIndicatorTable(Call& c) {
  std::vector<std::string> codes = c.QueryList("codes");
  std::vector<std::string> units = c.QueryList("units");
  if (codes.empty() || codes.size() > 20) return Status::InvalidArgument("codes 必填，最多 20 个");
  if (units.empty() || units.size() > 100)
    return Status::InvalidArgument("units 必填，最多 100 个");
  for (const std::string& u : units) ZJ_RETURN_IF_ERROR(ScopedUnit(c, u).status());
  std::vector<int> years;
  for (const std::string& y : c.QueryList("years")) {
    int v = 0;
    auto [p, ec] = std::from_chars(y.data(), y.data() + y.size(), v);
    if (ec != std::errc() || p != y.data() + y.size() || !ValidSchoolYear(v)) {
      return Status::InvalidArgument("years 中有无效的学年：" + y);
    }
    years.push_back(v);
  }
  if (years.empty()) years = c.years;
  if (years.size() > 30) return Status::InvalidArgument("years 最多 30 个");
  ZJ_ASSIGN_OR_RETURN(std::shared_ptr<EngineData> data, c.s.Engine());
  ZJ_ASSIGN_OR_RETURN(EngineData::Lease engine, data->Borrow());
  const engine::Hierarchy& h = *c.hierarchy;
  Json unit_list = Json::array();
  for (const std::string& u : units)
    unit_list.push_back({{"code", u}, {"name", h.unit(h.Find(u)).name}});
  Json tables = Json::array();
  for (const std::string& code : codes) {
    ZJ_ASSIGN_OR_RETURN(engine::TrendTable t, engine->Trend(code, units, years));
    Json rows = Json::array();
    for (const auto& row : t.cells) {
      Json cells = Json::array();
      for (const engine::IndicatorValue& v : row) {
        cells.push_back({{"value", OptNumber(v.value)}, {"reason", v.reason.text()}});
      }
      rows.push_back(cells);
    }
    const engine::IndicatorDef* def = data->catalog().Find(code);
    tables.push_back({{"code", code},
                      {"name_zh", def ? def->name_zh : ""},
                      {"unit", def ? def->unit : ""},
                      {"cells", rows}});
  }
  return Json{{"years", years}, {"units", unit_list}, {"tables", tables}};
}

Result<Json> HandleIndicatorExplain(Call& c) {
  std::optional<std::string> code = c.Query("code");
  if (!code || code->empty()) return Status::InvalidArgument("缺少参数 code");
  ZJ_ASSIGN_OR_RETURN(std::string unit, ScopedUnit(c, c.Query("unit")));
  ZJ_ASSIGN_OR_RETURN(int year, YearOrLatest(c));
  ZJ_ASSIGN_OR_RETURN(std::shared_ptr<EngineData> data, c.s.Engine());
  ZJ_ASSIGN_OR_RETURN(EngineData::Lease engine, data->Borrow());
  ZJ_ASSIGN_OR_RETURN(engine::Explanation e, engine->Explain(*code, unit, year));
  Json inputs = Json::array();
  for (const engine::ExplainInput& in : e.inputs) {
    inputs.push_back({{"text", in.text},
                      {"kind", in.kind},
                      {"year", in.year},
                      {"value", OptNumber(in.value)},
                      {"reason", in.reason}});
  }
  // Per-school figures only for units inside one's own scope (not for a higher unit that one
  // may see only as an aggregate).
  Json schools = Json::array();
  if (c.scope.CoversCode(unit)) {
    for (const engine::SchoolContribution& s : e.top_schools) {
      schools.push_back({{"school_code", s.school_code},
                         {"school_name", s.school_name},
                         {"numerator", OptNumber(s.numerator)},
                         {"denominator", OptNumber(s.denominator)},
                         {"value", OptNumber(s.value)}});
    }
  }
  return Json{{"result", IndicatorValueJson(e.result, data->catalog())},
              {"name_zh", e.name_zh},
              {"unit", e.unit},
              {"mark", engine::MarkName(e.mark)},
              {"expression", e.expression},
              {"numerator_text", e.numerator_text},
              {"denominator_text", e.denominator_text},
              {"inputs", inputs},
              {"school_count", e.school_count},
              {"top_schools", schools}};
}

Result<Json> HandlePlanTargets(Call& c) {
  ZJ_ASSIGN_OR_RETURN(std::shared_ptr<const engine::Plan> plan, RequestPlan(c));
  Json items = Json::array();
  for (const engine::Target& t : plan->targets) {
    items.push_back(
        {{"id", t.id},
         {"quote", t.quote},
         {"kind", engine::TargetKindName(t.kind())},
         {"value_code", t.ValueCode()},
         {"unit", t.unit},
         {"baseline", t.baseline ? Json{{"year", t.baseline->year}, {"value", t.baseline->value}}
                                 : Json(nullptr)},
         {"target", {{"year", t.target.year}, {"value", t.target.value}}},
         {"comparator", engine::ComparatorName(t.comparator)},
         {"attribute", engine::TargetAttributeNameZh(t.attribute)},
         {"section", t.section},
         {"responsible", t.responsible},
         {"origin", engine::TargetOriginName(t.origin)},
         {"same_as", t.same_as},
         {"unverified", t.unverified}});
  }
  return Json{{"plan_id", plan->id},
              {"title", plan->title},
              {"issuer", plan->issuer},
              {"unit_code", plan->unit_code},
              {"first_year", plan->first_year},
              {"last_year", plan->last_year},
              {"baseline_year", plan->baseline_year},
              {"items", items}};
}

Result<Json> HandlePlanStatus(Call& c) {
  ZJ_ASSIGN_OR_RETURN(std::shared_ptr<const engine::Plan> plan, RequestPlan(c));
  ZJ_ASSIGN_OR_RETURN(int year, YearOrLatest(c));
  ZJ_ASSIGN_OR_RETURN(std::shared_ptr<EngineData> data, c.s.Engine());
  ZJ_ASSIGN_OR_RETURN(c.raw_body, data->PlanStatusBody(*plan, year));
  return Json();
}

}  // namespace zj::server::internal
