// `zhijiao plan targets` (the plan's quantitative targets, no database needed), `zhijiao plan
// status` (each target's status in a school year for the database's county, plus the attainment
// summary) and `zhijiao plan extract` (draft targets read from a plan document). The monitoring
// rules live in the engine (zj/engine/plan_monitor.h, docs/plan.md); this file wires them to the
// indicator engine and the Store's manual data values and prints the result as JSON or as a table.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "cli_util.h"
#include "commands.h"
#include "zj/common/file.h"
#include "zj/engine/catalog.h"
#include "zj/engine/indicators.h"
#include "zj/engine/plan.h"
#include "zj/engine/plan_extract.h"
#include "zj/engine/plan_monitor.h"
#include "zj/engine/snapshot.h"
#include "zj/io/document_text.h"
#include "zj/service/plans.h"

namespace zj::cli {
namespace {

using Json = nlohmann::ordered_json;
using engine::Plan;
using engine::Target;

Json Number(std::optional<double> v, int decimals = 4) {
  return v ? Json(RoundTo(*v, decimals)) : Json(nullptr);
}

Json YearValueJson(const std::optional<engine::YearValue>& yv) {
  if (!yv) return nullptr;
  return Json{{"year", yv->year}, {"value", RoundTo(yv->value, 6)}};
}

Json TargetJson(const Target& t) {
  Json j;
  j["id"] = t.id;
  j["quote"] = t.quote;
  j["kind"] = engine::TargetKindName(t.kind());
  j["indicator"] = t.indicator.empty() ? Json(nullptr) : Json(t.indicator);
  j["metric"] = t.metric.empty() ? Json(nullptr) : Json(t.metric);
  if (t.derived) {
    j["derived"] = {{"numerator", t.derived->numerator},
                    {"denominator", t.derived->denominator},
                    {"scale", t.derived->scale}};
  }
  j["unit"] = t.unit;
  if (!t.display_unit.empty()) {
    j["display_unit"] = t.display_unit;
    j["display_scale"] = t.display_scale;
  }
  j["baseline"] = YearValueJson(t.baseline);
  j["target"] = YearValueJson(t.target);
  j["comparator"] = engine::ComparatorName(t.comparator);
  if (t.tolerance > 0) j["tolerance"] = t.tolerance;
  const auto attribute = engine::TargetAttributeNameZh(t.attribute);
  j["attribute"] = attribute.empty() ? Json(nullptr) : Json(attribute);
  j["section"] = t.section;
  j["responsible"] = t.responsible;
  j["origin"] = engine::TargetOriginName(t.origin);
  if (!t.same_as.empty()) j["same_as"] = t.same_as;
  if (!t.conflicts_with.empty()) j["conflicts_with"] = t.conflicts_with;
  if (!t.note.empty()) j["note"] = t.note;
  if (!t.unverified.empty()) j["unverified"] = t.unverified;
  return j;
}

Json CountsJson(const engine::StatusCounts& c) {
  return Json{{"achieved", c.achieved},
              {"on_track", c.on_track},
              {"at_risk", c.at_risk},
              {"off_track", c.off_track},
              {"no_data", c.no_data},
              {"total", c.total()},
              {"share_achieved", Number(c.share_achieved(), 1)},
              {"share_on_track_or_achieved", Number(c.share_on_track_or_achieved(), 1)}};
}

// Terminal columns of a UTF-8 string: CJK and full-width characters take two.
int DisplayWidth(const std::string& s) {
  int width = 0;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    uint32_t cp = c;
    int len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : 4;
    if (len > 1) {
      cp = c & (0xFF >> (len + 1));
      for (int k = 1; k < len && i + k < s.size(); ++k) cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    width += cp >= 0x2E80 ? 2 : 1;
    i += len;
  }
  return width;
}

// Left-aligned in `width` columns, always followed by at least one space.
std::string Pad(const std::string& s, int width) {
  return s + std::string(std::max(1, width - DisplayWidth(s)), ' ');
}

// A value in the plan's display unit, e.g. 29000 persons → "2.9万人".
std::string Display(const Target& t, double v) {
  char buf[64];
  const double d = v / t.display_scale;
  std::snprintf(buf, sizeof buf, std::fabs(d) >= 1e4 ? "%.0f" : "%.4g", d);
  if (t.comparator == engine::Comparator::kPass) return buf;  // progress 0..1
  return std::string(buf) + (t.display_unit.empty() ? t.unit : t.display_unit);
}

std::string TargetText(const Target& t) {
  std::string value = Display(t, t.target.value);
  // Yearly steps of a percentage are 个百分点.
  if (engine::IsAnnualComparator(t.comparator) && t.unit == "%") {
    value.replace(value.size() - 1, 1, "个百分点");
  }
  switch (t.comparator) {
    case engine::Comparator::kEliminate:
      return "消除";
    case engine::Comparator::kFullCoverage:
      return "全覆盖";
    case engine::Comparator::kPass:
      return "通过/建成";
    case engine::Comparator::kAnnualDecrease:
      return "每年降" + value;
    case engine::Comparator::kAnnualIncrease:
      return t.target.value == 0 ? "只增不减" : "每年增" + value;
    case engine::Comparator::kApprox:
      return value + "左右";
    default:
      return std::string(engine::ComparatorName(t.comparator)) + value;
  }
}

// The plan `id` of the database ("" = its default plan, zj/service/plans.h).
Result<Plan> StoredPlan(model::Store& store, const std::string& id) {
  ZJ_ASSIGN_OR_RETURN(std::string resolved, service::ResolvePlanId(store, id));
  return service::LoadStoredPlan(store, resolved);
}

service::Actor PlanActor(const std::string& command) {
  service::Actor actor = service::CliActor();
  actor.address += " (zhijiao plan " + command + ")";
  return actor;
}

Json StoredPlanJson(const model::StoredPlan& p) {
  return Json{{"id", p.id},
              {"title", p.title},
              {"unit_code", p.unit_code},
              {"first_year", p.first_year},
              {"last_year", p.last_year},
              {"baseline_year", p.baseline_year},
              {"status", p.status},
              {"version", p.version},
              {"target_count", p.target_count},
              {"imported_at", p.imported_at},
              {"imported_by", p.imported_by}};
}

}  // namespace

int RunPlanTargets(const PlanTargetsOptions& opt) {
  auto plan = [&]() -> Result<Plan> {
    if (opt.db.empty())
      return engine::LoadPlan(opt.plan.empty() ? engine::kDefaultPlanId : opt.plan);
    ZJ_ASSIGN_OR_RETURN(auto store, OpenExistingStore(opt.db, /*read_only=*/true));
    return StoredPlan(*store, opt.plan);
  }();
  if (!plan.ok()) return FailWith(plan.status());
  if (opt.format == "json") {
    Json out = Json::array();
    for (const auto& t : plan->targets) out.push_back(TargetJson(t));
    std::cout << out.dump(2) << "\n";
    return kExitOk;
  }
  std::cout << plan->title << "（" << plan->issuer << "）\n";
  std::cout << Pad("目标", 46) << Pad("读取", 36) << Pad("基线", 16) << Pad("目标值", 18)
            << Pad("属性", 8) << "引文\n";
  std::map<std::string, int> by_kind, by_origin;
  int repeats = 0, norms = 0;
  for (const auto& t : plan->targets) {
    std::string baseline =
        t.baseline ? std::to_string(t.baseline->year) + ":" + Display(t, t.baseline->value) : "—";
    std::string attribute(engine::TargetAttributeNameZh(t.attribute));
    std::cout << Pad(t.id, 46) << Pad(t.ValueCode(), 36) << Pad(baseline, 16)
              << Pad(std::to_string(t.target.year) + ":" + TargetText(t), 18)
              << Pad(attribute.empty() ? "—" : attribute, 8) << t.quote << "\n";
    ++by_kind[std::string(engine::TargetKindName(t.kind()))];
    ++by_origin[std::string(engine::TargetOriginName(t.origin))];
    if (!t.same_as.empty()) ++repeats;
    if (!t.norm.empty()) ++norms;
  }
  // The count shown everywhere (规划监测, 总览, report): each commitment once.
  std::cout << "共 " << plan->targets.size() - repeats << " 项目标（同一承诺只计一次；另有 "
            << repeats << " 条重复表述，共 " << plan->targets.size() << " 条目标记录）\n";
  std::cout << "目标记录 " << plan->targets.size() << " 条：目录指标 " << by_kind["indicator"]
            << "，比值指标 " << by_kind["derived"] << "，手工指标 " << by_kind["metric"]
            << "，里程碑 " << by_kind["milestone"] << "（其中规范性承诺 " << norms
            << "，按学年台账佐证核定）；主要指标表 " << by_origin["main_table"] << "，正文 "
            << by_origin["text"] << "，专栏 " << by_origin["column"] << "\n";
  return kExitOk;
}

int RunPlanStatus(const PlanStatusOptions& opt) {
  auto store = OpenExistingStore(opt.db, /*read_only=*/true);
  if (!store.ok()) return FailWith(store.status());
  model::Store& s = **store;
  // Any year is monitored: before the period it shows baselines, after it the final state
  // (规划期已结束, engine::EvaluatePlan).
  auto plan = StoredPlan(s, opt.plan);
  if (!plan.ok()) return FailWith(plan.status());
  auto info = s.GetInfo();
  if (!info.ok()) return FailWith(info.status());
  const std::string county = info->county_code;
  if (county.empty())
    return FailBadInput("数据库没有县级根单位（county_code 为空），无法监测县级规划");
  auto years = s.ListYears();
  if (!years.ok()) return FailWith(years.status());
  if (std::find(years->begin(), years->end(), opt.year) == years->end()) {
    std::string have = years->empty()
                           ? "无"
                           : std::to_string(years->front()) + "—" + std::to_string(years->back());
    return FailBadInput("数据库中没有学年 " + std::to_string(opt.year) + " 的数据（已有：" + have +
                        "）");
  }

  auto catalog = engine::LoadCatalog();
  if (!catalog.ok()) return FailWith(catalog.status());
  auto history = engine::LoadHistory(s);
  if (!history.ok()) return FailWith(history.status());
  auto eng = engine::Engine::Create(*catalog, *history);
  if (!eng.ok()) return FailWith(eng.status());
  auto data_values = s.ListDataValues("");
  if (!data_values.ok()) return FailWith(data_values.status());

  // Manual figures of the county; indicator values computed on demand and cached.
  std::map<std::pair<std::string, int>, double> manual;
  for (const auto& v : *data_values) {
    if (v.unit_code == county) manual[{v.code, v.year}] = v.value;
  }
  std::map<std::pair<std::string, int>, std::optional<double>> computed;
  engine::CodeSeries indicators = [&](const std::string& code, int year) -> std::optional<double> {
    if (year > opt.year) return std::nullopt;  // monitoring as of the requested year
    auto [it, inserted] = computed.try_emplace({code, year});
    if (inserted) {
      auto v = eng->Evaluate(code, county, year);  // kNotFound for a year without data
      if (v.ok()) it->second = v->value;
    }
    return it->second;
  };
  engine::CodeSeries metrics = [&](const std::string& code, int year) -> std::optional<double> {
    if (year > opt.year) return std::nullopt;
    auto it = manual.find({code, year});
    if (it == manual.end()) return std::nullopt;
    return it->second;
  };
  const engine::ValueSeries series = engine::MakeValueSeries(indicators, metrics);
  engine::MonitorOptions monitor;
  monitor.limits = engine::LimitsFromCatalog(*catalog);
  const auto evaluations = engine::EvaluatePlan(*plan, opt.year, series, monitor);
  const engine::PlanSummary summary = engine::SummarizePlan(*plan, evaluations);

  if (opt.format == "json") {
    Json out;
    out["plan"] = plan->id;
    out["title"] = plan->title;
    out["year"] = opt.year;
    out["phase"] = opt.year < plan->first_year  ? "baseline"
                   : opt.year > plan->last_year ? "ended"
                                                : "period";
    out["county"] = county;
    out["synthetic"] = info->synthetic;
    Json items = Json::array();
    for (size_t i = 0; i < evaluations.size(); ++i) {
      const Target& t = plan->targets[i];
      const auto& e = evaluations[i];
      Json j;
      j["id"] = t.id;
      j["indicator"] = t.indicator.empty() ? Json(nullptr) : Json(t.indicator);
      j["metric"] = t.metric.empty() ? Json(nullptr) : Json(t.metric);
      j["unit"] = t.unit;
      j["value"] = Number(e.value);
      j["target"] = RoundTo(t.target.value, 6);
      j["target_year"] = t.target.year;
      j["comparator"] = engine::ComparatorName(t.comparator);
      j["status"] = engine::TargetStatusName(e.status);
      j["status_zh"] = engine::TargetStatusNameZh(e.status);
      j["baseline"] = YearValueJson(e.baseline);
      j["required"] = Number(e.required);
      j["required_annual_change"] = Number(e.required_annual_change);
      j["actual_annual_change"] = Number(e.actual_annual_change);
      if (e.forecast) {
        j["forecast"] = {
            {"value", RoundTo(e.forecast->value, 4)}, {"year", t.target.year},
            {"slope", RoundTo(e.forecast->slope, 4)}, {"points", e.forecast->points},
            {"first_year", e.forecast->first_year},   {"last_year", e.forecast->last_year},
            {"clamped", e.forecast->clamped}};
        if (e.forecast->clamped) j["forecast"]["unclamped"] = RoundTo(e.forecast->unclamped, 4);
      } else {
        j["forecast"] = nullptr;
      }
      j["reason"] = e.reason;
      j["phase"] = engine::MonitorPhaseName(e.phase);
      j["warning"] = e.warning.empty() ? Json(nullptr) : Json(e.warning);
      if (!t.same_as.empty()) j["same_as"] = t.same_as;
      items.push_back(std::move(j));
    }
    out["targets"] = std::move(items);
    Json sections = Json::array();
    for (const auto& sec : summary.sections) {
      sections.push_back(
          {{"section", sec.section_id}, {"title", sec.title}, {"counts", CountsJson(sec.counts)}});
    }
    Json responsible = Json::array();
    for (const auto& g : summary.responsible) {
      responsible.push_back({{"responsible", g.name}, {"counts", CountsJson(g.counts)}});
    }
    out["summary"] = {{"overall", CountsJson(summary.overall)},
                      {"sections", std::move(sections)},
                      {"responsible", std::move(responsible)}};
    std::cout << out.dump(2) << "\n";
    return kExitOk;
  }

  std::cout << plan->title << " — " << opt.year << "学年，县 " << county << "\n";
  if (opt.year > plan->last_year) {
    std::cout << "规划期已结束（" << plan->first_year << "—" << plan->last_year << "），以下为 "
              << plan->last_year << " 学年的终期状态\n";
  } else if (opt.year < plan->first_year) {
    std::cout << "基线年：规划期自 " << plan->first_year << " 学年开始，以下为基线与现状\n";
  }
  if (info->synthetic) std::cout << "** 演示数据（合成） / synthetic demo data **\n";
  std::cout << Pad("目标", 46) << Pad("实际", 14) << Pad("目标值", 18) << Pad("状态", 10)
            << Pad("预测", 14) << "说明\n";
  for (size_t i = 0; i < evaluations.size(); ++i) {
    const Target& t = plan->targets[i];
    const auto& e = evaluations[i];
    std::cout << Pad(t.id, 46) << Pad(e.value ? Display(t, *e.value) : "—", 14)
              << Pad(std::to_string(t.target.year) + ":" + TargetText(t), 18)
              << Pad(std::string(engine::TargetStatusNameZh(e.status)), 10)
              << Pad(e.forecast ? Display(t, e.forecast->value) : "—", 14) << e.reason << "\n";
  }
  auto line = [](const std::string& name, const engine::StatusCounts& c) {
    char share[32] = "—";
    if (auto v = c.share_on_track_or_achieved()) std::snprintf(share, sizeof share, "%.0f%%", *v);
    std::cout << Pad(name, 60) << " 达成 " << c.achieved << "  正常 " << c.on_track << "  风险 "
              << c.at_risk << "  滞后 " << c.off_track << "  无数据 " << c.no_data
              << "  （达成或正常 " << share << "）\n";
  };
  std::cout << "\n按规划章节（同一承诺只计一次）：\n";
  line("全部目标", summary.overall);
  for (const auto& sec : summary.sections) {
    const auto* ps = plan->FindSection(sec.section_id);
    if (ps->kind == "part" || ps->kind == "section" || ps->kind == "table" ||
        ps->kind == "column") {
      line((ps->kind == "part" ? "" : "  ") + sec.title, sec.counts);
    }
  }
  std::cout << "\n按责任领域：\n";
  for (const auto& g : summary.responsible) line("  " + g.name, g.counts);
  return kExitOk;
}

int RunPlanExtract(const PlanExtractOptions& opt) {
  auto doc = io::ReadDocumentText(opt.file);
  if (!doc.ok()) return FailWith(doc.status());
  auto matcher = engine::IndicatorMatcher::Load();
  if (!matcher.ok()) return FailWith(matcher.status());
  engine::ExtractOptions options;
  options.matcher = &*matcher;
  std::vector<engine::DraftTarget> drafts = engine::ExtractPlanTargets(doc->text, options);
  if (opt.format == "json") {
    std::cout << engine::DraftTargetsJson(drafts) << "\n";
    return kExitOk;
  }
  auto number = [](std::optional<double> v) {
    if (!v) return std::string("—");
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", *v);
    return std::string(buf);
  };
  std::cout << Pad("#", 4) << Pad("指标", 44) << Pad("单位", 10) << Pad("基期", 14)
            << Pad("目标", 20) << Pad("属性", 8) << "指标代码\n";
  int from_table = 0, linked = 0;
  for (size_t i = 0; i < drafts.size(); ++i) {
    const auto& d = drafts[i];
    std::string base =
        d.baseline_value ? std::to_string(*d.baseline_year) + ":" + number(d.baseline_value) : "—";
    std::string target = (d.target_year ? std::to_string(*d.target_year) + ":" : std::string()) +
                         d.comparator + " " + number(d.target_value);
    std::cout << Pad(std::to_string(i + 1), 4) << Pad(d.name, 44)
              << Pad(d.unit.empty() ? "—" : d.unit, 10) << Pad(base, 14) << Pad(target, 20)
              << Pad(d.attribute.empty() ? "—" : d.attribute, 8)
              << (d.indicator.empty() ? "—" : d.indicator) << "\n";
    from_table += d.from_table ? 1 : 0;
    linked += d.indicator.empty() ? 0 : 1;
  }
  std::cout << "共 " << drafts.size() << " 条草稿目标（主要指标表 " << from_table
            << " 条，关联目录指标 " << linked << " 条）；来源：" << io::DocumentKindName(doc->kind)
            << (doc->kind == io::DocumentKind::kText ? "，" + doc->encoding : std::string())
            << "。草稿须经人工审核。\n";
  return kExitOk;
}

// ---- plans stored in the database ----

int RunPlanImport(const PlanDbOptions& opt) {
  auto text = common::ReadTextFile(opt.file, "规划文件");
  if (!text.ok()) return FailWith(text.status());
  auto store = OpenExistingStore(opt.db, /*read_only=*/false);
  if (!store.ok()) return FailWith(store.status());
  auto row = service::ImportPlan(**store, *text, PlanActor("import"),
                                 static_cast<int64_t>(std::time(nullptr)), opt.status);
  if (!row.ok()) return FailWith(row.status());
  std::cerr << "zhijiao: 已导入规划 " << row->id << "（版本 " << row->version << "，"
            << service::PlanStatusNameZh(row->status) << "，" << row->target_count << " 项目标）："
            << row->title << "\n";
  return kExitOk;
}

int RunPlanList(const PlanDbOptions& opt) {
  auto store = OpenExistingStore(opt.db, /*read_only=*/true);
  if (!store.ok()) return FailWith(store.status());
  auto plans = service::ListPlans(**store);
  if (!plans.ok()) return FailWith(plans.status());
  const std::string def = service::DefaultPlanId(*plans);
  if (opt.format == "json") {
    Json out = Json::array();
    for (const auto& p : *plans) {
      Json j = StoredPlanJson(p);
      j["default"] = p.id == def;
      out.push_back(std::move(j));
    }
    std::cout << out.dump(2) << "\n";
    return kExitOk;
  }
  std::cout << Pad("规划", 28) << Pad("规划期", 12) << Pad("状态", 8) << Pad("版本", 6)
            << Pad("目标", 6) << "名称\n";
  for (const auto& p : *plans) {
    std::cout << Pad(p.id + (p.id == def ? " *" : ""), 28)
              << Pad(std::to_string(p.first_year) + "—" + std::to_string(p.last_year), 12)
              << Pad(std::string(service::PlanStatusNameZh(p.status)), 8)
              << Pad(std::to_string(p.version), 6) << Pad(std::to_string(p.target_count), 6)
              << p.title << "\n";
  }
  std::cout << "共 " << plans->size() << " 个规划" << (def.empty() ? "" : "（* 为默认规划）")
            << "\n";
  return kExitOk;
}

int RunPlanShow(const PlanDbOptions& opt) {
  auto store = OpenExistingStore(opt.db, /*read_only=*/true);
  if (!store.ok()) return FailWith(store.status());
  auto row = service::GetPlan(**store, opt.id);
  if (!row.ok()) return FailWith(row.status());
  auto plan = engine::ParsePlan(row->json);
  if (!plan.ok()) return FailWith(plan.status());
  if (opt.format == "json") {
    Json j = StoredPlanJson(*row);
    j["issuer"] = plan->issuer;
    j["sections"] = plan->sections.size();
    j["metrics"] = plan->metrics.size();
    j["target_records"] = plan->targets.size();
    std::cout << j.dump(2) << "\n";
    return kExitOk;
  }
  std::cout << row->title << "\n"
            << "  id：" << row->id << "（版本 " << row->version << "，"
            << service::PlanStatusNameZh(row->status) << "）\n  发文单位：" << plan->issuer
            << "；区划 " << row->unit_code << "\n  规划期：" << row->first_year << "—"
            << row->last_year << "，基线年 " << row->baseline_year << "\n  目标："
            << row->target_count << " 项（目标记录 " << plan->targets.size() << " 条），章节 "
            << plan->sections.size() << "，手工指标 " << plan->metrics.size() << "\n  导入："
            << row->imported_by << "\n";
  return kExitOk;
}

int RunPlanExport(const PlanDbOptions& opt) {
  auto store = OpenExistingStore(opt.db, /*read_only=*/true);
  if (!store.ok()) return FailWith(store.status());
  auto text = service::ExportPlan(**store, opt.id);
  if (!text.ok()) return FailWith(text.status());
  if (opt.out.empty()) {
    std::cout << *text;
    return kExitOk;
  }
  std::ofstream out(opt.out, std::ios::binary | std::ios::trunc);
  out << *text;
  if (!out) return FailBadInput("无法写入 " + opt.out);
  return kExitOk;
}

int RunPlanDelete(const PlanDbOptions& opt) {
  auto store = OpenExistingStore(opt.db, /*read_only=*/false);
  if (!store.ok()) return FailWith(store.status());
  Status st = service::DeletePlan(**store, opt.id, PlanActor("delete"),
                                  static_cast<int64_t>(std::time(nullptr)));
  if (!st.ok()) return FailWith(st);
  std::cerr << "zhijiao: 已删除规划 " << opt.id << "\n";
  return kExitOk;
}

}  // namespace zj::cli
