// Projection endpoints (预测规划): run a projection with a scenario given as JSON, read its
// county/township series with prediction intervals, the school table (sorted by seat or teacher
// gap, paged), the township ranking, the suggested 十五五 targets, the backtest accuracy behind the
// intervals, and the xlsx workbook. The projection is computed county-wide (entrant flows cross
// townships) and every answer is cut to the caller's scope: schools the account covers, townships
// and the county where it may read aggregates. Read-only: runs are cached, nothing is stored.
#include <algorithm>
#include <cmath>

#include "handlers.h"
#include "zj/common/school_year.h"
#include "zj/service/projection_export.h"

namespace zj::server::internal {
namespace {

using engine::kProjectedStageCount;
using engine::kProjectedStages;

double Round1(double v) { return std::round(v * 10) / 10; }

Json Interval(const std::optional<std::pair<double, double>>& iv, double scale = 10) {
  if (!iv) return nullptr;
  return Json::array(
      {std::round(iv->first * scale) / scale, std::round(iv->second * scale) / scale});
}

Result<std::shared_ptr<const engine::ProjectionInput>> Input(Call& c) {
  return c.s.projections.Input([&c]() -> Result<engine::ProjectionInput> {
    return c.s.WithReader([](model::Store& store) { return engine::LoadProjectionInput(store); });
  });
}

// Registry input with at least two school years (a projection needs one transition).
Result<std::shared_ptr<const engine::ProjectionInput>> UsableInput(Call& c) {
  auto in = Input(c);
  if (!in.ok()) {
    if (in.status().code() == StatusCode::kInvalidArgument) {
      return Status::FailedPrecondition("数据库中没有可用于预测的学籍数据：" +
                                        in.status().message());
    }
    return in.status();
  }
  if ((*in)->years() < 2) {
    return Status::FailedPrecondition("预测至少需要连续两个学年的学籍数据，本数据库只有 " +
                                      std::to_string((*in)->years()) + " 个学年");
  }
  return in;
}

ProjectionRequest DefaultRequest(const engine::ProjectionInput& in) {
  ProjectionRequest r;
  r.base_year = in.last_year;
  return r;
}

// The run named by the path's {id} ("default" = the default scenario from the latest year).
Result<std::shared_ptr<const ProjectionRun>> RunOfPath(Call& c) {
  ZJ_ASSIGN_OR_RETURN(auto in, UsableInput(c));
  std::string id = c.Param(0);
  if (id == "default") id = c.s.projections.Register(DefaultRequest(*in));
  return c.s.projections.Run(id, *in);
}

bool SeesUnit(const Call& c, const engine::UnitProjection& u) {
  switch (u.level) {
    case engine::Level::kCounty:
    case engine::Level::kTownship:
      return c.scope.CanReadAggregatesOf(u.code);
    case engine::Level::kSchool:
      // Schools opened by the scenario are not in the directory: their township decides.
      if (c.hierarchy->FindSchool(u.code) < 0) return c.scope.CoversCode(u.township_code);
      return c.scope.CoversCode(u.code);
  }
  return false;
}

Json YearJson(const engine::UnitYear& y, bool recorded) {
  Json stages = Json::object();
  for (int s = 0; s < kProjectedStageCount; ++s) {
    if (y.stage[s].students <= 0 && y.stage[s].teachers_in_post <= 0) continue;
    stages[std::string(model::StageName(kProjectedStages[s]))] = {
        {"students", Round1(y.stage[s].students)},
        {"classes_needed", y.stage[s].classes_needed},
        {"teachers_needed", Round1(y.stage[s].teachers_needed)},
        {"teachers_in_post", Round1(y.stage[s].teachers_in_post)}};
  }
  return {{"year", y.year},
          {"recorded", recorded},
          {"students", Round1(y.students)},
          {"students_interval", Interval(y.students_interval)},
          {"stages", stages},
          {"classes_needed", y.classes_needed},
          {"classrooms", y.classrooms},
          {"seat_capacity", Round1(y.seat_capacity)},
          {"seat_gap", Round1(y.seat_gap)},
          {"seat_surplus", Round1(y.seat_surplus)},
          {"big_classes", y.big_classes},
          {"huge_classes", y.huge_classes},
          {"teachers_needed", Round1(y.teachers_needed)},
          {"teachers_in_post", Round1(y.teachers_in_post)},
          {"teacher_gap", Round1(service::TeacherGap(y))},
          {"schools", y.schools},
          {"schools_below_viability", y.schools_below_viability}};
}

Json SeriesJson(const engine::UnitProjection& u) {
  Json years = Json::array();
  for (size_t k = 0; k < u.years.size(); ++k) years.push_back(YearJson(u.years[k], k == 0));
  Json j = {{"code", u.code},
            {"name", u.name},
            {"level", engine::LevelName(u.level)},
            {"years", std::move(years)}};
  if (!u.township_code.empty()) j["township_code"] = u.township_code;
  return j;
}

Json IndicatorsJson(const engine::ProjectionResult& r) {
  Json items = Json::array();
  for (const auto& i : r.indicators) {
    items.push_back(
        {{"code", i.code},
         {"name", i.name},
         {"unit", i.unit},
         {"base_year", i.base_year},
         {"base_value", i.base_value ? Json(std::round(*i.base_value * 100) / 100) : Json(nullptr)},
         {"target_year", i.target_year},
         {"value", std::round(i.value * 100) / 100},
         {"interval", Interval(i.interval, 100)}});
  }
  return items;
}

Json RunJson(const Call& c, const ProjectionRun& run) {
  const engine::ProjectionResult& r = run.result;
  Json towns = Json::array();
  for (const auto& t : r.townships) {
    if (SeesUnit(c, t)) towns.push_back(SeriesJson(t));
  }
  const bool county = SeesUnit(c, r.county);
  return {{"id", run.id},
          {"synthetic", c.s.info.synthetic},
          {"base_year", r.base_year},
          {"horizon", r.horizon},
          {"scenario", r.scenario},
          {"scenario_json", Json::parse(run.request.scenario_json)},
          {"structure", r.structure.Label()},
          {"county", county ? SeriesJson(r.county) : Json(nullptr)},
          {"townships", std::move(towns)},
          {"indicators", county ? IndicatorsJson(r) : Json::array()},
          {"interval_note", run.interval_note},
          {"notes", r.notes}};
}

// Index of `year` in a unit's years (default: the target year 2030 when inside, else the last).
Result<size_t> YearIndex(const Call& c, const engine::ProjectionResult& r) {
  const int last = r.base_year + r.horizon;
  const int def = (2030 > r.base_year && 2030 <= last) ? 2030 : last;
  ZJ_ASSIGN_OR_RETURN(int year, c.QueryInt("year", def, kFirstSchoolYear, kLastSchoolYear));
  if (year < r.base_year || year > last) {
    return Status::InvalidArgument("参数 year 须在 " + std::to_string(r.base_year) + "–" +
                                   std::to_string(last) + " 之间（基年至预测末年）");
  }
  return static_cast<size_t>(year - r.base_year);
}

struct RankRow {
  const engine::UnitProjection* unit;
  const engine::UnitYear* year;
  const engine::UnitYear* base;
};

double ChangePct(const RankRow& r) {
  return r.base->students > 0 ? (r.year->students - r.base->students) / r.base->students * 100 : 0;
}

// Sorts rows by the `sort` query parameter (one of `keys`; the first is the default), biggest
// problems first; ties by code.
Status SortRows(const Call& c, std::vector<RankRow>& rows, const std::vector<std::string>& keys) {
  std::string key = c.Query("sort").value_or(keys.front());
  if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
    std::string list;
    for (const auto& k : keys) list += (list.empty() ? "" : ", ") + k;
    return Status::InvalidArgument("参数 sort 应为 " + list + " 之一");
  }
  auto value = [&key](const RankRow& r) -> double {
    if (key == "seat_gap") return r.year->seat_gap - r.year->seat_surplus * 1e-6;
    if (key == "teacher_gap") return service::TeacherGap(*r.year);
    if (key == "students") return r.year->students;
    if (key == "change") return -ChangePct(r);  // the steepest decline first
    if (key == "seat_surplus") return r.year->seat_surplus;
    return 0;
  };
  std::stable_sort(rows.begin(), rows.end(), [&](const RankRow& a, const RankRow& b) {
    double va = value(a), vb = value(b);
    if (va != vb) return va > vb;
    return a.unit->code < b.unit->code;
  });
  return Status::Ok();
}

Json RowJson(const RankRow& r) {
  const engine::UnitYear& y = *r.year;
  Json j = {{"code", r.unit->code},
            {"name", r.unit->name},
            {"base_students", Round1(r.base->students)},
            {"students", Round1(y.students)},
            {"students_interval", Interval(y.students_interval)},
            {"change_pct", Round1(ChangePct(r))},
            {"classes_needed", y.classes_needed},
            {"classrooms", y.classrooms},
            {"seat_capacity", Round1(y.seat_capacity)},
            {"seat_gap", Round1(y.seat_gap)},
            {"seat_surplus", Round1(y.seat_surplus)},
            {"big_classes", y.big_classes},
            {"teachers_needed", Round1(y.teachers_needed)},
            {"teachers_in_post", Round1(y.teachers_in_post)},
            {"teacher_gap", Round1(service::TeacherGap(y))},
            {"schools", y.schools},
            {"schools_below_viability", y.schools_below_viability}};
  if (!r.unit->township_code.empty()) j["township_code"] = r.unit->township_code;
  return j;
}

// Validates the POST body into a request with a canonical scenario.
Result<ProjectionRequest> ParseRequest(const Json& body, const engine::ProjectionInput& in) {
  for (const auto& [key, v] : body.items()) {
    if (key != "base_year" && key != "horizon" && key != "scenario") {
      return Status::InvalidArgument("请求体 $." + key +
                                     ": 未知字段（可用: base_year, horizon, scenario）");
    }
  }
  ProjectionRequest r = DefaultRequest(in);
  if (body.contains("base_year")) {
    const Json& b = body["base_year"];
    if (!b.is_number_integer()) return Status::InvalidArgument("请求体 $.base_year: 应为整数");
    r.base_year = b.get<int>();
    if (r.base_year < in.first_year + 1 || r.base_year > in.last_year) {
      return Status::InvalidArgument(
          "请求体 $.base_year: 应在 " + std::to_string(in.first_year + 1) + "–" +
          std::to_string(in.last_year) + " 之间（需要基年及前一年的学籍数据）");
    }
  }
  if (body.contains("horizon")) {
    const Json& h = body["horizon"];
    if (!h.is_number_integer() || h.get<int>() < 1 || h.get<int>() > 30) {
      return Status::InvalidArgument("请求体 $.horizon: 应为 1–30 的整数");
    }
    r.horizon = h.get<int>();
  }
  if (body.contains("scenario")) {
    const Json& s = body["scenario"];
    if (!s.is_object()) return Status::InvalidArgument("请求体 $.scenario: 应为 JSON 对象");
    r.scenario_json = s.dump();
    auto parsed = engine::ParseScenario(r.scenario_json);
    if (!parsed.ok()) {
      // "场景文件 $.x: …" → "场景 $.scenario.x: …" (the path in the request body).
      std::string m = parsed.status().message();
      const std::string prefix = "场景文件 $";
      if (m.rfind(prefix, 0) == 0) m = "场景 $.scenario" + m.substr(prefix.size());
      return Status::InvalidArgument(m);
    }
  }
  return r;
}

}  // namespace

Result<Json> HandleProjectionDefaults(Call& c) {
  ZJ_ASSIGN_OR_RETURN(auto in, UsableInput(c));
  ZJ_ASSIGN_OR_RETURN(engine::Scenario sc, engine::DefaultScenario());
  Json class_size = Json::object(), staffing = Json::object(), per_class = Json::object();
  for (int s = 0; s < kProjectedStageCount; ++s) {
    const std::string name(model::StageName(kProjectedStages[s]));
    const engine::StageNorms& n = sc.norms.stage[s];
    if (name == "kindergarten") {
      class_size[name] = n.class_size;
    } else if (!n.class_size.empty()) {
      class_size[name] = n.class_size.front();
    }
    if (n.staffing_ratio > 0) staffing[name] = n.staffing_ratio;
    if (n.teachers_per_class > 0) per_class[name] = n.teachers_per_class;
  }
  Json towns = Json::array();
  for (const auto& t : in->townships) towns.push_back({{"code", t.code}, {"name", t.name}});
  Json schools = Json::array();
  for (const auto& s : in->schools) {
    if (!c.scope.CoversCode(s.info.code)) continue;
    Json stages = Json::array();
    for (model::Stage st : s.info.stages) stages.push_back(model::StageName(st));
    schools.push_back({{"code", s.info.code},
                       {"name", s.info.name},
                       {"township_code", s.info.township_code},
                       {"stages", stages}});
  }
  return Json{{"first_year", in->first_year},
              {"last_year", in->last_year},
              {"base_year", in->last_year},
              {"min_base_year", in->first_year + 1},
              {"horizon", 10},
              {"target_year", 2030},
              {"structure", in->structure.Label()},
              {"scenario",
               {{"name", sc.name},
                {"births", {{"variant", "medium"}}},
                {"urbanisation", {{"annual_shift", 0}}},
                {"class_size", class_size},
                {"staffing_ratio", staffing},
                {"teachers_per_class", per_class},
                {"small_school",
                 {{"threshold", sc.norms.small_school_threshold},
                  {"teachers_per_class", sc.norms.small_school_teachers_per_class},
                  {"min_teachers", sc.norms.small_school_min_teachers}}},
                {"viability_threshold", sc.norms.viability_threshold}}},
              {"provenance", sc.norms.provenance},
              {"townships", towns},
              {"schools", schools}};
}

Result<Json> HandleRunProjection(Call& c) {
  ZJ_ASSIGN_OR_RETURN(Json body, c.BodyObject());
  ZJ_ASSIGN_OR_RETURN(auto in, UsableInput(c));
  ZJ_ASSIGN_OR_RETURN(ProjectionRequest req, ParseRequest(body, *in));
  std::string id = c.s.projections.Register(req);
  ZJ_ASSIGN_OR_RETURN(auto run, c.s.projections.Run(id, *in));
  return RunJson(c, *run);
}

Result<Json> HandleGetProjection(Call& c) {
  ZJ_ASSIGN_OR_RETURN(auto run, RunOfPath(c));
  return RunJson(c, *run);
}

Result<Json> HandleProjectionSchools(Call& c) {
  ZJ_ASSIGN_OR_RETURN(auto run, RunOfPath(c));
  const engine::ProjectionResult& r = run->result;
  ZJ_ASSIGN_OR_RETURN(size_t k, YearIndex(c, r));
  ZJ_ASSIGN_OR_RETURN(int page, c.QueryInt("page", 1, 1, 1000000));
  ZJ_ASSIGN_OR_RETURN(int page_size, c.QueryInt("page_size", 20, 1, 200));
  std::optional<std::string> town = c.Query("township");
  std::vector<RankRow> rows;
  for (const auto& s : r.schools) {
    if (town && !town->empty() && s.township_code != *town) continue;
    if (!SeesUnit(c, s) || k >= s.years.size()) continue;
    if (s.years[k].schools == 0 && s.years[0].schools == 0) continue;  // never operating
    rows.push_back({&s, &s.years[k], &s.years[0]});
  }
  static const std::vector<std::string> kSorts = {"seat_gap", "teacher_gap", "students", "change"};
  ZJ_RETURN_IF_ERROR(SortRows(c, rows, kSorts));
  Json items = Json::array();
  const size_t begin = static_cast<size_t>(page - 1) * page_size;
  for (size_t i = begin; i < rows.size() && i < begin + page_size; ++i) {
    Json j = RowJson(rows[i]);
    j["operating"] = rows[i].year->schools > 0;
    items.push_back(std::move(j));
  }
  return Json{{"year", r.base_year + static_cast<int>(k)},
              {"items", std::move(items)},
              {"total", rows.size()},
              {"page", page},
              {"page_size", page_size}};
}

Result<Json> HandleProjectionTownships(Call& c) {
  ZJ_ASSIGN_OR_RETURN(auto run, RunOfPath(c));
  const engine::ProjectionResult& r = run->result;
  ZJ_ASSIGN_OR_RETURN(size_t k, YearIndex(c, r));
  std::vector<RankRow> rows;
  for (const auto& t : r.townships) {
    if (SeesUnit(c, t) && k < t.years.size()) rows.push_back({&t, &t.years[k], &t.years[0]});
  }
  static const std::vector<std::string> kSorts = {"change", "seat_gap", "teacher_gap", "students",
                                                  "seat_surplus"};
  ZJ_RETURN_IF_ERROR(SortRows(c, rows, kSorts));
  Json items = Json::array();
  for (size_t i = 0; i < rows.size(); ++i) {
    Json j = RowJson(rows[i]);
    j["rank"] = i + 1;
    items.push_back(std::move(j));
  }
  return Json{{"year", r.base_year + static_cast<int>(k)},
              {"base_year", r.base_year},
              {"items", std::move(items)}};
}

Result<Json> HandleProjectionTargets(Call& c) {
  ZJ_ASSIGN_OR_RETURN(auto run, RunOfPath(c));
  const engine::ProjectionResult& r = run->result;
  if (!SeesUnit(c, r.county)) return Status::PermissionDenied("无权查看全县的预测指标");
  return Json{{"id", run->id},
              {"base_year", r.base_year},
              {"target_year", r.indicators.empty() ? 2030 : r.indicators.front().target_year},
              {"scenario", r.scenario},
              {"interval_note", run->interval_note},
              {"items", IndicatorsJson(r)}};
}

Result<Json> HandleProjectionXlsx(Call& c) {
  ZJ_ASSIGN_OR_RETURN(auto run, RunOfPath(c));
  auto sheets =
      service::ProjectionSheets(run->result, c.s.info.synthetic,
                                [&c](const engine::UnitProjection& u) { return SeesUnit(c, u); });
  ZJ_ASSIGN_OR_RETURN(std::string bytes, io::ReportWorkbookBytes(sheets));
  c.raw_body = std::make_shared<const std::string>(std::move(bytes));
  c.raw_content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  const std::string file = "projection-" + std::to_string(run->result.base_year) + "-" +
                           run->id.substr(0, std::min<size_t>(run->id.size(), 8)) + ".xlsx";
  c.res.set_header("Content-Disposition", "attachment; filename=\"" + file + "\"");
  return Json();
}

Result<Json> HandleProjectionBacktest(Call& c) {
  ZJ_ASSIGN_OR_RETURN(auto in, UsableInput(c));
  ZJ_ASSIGN_OR_RETURN(int base,
                      c.QueryInt("base_year", in->last_year, kFirstSchoolYear, kLastSchoolYear));
  if (base < in->first_year + 1 || base > in->last_year) {
    return Status::InvalidArgument("参数 base_year 须在 " + std::to_string(in->first_year + 1) +
                                   "–" + std::to_string(in->last_year) + " 之间");
  }
  const std::string county = in->county_code;
  if (!county.empty() && !c.scope.CanReadAggregatesOf(county)) {
    return Status::PermissionDenied("无权查看全县的回测结果");
  }
  ZJ_ASSIGN_OR_RETURN(auto bt, c.s.projections.BacktestUpTo(*in, base));
  Json j = {{"base_year", base}, {"synthetic", c.s.info.synthetic}};
  if (!bt) {
    j["available"] = false;
    j["message"] = "基年前的学籍年份不足以回测（至少需要 4 个学年）";
    return j;
  }
  auto cells = [](const std::vector<engine::AccuracyCell>& v) {
    Json out = Json::array();
    for (const auto& a : v) {
      out.push_back({{"forecaster", engine::ForecasterName(a.forecaster)},
                     {"level", engine::LevelName(a.level)},
                     {"quantity", a.quantity},
                     {"lead", a.lead},
                     {"n", a.n},
                     {"mape", std::round(a.mape * 100) / 100},
                     {"wape", std::round(a.wape * 100) / 100},
                     {"bias", std::round(a.bias * 100) / 100}});
    }
    return out;
  };
  j["available"] = true;
  j["origins"] = bt->origins;
  j["max_lead"] = bt->max_lead;
  j["coverage_target"] = bt->errors.coverage;
  j["cells"] = cells(bt->cells);
  j["coverage"] = cells(bt->coverage);
  return j;
}

}  // namespace zj::server::internal
