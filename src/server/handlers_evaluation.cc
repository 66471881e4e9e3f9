// 督导评估 endpoints: an evaluation of a unit in a year, a what-if on a copy of the data, the
// 优质均衡 remediation plan and the xlsx workbook. Nothing here writes to the store. Per-school
// rows are kept only for schools inside the caller's own scope (a higher unit that one may see as
// an aggregate keeps its 差异系数, counts and verdict).
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "handlers.h"
#include "zj/engine/evaluation.h"
#include "zj/io/evaluation_report.h"

namespace zj::server::internal {
namespace {

// The frameworks with the server's evaluation overrides (zhijiao serve --config; set at start).
const engine::EvalConfig& Config(const Call& c) { return *c.s.evaluation; }

Result<std::string> Unit(const Call& c, const std::optional<std::string>& unit) {
  const engine::Hierarchy& h = *c.s.hierarchy;
  std::string code = unit.value_or(c.scope.home() >= 0 ? h.unit(c.scope.home()).code : "");
  if (h.Find(code) < 0) return Status::NotFound("单位或学校不存在：" + code);
  if (!c.scope.CanReadAggregatesOf(code)) {
    return Status::PermissionDenied("无权查看该单位的评估结果：" + code);
  }
  return code;
}

Result<engine::Framework> FrameworkParam(const std::optional<std::string>& f) {
  if (!f)
    return Status::InvalidArgument("缺少参数 framework（yz2017、jb2012、xq2020、class-size）");
  auto fw = engine::ParseFramework(*f);
  if (!fw) return Status::InvalidArgument("未知的评估框架：" + *f);
  return *fw;
}

Result<engine::EvalInput> Input(Call& c, int year, const std::string& unit) {
  ZJ_ASSIGN_OR_RETURN(std::shared_ptr<EngineData> data, c.s.Engine());
  return engine::ExtractEvalInput(data->history(), year, unit, Config(c));
}

// Drops per-school rows the caller does not cover.
void FilterSchools(const Call& c, Json& ev) {
  for (Json& st : ev["stages"]) {
    Json kept = Json::array();
    for (Json& s : st["schools"]) {
      if (c.scope.CoversCode(s["code"].get<std::string>())) kept.push_back(std::move(s));
    }
    st["schools_hidden"] = st["school_count"].get<size_t>() - kept.size();
    st["schools"] = std::move(kept);
  }
  Json kept = Json::array();
  for (Json& x : ev["excluded"]) {
    if (c.scope.CoversCode(x["code"].get<std::string>())) kept.push_back(std::move(x));
  }
  ev["excluded"] = std::move(kept);
  Json fails = Json::array();
  for (Json& f : ev["failures"]) fails.push_back(std::move(f));
  ev["failures"] = std::move(fails);
}

Json RemedyFiltered(const Call& c, const std::string& text) {
  Json p = Json::parse(text);
  Json adds = Json::array();
  for (Json& a : p["additions"]) {
    if (c.scope.CoversCode(a["school"].get<std::string>())) adds.push_back(std::move(a));
  }
  p["additions"] = std::move(adds);
  for (Json& s : p["cv_steps"]) {
    Json kept = Json::array();
    for (Json& code : s["schools"]) {
      if (c.scope.CoversCode(code.get<std::string>())) kept.push_back(std::move(code));
    }
    s["schools"] = std::move(kept);
  }
  FilterSchools(c, p["after"]);
  return p;
}

}  // namespace

Result<Json> HandleEvaluation(Call& c) {
  ZJ_ASSIGN_OR_RETURN(engine::Framework fw, FrameworkParam(c.Query("framework")));
  ZJ_ASSIGN_OR_RETURN(std::string unit, Unit(c, c.Query("unit")));
  ZJ_ASSIGN_OR_RETURN(int year, c.Year());
  ZJ_ASSIGN_OR_RETURN(engine::EvalInput in, Input(c, year, unit));
  Json ev = Json::parse(engine::EvaluationJson(engine::Evaluate(fw, in, Config(c))));
  FilterSchools(c, ev);
  return ev;
}

Result<Json> HandleEvaluationWhatIf(Call& c) {
  ZJ_ASSIGN_OR_RETURN(Json body, c.BodyObject());
  if (!body.contains("framework") || !body["framework"].is_string()) {
    return Status::InvalidArgument("缺少 framework");
  }
  ZJ_ASSIGN_OR_RETURN(engine::Framework fw, FrameworkParam(body["framework"].get<std::string>()));
  std::optional<std::string> unit_param;
  if (body.contains("unit")) {
    if (!body["unit"].is_string()) return Status::InvalidArgument("unit 必须是字符串");
    unit_param = body["unit"].get<std::string>();
  }
  ZJ_ASSIGN_OR_RETURN(std::string unit, Unit(c, unit_param));
  if (!body.contains("year") || !body["year"].is_number_integer()) {
    return Status::InvalidArgument("缺少 year（整数学年）");
  }
  const int year = body["year"].get<int>();
  if (!std::binary_search(c.s.years.begin(), c.s.years.end(), year)) {
    return Status::NotFound("没有 " + std::to_string(year) + " 学年的数据");
  }
  Json changes_doc = {{"changes", body.value("changes", Json::array())}};
  ZJ_ASSIGN_OR_RETURN(std::vector<engine::ScenarioChange> changes,
                      engine::ParseEvalScenario(changes_doc.dump()));
  for (const engine::ScenarioChange& ch : changes) {
    if (!c.scope.CoversCode(ch.school_code)) {
      return Status::PermissionDenied("无权在情景中修改该学校：" + ch.school_code);
    }
  }
  ZJ_ASSIGN_OR_RETURN(engine::EvalInput in, Input(c, year, unit));
  ZJ_ASSIGN_OR_RETURN(engine::EvalInput changed, engine::ApplyScenario(in, changes));
  Json ev = Json::parse(engine::EvaluationJson(engine::Evaluate(fw, changed, Config(c))));
  FilterSchools(c, ev);
  ev["scenario_changes"] = changes.size();
  return ev;
}

Result<Json> HandleEvaluationRemedy(Call& c) {
  ZJ_ASSIGN_OR_RETURN(std::string unit, Unit(c, c.Query("unit")));
  ZJ_ASSIGN_OR_RETURN(int year, c.Year());
  ZJ_ASSIGN_OR_RETURN(engine::EvalInput in, Input(c, year, unit));
  ZJ_ASSIGN_OR_RETURN(engine::RemedyPlan plan, engine::Remedy(in, Config(c)));
  return RemedyFiltered(c, engine::RemedyJson(plan));
}

Result<Json> HandleEvaluationExport(Call& c) {
  ZJ_ASSIGN_OR_RETURN(engine::Framework fw, FrameworkParam(c.Query("framework")));
  ZJ_ASSIGN_OR_RETURN(std::string unit, Unit(c, c.Query("unit")));
  ZJ_ASSIGN_OR_RETURN(int year, c.Year());
  ZJ_ASSIGN_OR_RETURN(std::optional<bool> with_remedy, c.QueryBool("remedy"));
  if (with_remedy.value_or(false) && fw != engine::Framework::kYz2017) {
    return Status::InvalidArgument("补充方案只支持 yz2017");
  }
  ZJ_ASSIGN_OR_RETURN(engine::EvalInput in, Input(c, year, unit));
  Json ev = Json::parse(engine::EvaluationJson(engine::Evaluate(fw, in, Config(c))));
  FilterSchools(c, ev);
  std::string remedy;
  if (with_remedy.value_or(false)) {
    ZJ_ASSIGN_OR_RETURN(engine::RemedyPlan plan, engine::Remedy(in, Config(c)));
    remedy = RemedyFiltered(c, engine::RemedyJson(plan)).dump();
  }
  char dir_template[] = "/tmp/zj-eval-XXXXXX";
  if (!mkdtemp(dir_template)) return Status::IoError("无法创建临时目录");
  const std::string dir = dir_template;
  const std::string path = dir + "/report.xlsx";
  Status s = io::WriteEvaluationXlsx(ev.dump(), remedy, path);
  std::string bytes;
  if (s.ok()) {
    std::ifstream f(path, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    bytes = ss.str();
  }
  std::remove(path.c_str());
  rmdir(dir.c_str());
  ZJ_RETURN_IF_ERROR(s);
  const std::string name = "evaluation-" + std::string(engine::FrameworkName(fw)) + "-" + unit +
                           "-" + std::to_string(year) + ".xlsx";
  c.res.set_header("Content-Disposition", "attachment; filename=\"" + name + "\"");
  c.raw_content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  c.raw_body = std::make_shared<const std::string>(std::move(bytes));
  return Json();
}

}  // namespace zj::server::internal
