// `zhijiao evaluate`: a supervision evaluation (督导评估) of one county, township or school in a
// school year — 优质均衡 (yz2017), 基本均衡 (jb2012), 学前普及普惠 (xq2020) or class/school size —
// as the stable JSON of docs/evaluation.md, a short text summary or an .xlsx workbook; with
// --scenario a what-if on a copy of the data. `zhijiao evaluate remedy`: the cheapest additions
// that make 优质均衡 pass, re-evaluated.
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli_util.h"
#include "commands.h"
#include "zj/common/file.h"
#include "zj/common/school_year.h"
#include "zj/engine/evaluation.h"
#include "zj/io/evaluation_report.h"

namespace zj::cli {
namespace {

struct Prepared {
  engine::EvalConfig config;
  engine::EvalInput input;
};

Result<Prepared> Prepare(const EvaluateOptions& opt) {
  Prepared p;
  std::string overrides;
  if (!opt.config.empty()) {
    ZJ_ASSIGN_OR_RETURN(overrides, common::ReadTextFile(opt.config, "评估配置"));
  }
  ZJ_ASSIGN_OR_RETURN(p.config, engine::LoadEvalConfig(overrides));
  ZJ_ASSIGN_OR_RETURN(auto store, OpenExistingStore(opt.db, /*read_only=*/true));
  ZJ_ASSIGN_OR_RETURN(engine::History history, engine::LoadHistory(*store, {opt.year}));
  std::string unit = opt.unit;
  if (unit.empty()) {
    const engine::Hierarchy& h = history.hierarchy();
    for (int u : h.admin_units()) {
      if (h.unit(u).kind == engine::UnitKind::kCounty) {
        unit = h.unit(u).code;
        break;
      }
    }
    if (unit.empty()) return Status::NotFound("数据库中没有县级单位，请用 --unit 指定");
  }
  ZJ_ASSIGN_OR_RETURN(p.input, engine::ExtractEvalInput(history, opt.year, unit, p.config));
  if (!opt.scenario.empty()) {
    ZJ_ASSIGN_OR_RETURN(std::string text, common::ReadTextFile(opt.scenario, "情景"));
    ZJ_ASSIGN_OR_RETURN(std::vector<engine::ScenarioChange> changes,
                        engine::ParseEvalScenario(text));
    ZJ_ASSIGN_OR_RETURN(p.input, engine::ApplyScenario(p.input, changes));
  }
  return p;
}

std::string Num(double v, int decimals = 3) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

void PrintSummary(const engine::Evaluation& e) {
  std::cout << e.framework_name_zh << " — " << e.unit_name << "（" << e.unit_code << "）"
            << SchoolYearLabel(e.year) << "\n";
  std::cout << "结论：" << (e.verdict == "pass" ? "通过" : "未通过") << "\n";
  for (const engine::StageResult& s : e.stages) {
    std::cout << model::StageNameZh(s.stage) << "：参评 " << s.schools.size() << " 所，达标 "
              << s.passing << " 所\n";
    for (const engine::IndicatorResult& i : s.indicators) {
      if (!s.cv_limit && !s.composite_cv_limit) break;
      std::cout << "  " << i.name_zh << " 差异系数 " << (i.cv ? Num(*i.cv) : std::string("—"));
      if (s.cv_limit) std::cout << (i.cv_met ? "  ≤ " : "  ✗ > ") << Num(s.cv_limit->value, 2);
      std::cout << "\n";
    }
    if (s.composite_cv_limit) {
      std::cout << "  综合差异系数 " << (s.composite_cv ? Num(*s.composite_cv) : std::string("—"))
                << (s.pass ? "  ≤ " : "  ✗ > ") << Num(s.composite_cv_limit->value, 2) << "\n";
    }
  }
  for (const engine::CountyItem& i : e.items) {
    std::cout << i.name_zh << "：" << (i.value ? Num(*i.value, 2) : std::string("无法计算"))
              << (i.met ? (*i.met ? "  达标" : "  ✗ 未达标") : "") << "\n";
  }
  if (!e.failures.empty()) {
    std::cout << "未达标事项（" << e.failures.size() << "）：\n";
    for (const engine::Failure& f : e.failures) std::cout << "  - " << f.text << "\n";
  }
}

int CheckFormat(const EvaluateOptions& opt, bool allow_table) {
  if (opt.format != "json" && opt.format != "xlsx" && !(allow_table && opt.format == "table")) {
    return FailBadInput("--format 应为 json、xlsx" + std::string(allow_table ? " 或 table" : "") +
                        "：" + opt.format);
  }
  if (opt.format == "xlsx" && opt.out.empty()) return FailBadInput("--format xlsx 需要 --out FILE");
  if (!ValidSchoolYear(opt.year)) return FailBadInput("--year 无效");
  return kExitOk;
}

}  // namespace

int RunEvaluate(const EvaluateOptions& opt) {
  auto framework = engine::ParseFramework(opt.framework);
  if (!framework) {
    return FailBadInput("--framework 应为 yz2017、jb2012、xq2020 或 class-size：" + opt.framework);
  }
  if (int rc = CheckFormat(opt, true); rc != kExitOk) return rc;
  auto p = Prepare(opt);
  if (!p.ok()) return FailWith(p.status());
  engine::Evaluation e = engine::Evaluate(*framework, p->input, p->config);
  if (opt.format == "table") {
    PrintSummary(e);
    return kExitOk;
  }
  std::string text = engine::EvaluationJson(e);
  if (opt.format == "xlsx") {
    Status s = io::WriteEvaluationXlsx(text, "", opt.out);
    if (!s.ok()) return FailWith(s);
    std::cerr << "已写入 " << opt.out << "\n";
    return kExitOk;
  }
  if (!opt.out.empty()) {
    std::ofstream f(opt.out, std::ios::binary);
    if (!(f << text << "\n")) return FailWith(Status::IoError("无法写入 " + opt.out));
    return kExitOk;
  }
  std::cout << nlohmann::json::parse(text).dump(2) << "\n";
  return kExitOk;
}

int RunEvaluateRemedy(const EvaluateOptions& opt) {
  if (!opt.framework.empty() && opt.framework != "yz2017") {
    return FailBadInput("补充方案只支持 --framework yz2017（优质均衡）");
  }
  if (int rc = CheckFormat(opt, false); rc != kExitOk) return rc;
  auto p = Prepare(opt);
  if (!p.ok()) return FailWith(p.status());
  auto plan = engine::Remedy(p->input, p->config);
  if (!plan.ok()) return FailWith(plan.status());
  std::string text = engine::RemedyJson(*plan);
  if (opt.format == "xlsx") {
    Status s = io::WriteEvaluationXlsx(engine::EvaluationJson(plan->before), text, opt.out);
    if (!s.ok()) return FailWith(s);
    std::cerr << "已写入 " << opt.out << "（补充方案总成本 " << Num(plan->total_cost, 0)
              << " 元，补充后重新评估：" << (plan->after.verdict == "pass" ? "通过" : "未通过")
              << "）\n";
    return kExitOk;
  }
  if (!opt.out.empty()) {
    std::ofstream f(opt.out, std::ios::binary);
    if (!(f << text << "\n")) return FailWith(Status::IoError("无法写入 " + opt.out));
    return kExitOk;
  }
  std::cout << nlohmann::json::parse(text).dump(2) << "\n";
  return kExitOk;
}

}  // namespace zj::cli
