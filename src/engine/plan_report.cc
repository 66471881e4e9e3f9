// The evaluation report document (see zj/engine/plan_report.h and docs/report.md).
#include "zj/engine/plan_report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "zj/engine/catalog.h"
#include "zj/engine/indicators.h"
#include "zj/engine/plan.h"
#include "zj/engine/plan_monitor.h"
#include "zj/engine/snapshot.h"

namespace zj::engine {

std::optional<EvaluationKind> ParseEvaluationKind(std::string_view name) {
  if (name == "annual") return EvaluationKind::kAnnual;
  if (name == "midterm") return EvaluationKind::kMidterm;
  if (name == "final") return EvaluationKind::kFinal;
  return std::nullopt;
}

std::string_view EvaluationKindName(EvaluationKind k) {
  switch (k) {
    case EvaluationKind::kAnnual:
      return "annual";
    case EvaluationKind::kMidterm:
      return "midterm";
    case EvaluationKind::kFinal:
      return "final";
  }
  return "final";
}

std::string_view EvaluationKindNameZh(EvaluationKind k) {
  switch (k) {
    case EvaluationKind::kAnnual:
      return "年度监测报告";
    case EvaluationKind::kMidterm:
      return "中期评估报告";
    case EvaluationKind::kFinal:
      return "总结评估报告";
  }
  return "总结评估报告";
}

namespace {

using Json = nlohmann::ordered_json;

// A value in the plan's display unit: 29000 persons → "2.9万人"; progress 0..1 as a percentage.
std::string Display(const Target& t, double v, bool with_unit = true) {
  char buf[64];
  if (t.comparator == Comparator::kPass) {
    std::snprintf(buf, sizeof buf, "%.0f%%", v * 100);
    return buf;
  }
  const double d = v / t.display_scale;
  if (std::fabs(d) >= 1e4 || d == std::round(d)) {
    std::snprintf(buf, sizeof buf, "%.0f", d);
  } else if (std::fabs(d) >= 100) {
    std::snprintf(buf, sizeof buf, "%.1f", d);
  } else {
    std::snprintf(buf, sizeof buf, "%.2f", d);
    // Trim trailing zeros of the two decimals ("2.90" → "2.9").
    std::string s = buf;
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
    std::snprintf(buf, sizeof buf, "%s", s.c_str());
  }
  if (!with_unit) return buf;
  return std::string(buf) + (t.display_unit.empty() ? t.unit : t.display_unit);
}

std::string TargetText(const Target& t) {
  std::string value = Display(t, t.target.value);
  switch (t.comparator) {
    case Comparator::kEliminate:
      return "消除";
    case Comparator::kFullCoverage:
      return "全覆盖";
    case Comparator::kPass:
      return "通过/建成";
    case Comparator::kAnnualDecrease:
      return "每年降" + value;
    case Comparator::kAnnualIncrease:
      return t.target.value == 0 ? "只增不减" : "每年增" + value;
    case Comparator::kApprox:
      return value + "左右";
    case Comparator::kGreaterEqual:
      return "≥" + value;
    case Comparator::kGreater:
      return ">" + value;
    case Comparator::kLessEqual:
      return "≤" + value;
    case Comparator::kLess:
      return "<" + value;
    case Comparator::kEqual:
      return value;
  }
  return value;
}

std::string Percent1(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", v);
  return buf;
}

Json CountsJson(const StatusCounts& c) {
  return Json{{"achieved", c.achieved},   {"on_track", c.on_track}, {"at_risk", c.at_risk},
              {"off_track", c.off_track}, {"no_data", c.no_data},   {"total", c.total()}};
}

Json StateCountsJson(const StateCounts& c) {
  return Json{{"done", c.done}, {"in_progress", c.in_progress}, {"not_started", c.not_started},
              {"late", c.late}, {"flagged", c.flagged},         {"total", c.total()}};
}

}  // namespace

Result<std::string> BuildEvaluationReport(model::Store& store, const EvaluationRequest& req) {
  Plan loaded;
  if (req.plan == nullptr) {
    ZJ_ASSIGN_OR_RETURN(loaded, LoadPlan(req.plan_id));
  }
  const Plan& plan = req.plan ? *req.plan : loaded;
  ZJ_ASSIGN_OR_RETURN(model::DatabaseInfo info, store.GetInfo());
  const std::string county = info.county_code;
  if (county.empty()) {
    return Status::InvalidArgument("数据库没有县级根单位（county_code 为空），无法评估县级规划");
  }
  ZJ_ASSIGN_OR_RETURN(std::vector<int> years, store.ListYears());
  if (years.empty()) return Status::InvalidArgument("数据库中没有任何学年的数据");
  int year = req.year;
  if (year == 0) {
    switch (req.kind) {
      case EvaluationKind::kFinal:
        year = plan.last_year;
        break;
      case EvaluationKind::kMidterm:
        year = plan.first_year + (plan.last_year - plan.first_year) / 2;
        break;
      case EvaluationKind::kAnnual:
        year = std::min(years.back(), plan.last_year);
        break;
    }
  }
  if (year < plan.first_year || year > plan.last_year) {
    return Status::InvalidArgument("学年 " + std::to_string(year) + " 不在规划期（" +
                                   std::to_string(plan.first_year) + "—" +
                                   std::to_string(plan.last_year) + "）内");
  }
  if (std::find(years.begin(), years.end(), year) == years.end()) {
    return Status::InvalidArgument("数据库中没有学年 " + std::to_string(year) + " 的数据（已有：" +
                                   std::to_string(years.front()) + "—" +
                                   std::to_string(years.back()) + "）");
  }
  // The final evaluation looks at the ledger the day after the period ends (unfinished tasks are
  // late); annual and midterm reports at the end of the evaluated year.
  const Date as_of = req.as_of.value_or(req.kind == EvaluationKind::kFinal && year == plan.last_year
                                            ? Date{year + 1, 1, 1}
                                            : Date{year, 12, 31});

  ZJ_ASSIGN_OR_RETURN(Catalog catalog, LoadCatalog());
  std::vector<int> wanted;
  for (int y : years) {
    // Every year up to the evaluated one: cohort indicators (巩固率) reach back nine years.
    if (y <= year) wanted.push_back(y);
  }
  ZJ_ASSIGN_OR_RETURN(History history, LoadHistory(store, wanted));
  ZJ_ASSIGN_OR_RETURN(Engine eng, Engine::Create(catalog, history));
  ZJ_ASSIGN_OR_RETURN(std::vector<model::DataValue> data_values, store.ListDataValues(""));
  std::map<std::pair<std::string, int>, double> manual;
  std::set<std::string> sources;
  for (const auto& v : data_values) {
    if (v.unit_code != county) continue;
    manual[{v.code, v.year}] = v.value;
    if (!v.source.empty()) sources.insert(v.source);
  }
  std::map<std::pair<std::string, int>, std::optional<double>> computed;
  CodeSeries indicators = [&](const std::string& code, int y) -> std::optional<double> {
    if (y > year) return std::nullopt;
    auto [it, inserted] = computed.try_emplace({code, y});
    if (inserted) {
      auto v = eng.Evaluate(code, county, y);
      if (v.ok()) it->second = v->value;
    }
    return it->second;
  };
  CodeSeries metrics = [&](const std::string& code, int y) -> std::optional<double> {
    if (y > year) return std::nullopt;
    auto it = manual.find({code, y});
    if (it == manual.end()) return std::nullopt;
    return it->second;
  };
  const ValueSeries series = MakeValueSeries(indicators, metrics);
  MonitorOptions monitor;
  monitor.limits = LimitsFromCatalog(catalog);
  const std::vector<TargetEvaluation> evals = EvaluatePlan(plan, year, series, monitor);
  const PlanSummary summary = SummarizePlan(plan, evals);

  ZJ_ASSIGN_OR_RETURN(std::vector<model::Task> tasks, store.ListTasks());
  ZJ_ASSIGN_OR_RETURN(std::vector<model::Milestone> milestones, store.ListMilestones(""));
  ZJ_ASSIGN_OR_RETURN(std::vector<model::TaskProgress> progress, store.ListTaskProgress(""));
  const std::vector<LedgerRow> ledger =
      EvaluateLedger(tasks, milestones, progress, as_of, req.rules);
  StateCounts ledger_total;
  for (const auto& r : ledger) ledger_total.Add(r.status);

  std::string county_name = county;
  ZJ_ASSIGN_OR_RETURN(std::vector<model::AdminUnit> units, store.ListAdminUnits());
  std::map<std::string, std::string> unit_names;
  for (const auto& u : units) unit_names[u.code] = u.name;
  ZJ_ASSIGN_OR_RETURN(std::vector<model::School> schools, store.ListSchools());
  for (const auto& s : schools) unit_names[s.code] = s.name;
  if (unit_names.count(county)) county_name = unit_names[county];

  Json doc;
  doc["plan"] = plan.id;
  doc["plan_title"] = plan.title;
  doc["kind"] = EvaluationKindName(req.kind);
  doc["kind_zh"] = EvaluationKindNameZh(req.kind);
  doc["title"] = plan.title + std::string(EvaluationKindNameZh(req.kind));
  doc["year"] = year;
  doc["year_label"] = SchoolYearLabel(year);
  doc["as_of"] = as_of.ToString();
  doc["county"] = county;
  doc["county_name"] = county_name;
  doc["synthetic"] = info.synthetic;
  doc["data_statement"] =
      info.synthetic ? "本报告基于合成演示数据（synthetic demo data）生成，数字不代表任何真实地区"
                     : "本报告基于本库登记数据与手工填报数据生成";

  // ---- 1. overview ----
  int binding = 0, binding_met = 0;
  for (size_t i = 0; i < evals.size(); ++i) {
    const Target& t = plan.targets[i];
    if (!t.same_as.empty() || t.attribute != TargetAttribute::kBinding) continue;
    ++binding;
    if (evals[i].status == TargetStatus::kAchieved) ++binding_met;
  }
  const StatusCounts& oc = summary.overall;
  Json overview = Json::array();
  overview.push_back("规划共设定量化目标 " + std::to_string(oc.total()) +
                     " 项（同一承诺只计一次）。截至 " + std::to_string(year) + " 学年：已达成 " +
                     std::to_string(oc.achieved) + " 项，进度正常 " + std::to_string(oc.on_track) +
                     " 项，存在风险 " + std::to_string(oc.at_risk) + " 项，进度滞后 " +
                     std::to_string(oc.off_track) + " 项，无数据 " + std::to_string(oc.no_data) +
                     " 项。");
  overview.push_back("约束性指标 " + std::to_string(binding) + " 项，已达成 " +
                     std::to_string(binding_met) + " 项。");
  overview.push_back("工作台账共 " + std::to_string(ledger_total.total()) + " 项任务（截至 " +
                     as_of.ToString() + "）：已完成 " + std::to_string(ledger_total.done) +
                     " 项，进行中 " + std::to_string(ledger_total.in_progress) + " 项，未开始 " +
                     std::to_string(ledger_total.not_started) + " 项，滞后 " +
                     std::to_string(ledger_total.late) + " 项；需督办 " +
                     std::to_string(ledger_total.flagged) + " 项。");
  doc["overview"] = overview;
  doc["target_counts"] = CountsJson(oc);
  doc["binding"] = {{"total", binding}, {"achieved", binding_met}};

  // ---- 2. main indicator table and charts ----
  Json years_json = Json::array();
  for (int y = plan.baseline_year + 1; y <= year; ++y) years_json.push_back(y);
  Json main_rows = Json::array();
  Json charts = Json::array();
  std::set<std::string> used_codes;
  for (size_t i = 0; i < evals.size(); ++i) {
    const Target& t = plan.targets[i];
    const TargetEvaluation& e = evals[i];
    if (t.origin != TargetOrigin::kMainTable) continue;
    if (!t.indicator.empty()) used_codes.insert(t.indicator);
    Json row;
    row["id"] = t.id;
    row["name"] = t.table_cells.empty() ? t.quote : t.table_cells.front();
    // The plan's own 2020 column when it states one, else the series in the baseline year —
    // whatever the status (an achieved target has no required path, but still a baseline).
    std::optional<double> baseline =
        t.baseline ? std::optional<double>(t.baseline->value) : series(t, plan.baseline_year);
    row["baseline"] = baseline ? Display(t, *baseline, false) : "—";
    Json values = Json::array();
    Json raw = Json::array();
    Json chart_years = Json::array();
    for (int y = plan.baseline_year + 1; y <= year; ++y) {
      std::optional<double> v = series(t, y);
      values.push_back(v ? Display(t, *v, false) : "—");
      raw.push_back(v ? Json(*v / t.display_scale) : Json(nullptr));
    }
    row["values"] = values;
    row["target"] = TargetText(t);
    row["attribute"] = std::string(TargetAttributeNameZh(t.attribute)).empty()
                           ? "—"
                           : std::string(TargetAttributeNameZh(t.attribute));
    std::optional<double> completion;
    if (e.value && t.target.value != 0 &&
        (t.comparator == Comparator::kGreaterEqual || t.comparator == Comparator::kGreater ||
         t.comparator == Comparator::kEqual || t.comparator == Comparator::kApprox)) {
      completion = *e.value / t.target.value * 100;
    }
    row["completion"] = completion ? Percent1(*completion) : "—";
    row["status"] = TargetStatusName(e.status);
    row["status_zh"] =
        e.warning.empty() ? std::string(TargetStatusNameZh(e.status)) : std::string("数据质量警告");
    row["warning"] = e.warning.empty() ? Json(nullptr) : Json(e.warning);
    row["binding_met"] = t.attribute == TargetAttribute::kBinding
                             ? (e.status == TargetStatus::kAchieved ? "是" : "否")
                             : "—";
    main_rows.push_back(row);
    // A trend chart for every main indicator with at least two yearly values.
    Json cy = Json::array(), cv = Json::array();
    for (int y = plan.baseline_year; y <= year; ++y) {
      std::optional<double> v = series(t, y);
      if (!v && y == plan.baseline_year && e.baseline) v = e.baseline->value;
      if (v) {
        cy.push_back(y);
        cv.push_back(*v / t.display_scale);
      }
    }
    (void)chart_years;
    (void)raw;
    if (cv.size() >= 2) {
      charts.push_back({{"title", row["name"]},
                        {"unit", t.display_unit.empty() ? t.unit : t.display_unit},
                        {"years", cy},
                        {"values", cv},
                        {"target", t.target.value / t.display_scale},
                        {"target_year", t.target.year}});
    }
  }
  doc["main_table"] = {{"years", years_json}, {"rows", main_rows}};
  doc["charts"] = charts;

  // ---- 3. 专栏 targets ----
  Json columns = Json::array();
  for (const PlanSection& s : plan.sections) {
    if (s.kind != "column") continue;
    Json rows = Json::array();
    for (size_t i = 0; i < evals.size(); ++i) {
      const Target& t = plan.targets[i];
      if (t.section != s.id) continue;
      const TargetEvaluation& e = evals[i];
      rows.push_back({{"id", t.id},
                      {"quote", t.quote},
                      {"target", TargetText(t)},
                      {"value", e.value ? Display(t, *e.value) : "—"},
                      {"status", TargetStatusName(e.status)},
                      {"status_zh", e.warning.empty() ? std::string(TargetStatusNameZh(e.status))
                                                      : std::string("数据质量警告")}});
    }
    columns.push_back({{"section", s.id},
                       {"title", s.number + (s.title.empty() ? "" : " " + s.title)},
                       {"rows", rows}});
  }
  doc["columns"] = columns;

  // ---- 4. work ledger ----
  Json ledger_sections = Json::array();
  for (const auto& sec : SummarizeLedgerBySection(plan, ledger)) {
    Json j = StateCountsJson(sec.counts);
    j["title"] = sec.title;
    ledger_sections.push_back(j);
  }
  Json late = Json::array();
  for (const auto& r : ledger) {
    if (r.status.state != TaskState::kLate && !r.status.stalled) continue;
    late.push_back({{"id", r.task.id},
                    {"title", r.task.title},
                    {"unit", unit_names.count(r.task.unit_code) ? unit_names[r.task.unit_code]
                                                                : r.task.unit_code},
                    {"department", r.task.department},
                    {"state_zh", TaskStateNameZh(r.status.state)},
                    {"percent", Percent1(r.status.percent)},
                    {"reason", r.status.reason}});
  }
  doc["ledger"] = {{"as_of", as_of.ToString()},
                   {"total", StateCountsJson(ledger_total)},
                   {"sections", ledger_sections},
                   {"flagged", late}};

  // ---- 5. problems ----
  Json problems = Json::array();
  for (size_t i = 0; i < evals.size(); ++i) {
    const Target& t = plan.targets[i];
    const TargetEvaluation& e = evals[i];
    if (!t.same_as.empty()) continue;
    if (e.status != TargetStatus::kOffTrack && e.status != TargetStatus::kAtRisk &&
        e.warning.empty()) {
      continue;
    }
    problems.push_back({{"id", t.id},
                        {"quote", t.quote},
                        {"value", e.value ? Display(t, *e.value) : "—"},
                        {"target", TargetText(t)},
                        {"required", e.required ? Display(t, *e.required) : "—"},
                        {"forecast", e.forecast ? Display(t, e.forecast->value) : "—"},
                        {"status_zh", e.warning.empty() ? std::string(TargetStatusNameZh(e.status))
                                                        : std::string("数据质量警告")},
                        {"reason", e.warning.empty() ? e.reason : e.warning}});
  }
  doc["problems"] = problems;
  doc["supervision_note"] = "督导评估指标模块未接入本库，本节不含督导指标。";

  // ---- 6. annex ----
  Json defs = Json::array();
  for (const std::string& code : used_codes) {
    const IndicatorDef* d = catalog.Find(code);
    if (!d) continue;
    defs.push_back({{"code", d->code},
                    {"name", d->name_zh},
                    {"unit", d->unit},
                    {"definition", d->description.empty() ? d->expression : d->description},
                    {"source", d->source},
                    {"mark", MarkNameZh(d->mark)}});
  }
  Json src = Json::array();
  src.push_back("学生、教职工、学校与办学条件登记数据（本库，按学年）");
  for (const auto& s : sources) src.push_back("手工填报数据：" + s);
  src.push_back("规划文本：" + plan.title + "（" + plan.issuer + "）");
  src.push_back(plan.year_note);
  doc["annex"] = {{"definitions", defs}, {"sources", src}};
  return doc.dump();
}

}  // namespace zj::engine
