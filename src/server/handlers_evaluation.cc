// 督导评估 endpoints: an evaluation of a unit in a year, a what-if on a copy of the data, the
// 优质均衡 remediation plan and the xlsx workbook. Nothing here writes to the store. Per-school
// rows, failures and additions are kept only for schools inside the caller's own scope
// (engine::RestrictToSchools on the typed results; a higher unit that one may see as an aggregate
// keeps its 差异系数, counts and verdict).
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
  const engine::Hierarchy& h = *c.hierarchy;
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

// The caller's scope as the engine's school filter: per-school rows, failures and additions of
// schools outside it are dropped from the typed results before anything is serialised.
engine::SchoolFilter Visible(const Call& c) {
  return [&c](std::string_view code) { return c.scope.CoversCode(std::string(code)); };
}

Json EvaluationFor(const Call& c, engine::Evaluation ev) {
  engine::RestrictToSchools(ev, Visible(c));
  return Json::parse(engine::EvaluationJson(ev));
}

std::string RemedyFor(const Call& c, engine::RemedyPlan plan) {
  engine::RestrictToSchools(plan, Visible(c));
  return engine::RemedyJson(plan);
}

}  // namespace

Result<Json> HandleEvaluation(Call& c) {
  ZJ_ASSIGN_OR_RETURN(engine::Framework fw, FrameworkParam(c.Query("framework")));
  ZJ_ASSIGN_OR_RETURN(std::string unit, Unit(c, c.Query("unit")));
  ZJ_ASSIGN_OR_RETURN(int year, c.Year());
  ZJ_ASSIGN_OR_RETURN(engine::EvalInput in, Input(c, year, unit));
  return EvaluationFor(c, engine::Evaluate(fw, in, Config(c)));
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
  if (!std::binary_search(c.years.begin(), c.years.end(), year)) {
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
  Json ev = EvaluationFor(c, engine::Evaluate(fw, changed, Config(c)));
  ev["scenario_changes"] = changes.size();
  return ev;
}

Result<Json> HandleEvaluationRemedy(Call& c) {
  ZJ_ASSIGN_OR_RETURN(std::string unit, Unit(c, c.Query("unit")));
  ZJ_ASSIGN_OR_RETURN(int year, c.Year());
  ZJ_ASSIGN_OR_RETURN(engine::EvalInput in, Input(c, year, unit));
  ZJ_ASSIGN_OR_RETURN(engine::RemedyPlan plan, engine::Remedy(in, Config(c)));
  return Json::parse(RemedyFor(c, std::move(plan)));
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
  Json ev = EvaluationFor(c, engine::Evaluate(fw, in, Config(c)));
  std::string remedy;
  if (with_remedy.value_or(false)) {
    ZJ_ASSIGN_OR_RETURN(engine::RemedyPlan plan, engine::Remedy(in, Config(c)));
    remedy = RemedyFor(c, std::move(plan));
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
