// A county education plan as data: its section tree (parts, sections, the 一项重大工程 /
// 五大专项计划 / 五大专项行动 / 五大攻坚项目 / 五大改革任务 measures and the 专栏 boxes) and every
// quantitative target with the verbatim quote it comes from. Plans live in data/plans/<id>.json
// (compiled into the binary) next to the plan's full text, data/plans/<id>.source.txt; docs/plan.md
// describes the file. Monitoring of the targets against yearly values is in
// zj/engine/plan_monitor.h.
//
// Plans are immutable values after loading; all functions here are pure and thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "zj/common/status.h"

namespace zj::engine {

// How the target value is compared with the actual value.
enum class Comparator {
  kGreaterEqual,    // ">="  达到/以上
  kGreater,         // ">"   ＞/高于
  kLessEqual,       // "<="
  kLess,            // "<"   低于
  kEqual,           // "="   a figure to land on, within `tolerance` (主要指标 enrolment counts)
  kApprox,          // "approx"  左右 / 大体相当, within `tolerance`
  kEliminate,       // "eliminate"  消除 → value ≤ tolerance (target value 0)
  kFullCoverage,    // "full_coverage"  全覆盖 → ≥ 100 (%)
  kAnnualDecrease,  // "annual_decrease"  每年降低 X: yearly change ≤ −X
  kAnnualIncrease,  // "annual_increase"  每年增加 X / 逐年只增不减 (X = 0): yearly change ≥ X
  kPass,            // "pass"  通过认定 / 建成: milestone progress 0..1, 1 = done
};
std::string_view ComparatorName(Comparator c);  // ">=", "eliminate", ...
std::optional<Comparator> ParseComparator(std::string_view name);
// The annual_* comparators judge the change from the previous year rather than the level.
bool IsAnnualComparator(Comparator c);

enum class TargetAttribute { kUnspecified, kExpected, kBinding };  // —, 预期性, 约束性
std::string_view TargetAttributeNameZh(TargetAttribute a);         // "", "预期性", "约束性"

// Where in the plan the target is stated.
enum class TargetOrigin { kMainTable, kText, kColumn };  // 主要指标表, 正文, 专栏
std::string_view TargetOriginName(TargetOrigin o);       // "main_table", "text", "column"

// What the target is measured by.
enum class TargetKind {
  kIndicator,  // an indicator of the catalog (computed from the registries or a catalog data value)
  kDerived,    // a ratio of two catalog indicators (e.g. 职普比)
  kMetric,     // a manual progress metric declared by the plan (DataValue records)
  kMilestone,  // a manual metric with comparator pass (progress 0..1)
};
std::string_view TargetKindName(TargetKind k);  // "indicator", "derived", "metric", "milestone"

struct YearValue {
  int year = 0;
  double value = 0;
};

// numerator / denominator × scale, both catalog indicator codes.
struct DerivedRatio {
  std::string numerator;
  std::string denominator;
  double scale = 1;
};

struct PlanSection {
  std::string id;      // "p3.2.1", "col7" …
  std::string parent;  // "" for a part
  std::string kind;    // part, section, subsection, principle, goal, table, measure, item, column
  std::string number;  // as printed: "第三部分", "一、", "（一）", "1.", "专栏7"; "" when none
  std::string title;          // verbatim heading text; "" for a 专栏 printed without a title line
  std::string measure_group;  // 一项重大工程, 五大专项计划 … (the five parts of 第三部分)
  bool numbered = true;          // false for unnumbered paragraph headings
  bool number_inferred = false;  // 专栏 number inferred from order (no title line in the text)
  std::string note;
};

// A manual progress metric the plan declares (its values are DataValue records, code = metric
// code, unit_code = the county).
enum class MetricKind {
  kCount,            // a stock count at the statistical date
  kCumulativeCount,  // created/built since the start of the plan period (0 in the baseline year)
  kShare,            // a percentage 0..100
  kLevel,            // an amount (万元, 册/生 …)
  kMilestone,  // progress 0..1: 0 未启动, 0.25 立项, 0.5 申报/在建, 0.75 市级通过, 1 认定/建成
  kNorm,  // a norm kept every school year: 1 = kept, with evidence in the work ledger; 0 = not
};
std::string_view MetricKindName(MetricKind k);  // "count", "cumulative_count", ...

struct PlanMetric {
  std::string code;
  std::string name;  // Chinese
  std::string unit;
  MetricKind kind = MetricKind::kCount;
  std::string description;
};

struct Target {
  std::string id;     // stable, e.g. "main.preschool_ger", "col7.dual_qualified_teacher_share"
  std::string quote;  // verbatim from the plan text (for table rows: the indicator cell)
  std::vector<std::string> table_cells;  // 主要指标 rows: the row's cells, verbatim
  std::vector<std::string> see_also;     // further verbatim sentences stating the same target
  std::string indicator;                 // catalog code, or ""
  std::string metric;                    // manual metric code, or ""
  std::optional<DerivedRatio> derived;
  std::string unit;                   // unit of baseline/target values
  std::string display_unit;           // the plan's unit when different (万人, 亿元), else ""
  double display_scale = 1;           // value / display_scale = the plan's figure
  std::optional<YearValue> baseline;  // the plan's baseline (2020 column …)
  std::vector<YearValue> history;     // earlier figures the plan quotes (大班额 2015 = 478)
  YearValue target;                   // target year and value (for annual_*: the yearly X)
  Comparator comparator = Comparator::kGreaterEqual;
  double tolerance = 0;  // for =, approx, eliminate (absolute, in `unit`)
  TargetAttribute attribute = TargetAttribute::kUnspecified;
  std::string section;      // PlanSection id
  std::string responsible;  // the plan's area: 学前教育, 教师队伍, 信息化 …
  TargetOrigin origin = TargetOrigin::kText;
  std::string same_as;  // id of the canonical target stating the same commitment
  std::vector<std::string> conflicts_with;  // ids of targets the plan contradicts itself with
  std::string note;
  std::string unverified;  // why part of the rule has no official basis (configurable)
  // A norm (规范性承诺: 每天2小时体育活动, 每年举办艺术节 …): how often the plan asks for it
  // ("每天", "每年", "每三年", "每学期" …), else "". Its metric is of kind kNorm and its
  // comparator pass: the target is met in a school year whose ledger evidence shows it kept.
  std::string norm;

  TargetKind kind() const;
  // The code whose values the target reads: indicator, metric, or "numerator/denominator".
  std::string ValueCode() const;
};

struct Plan {
  std::string id;  // "yunyang-2021-2025"
  std::string title;
  std::string issuer;
  std::string unit_code;  // administrative unit the plan belongs to ("500235")
  int first_year = 0;     // first and last school year of the plan period
  int last_year = 0;
  int baseline_year = 0;
  std::string source_file;  // embedded path of the full plan text
  std::string year_note;
  std::vector<PlanSection> sections;  // in document order
  std::vector<PlanMetric> metrics;
  std::vector<Target> targets;  // in document order

  const Target* FindTarget(std::string_view id) const;
  const PlanSection* FindSection(std::string_view id) const;
  const PlanMetric* FindMetric(std::string_view code) const;
  // The section and its ancestors, innermost first (empty when the id is unknown).
  std::vector<const PlanSection*> SectionPath(std::string_view id) const;
};

// Parses and validates a plan file. kInvalidArgument naming the first offending entry when: a
// required field is missing or mistyped; ids repeat; a parent, section, same_as or
// conflicts_with reference is unknown; a target names none or more than one of indicator /
// metric / derived, or a metric the file does not declare; a comparator is unknown; eliminate
// has a target value other than 0, full_coverage other than 100, pass other than 1; a tolerance
// or annual step is negative; a baseline is not before the target year.
Result<Plan> ParsePlan(std::string_view json_text);

// Checks that every target quote, see_also sentence, 主要指标 row (its cells joined by
// "\n\t") and section title is a verbatim substring of the plan text. kInvalidArgument listing
// the first missing text.
Status CheckPlanText(const Plan& plan, std::string_view source_text);

// Loads the embedded data/plans/<id>.json and checks it against its embedded source text.
// kNotFound (message in Chinese, listing the known ids) when there is no such plan.
Result<Plan> LoadPlan(std::string_view id);

// Ids of the embedded plans, sorted.
std::vector<std::string> ListPlans();

inline constexpr char kDefaultPlanId[] = "yunyang-2021-2025";

}  // namespace zj::engine
