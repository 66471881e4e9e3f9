// Tests of the plan as data (data/plans/yunyang-2021-2025.json against the committed plan text),
// plan-file validation (tests/engine/plan_cases/invalid_plans.json), the monitoring status rules
// (plan_cases/status_cases.json) and the synthetic plan progress of the demo county.
#include "zj/engine/plan.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "zj/common/embedded.h"
#include "zj/engine/catalog.h"
#include "zj/engine/plan_monitor.h"
#include "zj/sim/plan_progress.h"

namespace zj::engine {
namespace {

using Json = nlohmann::json;

constexpr char kPlanId[] = "yunyang-2021-2025";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot open " << path;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string CasePath(const std::string& name) {
  return std::string(ZJ_TEST_DATA_DIR) + "/plan_cases/" + name;
}

const Plan& YunyangPlan() {
  static const Plan plan = [] {
    auto p = LoadPlan(kPlanId);
    EXPECT_TRUE(p.ok()) << p.status().ToString();
    return p.ok() ? std::move(p).value() : Plan{};
  }();
  return plan;
}

// ---- The plan as data --------------------------------------------------------------------

TEST(PlanDataTest, LoadsAndIsListed) {
  auto ids = ListPlans();
  EXPECT_NE(std::find(ids.begin(), ids.end(), kPlanId), ids.end());
  const Plan& plan = YunyangPlan();
  EXPECT_EQ(plan.id, kPlanId);
  EXPECT_EQ(plan.unit_code, "500235");
  EXPECT_EQ(plan.baseline_year, 2020);
  EXPECT_EQ(plan.first_year, 2021);
  EXPECT_EQ(plan.last_year, 2025);
}

TEST(PlanDataTest, UnknownPlanIsNotFound) {
  for (const char* id : {"no-such-plan", "../yunyang-2021-2025", ""}) {
    auto p = LoadPlan(id);
    ASSERT_FALSE(p.ok()) << id;
    EXPECT_EQ(p.status().code(), StatusCode::kNotFound);
    EXPECT_NE(p.status().message().find("未知规划"), std::string::npos);
    EXPECT_NE(p.status().message().find(kPlanId), std::string::npos);  // lists the known ids
  }
}

TEST(PlanDataTest, TargetCountMatchesFile) {
  Json file =
      Json::parse(ReadFile(std::string(ZJ_SOURCE_DIR) + "/data/plans/" + kPlanId + ".json"));
  const Plan& plan = YunyangPlan();
  EXPECT_GE(plan.targets.size(), 70u);
  EXPECT_EQ(plan.targets.size(), file["targets"].size());
  EXPECT_EQ(plan.metrics.size(), file["metrics"].size());
  EXPECT_EQ(plan.sections.size(), file["sections"].size());
}

// Every quote, see_also sentence, table row and section title is verbatim in the committed plan
// text; the embedded copy is the committed file.
TEST(PlanDataTest, QuotesAreVerbatim) {
  const std::string source =
      ReadFile(std::string(ZJ_SOURCE_DIR) + "/data/plans/" + kPlanId + ".source.txt");
  ASSERT_GT(source.size(), 80000u);
  auto embedded = common::EmbeddedFile(YunyangPlan().source_file);
  ASSERT_TRUE(embedded.has_value());
  EXPECT_EQ(*embedded, source);
  EXPECT_TRUE(CheckPlanText(YunyangPlan(), source).ok());
  for (const auto& t : YunyangPlan().targets) {
    EXPECT_NE(source.find(t.quote), std::string::npos) << t.id;
    for (const auto& q : t.see_also) EXPECT_NE(source.find(q), std::string::npos) << t.id;
  }
  // A changed character is caught.
  Plan altered = YunyangPlan();
  altered.targets[20].quote += "。";
  Status s = CheckPlanText(altered, source);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find(altered.targets[20].id), std::string::npos);
}

// The plan's norms (每天2小时体育活动, 每年艺术节, 每三年综合运动会, 1—2项谋生技能, 12年免费教育 …)
// are commitments too: each is a target read from a norm metric (yearly ledger evidence), so the
// count of the plan's commitments is complete.
TEST(PlanDataTest, NormsAreEncoded) {
  const Plan& plan = YunyangPlan();
  std::set<std::string> quotes;
  for (const auto& t : plan.targets) {
    if (t.norm.empty()) continue;
    EXPECT_EQ(t.comparator, Comparator::kPass) << t.id;
    const PlanMetric* m = plan.FindMetric(t.metric);
    ASSERT_NE(m, nullptr) << t.id;
    EXPECT_EQ(m->kind, MetricKind::kNorm) << t.id;
    EXPECT_TRUE(t.same_as.empty()) << t.id;
    quotes.insert(t.quote);
  }
  EXPECT_EQ(quotes.size(), 13u);
  for (const char* q : {"切实保障学生每天2小时体育活动时间", "学校坚持每年举办艺术节",
                        "每三年举办一届综合性运动会", "探索让每个残疾学生毕业时掌握1—2项谋生技能",
                        "探索家庭经济困难的残疾学生从义务教育到高中阶段12年免费教育"}) {
    EXPECT_TRUE(quotes.count(q)) << q;
  }
  // A norm must read a norm metric with comparator pass.
  Json file =
      Json::parse(ReadFile(std::string(ZJ_SOURCE_DIR) + "/data/plans/" + kPlanId + ".json"));
  for (auto& t : file["targets"]) {
    if (t.contains("norm")) {
      t["comparator"] = ">=";
      break;
    }
  }
  EXPECT_EQ(ParsePlan(file.dump()).status().code(), StatusCode::kInvalidArgument);
}

TEST(PlanDataTest, EveryTargetReadsAKnownCode) {
  auto catalog = LoadCatalog();
  ASSERT_TRUE(catalog.ok()) << catalog.status().ToString();
  const Plan& plan = YunyangPlan();
  std::set<std::string> used_metrics;
  for (const auto& t : plan.targets) {
    switch (t.kind()) {
      case TargetKind::kIndicator:
        EXPECT_NE(catalog->Find(t.indicator), nullptr) << t.id << " " << t.indicator;
        break;
      case TargetKind::kDerived:
        EXPECT_NE(catalog->Find(t.derived->numerator), nullptr) << t.id;
        EXPECT_NE(catalog->Find(t.derived->denominator), nullptr) << t.id;
        break;
      case TargetKind::kMetric:
      case TargetKind::kMilestone:
        ASSERT_NE(plan.FindMetric(t.metric), nullptr) << t.id;
        EXPECT_EQ(catalog->Find(t.metric), nullptr) << t.metric << " shadows a catalog code";
        used_metrics.insert(t.metric);
        break;
    }
  }
  for (const auto& m : plan.metrics) EXPECT_TRUE(used_metrics.count(m.code)) << m.code << " unused";
}

TEST(PlanDataTest, MainTableAndStructure) {
  const Plan& plan = YunyangPlan();
  int main_rows = 0;
  for (const auto& t : plan.targets) {
    if (t.origin == TargetOrigin::kMainTable) {
      ++main_rows;
      EXPECT_EQ(t.section, "p2.3.main");
      ASSERT_TRUE(t.baseline.has_value()) << t.id;
      EXPECT_EQ(t.baseline->year, 2020);
      EXPECT_NE(t.attribute, TargetAttribute::kUnspecified) << t.id;
      EXPECT_EQ(t.table_cells.size(), 4u);
    }
  }
  EXPECT_EQ(main_rows, 15);
  // 万人 figures are stored in persons.
  const Target* kg = plan.FindTarget("main.kindergarten_enrolment");
  ASSERT_NE(kg, nullptr);
  EXPECT_EQ(kg->baseline->value, 29000);
  EXPECT_EQ(kg->target.value, 30000);
  EXPECT_EQ(kg->display_unit, "万人");
  EXPECT_EQ(kg->target.value / kg->display_scale, 3.0);
  // Binding targets: 巩固率 and 劳动年龄人口平均受教育年限.
  std::set<std::string> binding;
  for (const auto& t : plan.targets) {
    if (t.attribute == TargetAttribute::kBinding) binding.insert(t.id);
  }
  EXPECT_EQ(binding, (std::set<std::string>{"main.compulsory_retention",
                                            "main.labour_avg_schooling_years"}));
  // 大班额: 2020 = 31 with the 十二五 figure 478 kept.
  const Target* big = plan.FindTarget("goals.big_class_elimination");
  ASSERT_NE(big, nullptr);
  EXPECT_EQ(big->comparator, Comparator::kEliminate);
  EXPECT_EQ(big->baseline->value, 31);
  ASSERT_EQ(big->history.size(), 1u);
  EXPECT_EQ(big->history[0].year, 2015);
  EXPECT_EQ(big->history[0].value, 478);
  // The plan contradicts itself on 双师型: both kept and linked both ways.
  const Target* dq60 = plan.FindTarget("goals.dual_qualified_teacher_share");
  const Target* dq55 = plan.FindTarget("col7.dual_qualified_teacher_share");
  ASSERT_TRUE(dq60 && dq55);
  EXPECT_EQ(dq60->comparator, Comparator::kApprox);
  EXPECT_EQ(dq55->comparator, Comparator::kGreaterEqual);
  EXPECT_EQ(dq60->conflicts_with, std::vector<std::string>{dq55->id});
  EXPECT_EQ(dq55->conflicts_with, std::vector<std::string>{dq60->id});
  // Every conflict is declared on both sides.
  for (const auto& t : plan.targets) {
    for (const auto& other : t.conflicts_with) {
      const Target* o = plan.FindTarget(other);
      ASSERT_NE(o, nullptr);
      EXPECT_NE(std::find(o->conflicts_with.begin(), o->conflicts_with.end(), t.id),
                o->conflicts_with.end())
          << t.id << " ↔ " << other;
    }
  }
  // 专栏 1–8 exist; 3, 4 and 5 have no title line and carry the inferred-number flag.
  for (int n = 1; n <= 8; ++n) {
    const PlanSection* col = plan.FindSection("col" + std::to_string(n));
    ASSERT_NE(col, nullptr) << n;
    EXPECT_EQ(col->kind, "column");
    EXPECT_EQ(col->number, "专栏" + std::to_string(n));
    EXPECT_EQ(col->number_inferred, n >= 3 && n <= 5) << n;
    EXPECT_EQ(col->title.empty(), col->number_inferred) << n;
  }
  // The five measure groups of 第三部分.
  std::vector<std::string> groups;
  for (const auto& s : plan.sections) {
    if (!s.measure_group.empty()) groups.push_back(s.measure_group);
  }
  EXPECT_EQ(groups, (std::vector<std::string>{"一项重大工程", "五大专项计划", "五大专项行动",
                                              "五大攻坚项目", "五大改革任务"}));
  // Section paths end at a part.
  auto path = plan.SectionPath("col7");
  ASSERT_GE(path.size(), 3u);
  EXPECT_EQ(path.back()->id, "part3");
}

// ---- Plan-file validation ----------------------------------------------------------------

TEST(PlanParseTest, MinimalPlanParses) {
  auto plan = ParsePlan(ReadFile(CasePath("minimal_plan.json")));
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_EQ(plan->targets.size(), 4u);
  EXPECT_EQ(plan->FindTarget("t.platform")->kind(), TargetKind::kMilestone);
  EXPECT_EQ(plan->FindTarget("t.smart")->kind(), TargetKind::kMetric);
  EXPECT_EQ(plan->FindTarget("t.ger")->kind(), TargetKind::kIndicator);
}

TEST(PlanParseTest, InvalidPlansAreRejected) {
  const Json base = Json::parse(ReadFile(CasePath("minimal_plan.json")));
  const Json cases = Json::parse(ReadFile(CasePath("invalid_plans.json")));
  ASSERT_GE(cases["cases"].size(), 20u);
  for (const auto& c : cases["cases"]) {
    std::string text;
    if (c.contains("raw")) {
      text = c["raw"].get<std::string>();
    } else {
      Json plan = base;
      if (c.contains("plan_patch")) plan.merge_patch(c["plan_patch"]);
      if (c.contains("target_patch")) plan["targets"][0].merge_patch(c["target_patch"]);
      text = plan.dump();
    }
    auto parsed = ParsePlan(text);
    ASSERT_FALSE(parsed.ok()) << c["name"];
    EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidArgument) << c["name"];
    EXPECT_NE(parsed.status().message().find(c["error"].get<std::string>()), std::string::npos)
        << c["name"] << ": " << parsed.status().message();
  }
}

// ---- Status rules ------------------------------------------------------------------------

TEST(PlanMonitorTest, StatusCases) {
  const Json base = Json::parse(ReadFile(CasePath("minimal_plan.json")));
  const Json cases = Json::parse(ReadFile(CasePath("status_cases.json")));
  const int baseline_year = cases["baseline_year"].get<int>();
  ASSERT_GE(cases["cases"].size(), 30u);
  std::set<std::string> statuses_seen;
  for (const auto& c : cases["cases"]) {
    const std::string name = c["name"].get<std::string>();
    // The case's rule fields on a plain metric target (pass needs the milestone metric).
    Json plan = base;
    Json target = {{"id", "case"},    {"quote", "q"},      {"metric", "smart_schools"},
                   {"unit", "u"},     {"section", "p1.1"}, {"responsible", "r"},
                   {"origin", "text"}};
    target.merge_patch(c["target"]);
    if (target["comparator"] == "pass") target["metric"] = "platform";
    plan["targets"] = Json::array({target});
    auto parsed = ParsePlan(plan.dump());
    ASSERT_TRUE(parsed.ok()) << name << ": " << parsed.status().ToString();
    const Target& t = parsed->targets[0];

    std::map<int, double> values;
    for (const auto& [year, v] : c["series"].items()) values[std::stoi(year)] = v.get<double>();
    ValueSeries series = [&](const Target&, int year) -> std::optional<double> {
      auto it = values.find(year);
      if (it == values.end()) return std::nullopt;
      return it->second;
    };
    MonitorOptions options;
    if (c.contains("limits")) {
      ValueLimits lim = DefaultLimits(t);
      lim.valid_max = c["limits"]["valid_max"].get<double>();
      lim.forecast_max = lim.valid_max;
      lim.above_max_note = c["limits"]["note"].get<std::string>();
      options.limits = [lim](const Target&) { return lim; };
    }
    TargetEvaluation e = EvaluateTarget(t, c["year"].get<int>(), baseline_year, series, options);
    const Json& want = c["expect"];
    EXPECT_EQ(TargetStatusName(e.status), want["status"].get<std::string>())
        << name << " — " << e.reason;
    statuses_seen.insert(want["status"].get<std::string>());
    EXPECT_FALSE(e.reason.empty()) << name;
    if (want.contains("forecast")) {
      if (want["forecast"].is_null()) {
        EXPECT_FALSE(e.forecast.has_value()) << name;
      } else {
        ASSERT_TRUE(e.forecast.has_value()) << name;
        EXPECT_NEAR(e.forecast->value, want["forecast"].get<double>(), 1e-3) << name;
      }
    }
    if (want.contains("warning")) {
      EXPECT_EQ(!e.warning.empty(), want["warning"].get<bool>()) << name << " — " << e.warning;
      if (!e.warning.empty()) {
        EXPECT_NE(e.warning.find(c["limits"]["note"].get<std::string>()), std::string::npos);
      }
    }
    if (want.contains("clamped")) {
      ASSERT_TRUE(e.forecast.has_value()) << name;
      EXPECT_EQ(e.forecast->clamped, want["clamped"].get<bool>()) << name;
      if (e.forecast->clamped) {
        EXPECT_NE(e.reason.find("已截断"), std::string::npos) << e.reason;
      }
    }
    if (want.contains("points")) {
      ASSERT_TRUE(e.forecast.has_value()) << name;
      EXPECT_EQ(e.forecast->points, want["points"].get<int>()) << name;
    }
    if (want.contains("required")) {
      ASSERT_TRUE(e.required.has_value()) << name;
      EXPECT_NEAR(*e.required, want["required"].get<double>(), 1e-6) << name;
    }
    if (want.contains("on_path")) {
      ASSERT_TRUE(e.on_path.has_value()) << name;
      EXPECT_EQ(*e.on_path, want["on_path"].get<bool>()) << name;
    }
  }
  EXPECT_EQ(statuses_seen,
            (std::set<std::string>{"achieved", "on_track", "at_risk", "off_track", "no_data"}));
}

TEST(PlanMonitorTest, DerivedRatioSeries) {
  Target t;
  t.derived = DerivedRatio{"vocational_enrolment", "senior_enrolment", 100};
  std::map<std::string, double> ind = {{"vocational_enrolment", 7500}, {"senior_enrolment", 30000}};
  ValueSeries series = MakeValueSeries(
      [&](const std::string& code, int year) -> std::optional<double> {
        if (year != 2025 || !ind.count(code)) return std::nullopt;
        return ind[code];
      },
      [](const std::string&, int) -> std::optional<double> { return 99; });
  EXPECT_DOUBLE_EQ(*series(t, 2025), 25.0);
  EXPECT_FALSE(series(t, 2024).has_value());
  ind["senior_enrolment"] = 0;
  EXPECT_FALSE(series(t, 2025).has_value());  // no division by zero
  Target m;
  m.metric = "x";
  EXPECT_EQ(*series(m, 2025), 99);
}

TEST(PlanMonitorTest, SummaryCountsEachCommitmentOnce) {
  auto plan = ParsePlan(ReadFile(CasePath("minimal_plan.json")));
  ASSERT_TRUE(plan.ok());
  std::map<std::string, double> metric = {{"smart_schools", 25}, {"platform", 0.5}};
  ValueSeries series = MakeValueSeries(
      [](const std::string& code, int) -> std::optional<double> {
        if (code == "preschool_ger") return 91.0;
        return std::nullopt;
      },
      [&](const std::string& code, int year) -> std::optional<double> {
        if (year != 2023) return std::nullopt;
        return metric.count(code) ? std::optional<double>(metric[code]) : std::nullopt;
      });
  auto evals = EvaluatePlan(*plan, 2023, series);
  ASSERT_EQ(evals.size(), 4u);
  EXPECT_EQ(evals[1].status, TargetStatus::kAchieved);  // t.smart
  EXPECT_EQ(evals[2].status, TargetStatus::kAchieved);  // t.smart2 (same_as t.smart)
  PlanSummary s = SummarizePlan(*plan, evals);
  EXPECT_EQ(s.overall.total(), 3);  // t.smart2 repeats t.smart
  EXPECT_EQ(s.overall.achieved, 1);
  ASSERT_EQ(s.sections.size(), 3u);
  EXPECT_EQ(s.sections[0].section_id, "part1");
  EXPECT_EQ(s.sections[0].counts.total(), 3);
  EXPECT_EQ(s.sections[2].section_id, "p1.2");
  EXPECT_EQ(s.sections[2].counts.total(), 2);
  ASSERT_EQ(s.responsible.size(), 2u);
  EXPECT_EQ(s.responsible[1].name, "信息化");
  ASSERT_TRUE(s.overall.share_achieved().has_value());
  EXPECT_NEAR(*s.overall.share_achieved(), 100.0 / 3, 1e-9);
}

// ---- Synthetic plan progress -------------------------------------------------------------

TEST(PlanProgressTest, DeterministicAndComplete) {
  auto a = sim::GeneratePlanProgress("500235", 2015, 2025, 7);
  auto b = sim::GeneratePlanProgress("500235", 2015, 2025, 7);
  auto c = sim::GeneratePlanProgress("500235", 2015, 2025, 8);
  ASSERT_FALSE(a.empty());
  ASSERT_EQ(a.size(), b.size());
  bool differs = false;
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].code, b[i].code);
    EXPECT_EQ(a[i].year, b[i].year);
    EXPECT_EQ(a[i].value, b[i].value) << a[i].code << " " << a[i].year;
    differs = differs || a[i].value != c[i].value;
  }
  EXPECT_TRUE(differs) << "the seed changes the values";

  const Plan& plan = YunyangPlan();
  std::map<std::string, std::map<int, double>> by_code;
  for (const auto& v : a) {
    EXPECT_EQ(v.unit_code, "500235");
    EXPECT_EQ(v.source, sim::kSyntheticSource);
    by_code[v.code][v.year] = v.value;
  }
  // Every manual metric of the plan, the three 主要指标 data values and the denominator, 11 years.
  for (const auto& m : plan.metrics) {
    ASSERT_TRUE(by_code.count(m.code)) << m.code;
    EXPECT_EQ(by_code[m.code].size(), 11u) << m.code;
  }
  for (const char* code :
       {"avg_schooling_years", "labour_avg_schooling_years", "fiscal_education_share",
        "higher_education_enrolment", sim::kDisabledChildrenCode}) {
    ASSERT_TRUE(by_code.count(code)) << code;
  }
  EXPECT_EQ(by_code.size(), plan.metrics.size() + 5);
  EXPECT_EQ(by_code["higher_education_enrolment"][2020], 0);
  EXPECT_GT(by_code["higher_education_enrolment"][2025], 0);
  // Published 2020 baselines.
  EXPECT_DOUBLE_EQ(by_code["avg_schooling_years"][2020], 8.51);
  EXPECT_DOUBLE_EQ(by_code["labour_avg_schooling_years"][2020], 11.3);
  EXPECT_DOUBLE_EQ(by_code["fiscal_education_share"][2020], 21.9);
  // Shapes: cumulative counts start at 0 in 2020 and never fall; milestones and shares in range.
  for (const auto& m : plan.metrics) {
    const auto& series = by_code[m.code];
    for (const auto& [year, v] : series) {
      if (m.kind == MetricKind::kMilestone) {
        EXPECT_TRUE(v >= 0 && v <= 1) << m.code;
      }
      if (m.kind == MetricKind::kShare) {
        EXPECT_TRUE(v >= 0 && v <= 100) << m.code;
      }
      if (m.kind == MetricKind::kCumulativeCount) {
        if (year <= 2020) {
          EXPECT_EQ(v, 0) << m.code << " " << year;
        }
        if (series.count(year - 1)) {
          EXPECT_GE(v, series.at(year - 1)) << m.code << " " << year;
        }
        EXPECT_EQ(v, std::round(v)) << m.code;
      }
    }
  }
  // A value does not depend on the requested year range.
  auto narrow = sim::GeneratePlanProgress("500235", 2022, 2023, 7);
  for (const auto& v : narrow) EXPECT_EQ(v.value, by_code[v.code][v.year]) << v.code << v.year;
  EXPECT_TRUE(sim::GeneratePlanProgress("500235", 2025, 2024, 7).empty());
}

TEST(PlanProgressTest, DenominatorFollowsTheRegistry) {
  sim::PlanProgressOptions opt;
  opt.enrolled_disabled_6_14 = {{2021, 640}, {2022, 655}};
  auto values = sim::GeneratePlanProgress("500235", 2021, 2022, 3, opt);
  int seen = 0;
  for (const auto& v : values) {
    if (v.code != sim::kDisabledChildrenCode) continue;
    ++seen;
    const double enrolled = opt.enrolled_disabled_6_14[v.year];
    EXPECT_GE(v.value, enrolled);
    EXPECT_LE(enrolled / v.value, 0.999 + 1e-9);
    EXPECT_GE(enrolled / v.value, 0.97);
  }
  EXPECT_EQ(seen, 2);
  auto bad = sim::GeneratePlanProgressFrom("{}", "500235", 2021, 2022, 3);
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace zj::engine
