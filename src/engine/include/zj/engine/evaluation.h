// Supervision evaluations (督导评估) of a county's schools in one school year: 优质均衡 (2017),
// 基本均衡 (2012), 学前普及普惠 (2020) and class/school size compliance. Per school: each
// indicator's value against its standard, met or not, the shortfall; per stage: the
// enrolment-weighted 差异系数 of every indicator against its limit; per framework: the verdict
// and the list of failures. Remedy() finds the cheapest additions that make 优质均衡 pass (every
// school rule and every 差异系数 limit) and re-evaluates the remedied inputs to prove it.
//
// Frameworks are data: data/evaluation/frameworks.json (stage weights, scope rules, unit costs,
// indicator definitions) with thresholds looked up in data/standards/indicator-thresholds.csv, so
// every rule carries the verification mark of its source (docs/evaluation.md).
//
// 差异系数 (per indicator, per stage): CV = sqrt(Σ n_j (x_j − X)² / N) / X with x_j the school's
// per-student value, n_j its students of the stage, N = Σ n_j and X = Σ resource / Σ students (the
// county value). Schools spanning stages (九年一贯制, 完全中学, 十二年一贯制) split every resource
// between stages in proportion to students × stage weight (1 : 1.1 : 1.32 by default).
#pragma once

#include <array>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "zj/common/status.h"
#include "zj/engine/catalog.h"
#include "zj/engine/snapshot.h"
#include "zj/model/records.h"

namespace zj::engine {

enum class Framework { kYz2017, kJb2012, kXq2020, kClassSize };
std::string_view FrameworkName(Framework f);  // "yz2017", "jb2012", "xq2020", "class-size"
std::optional<Framework> ParseFramework(std::string_view name);

// School resources (whole school, all stages). kTeacherQualifiedPrimary counts 专科 and above,
// kTeacherQualifiedJunior 本科 and above (the 2017 "高于规定学历" bars of 小学 and 初中).
enum class Resource : int {
  kTeacherQualifiedPrimary = 0,
  kTeacherQualifiedJunior,
  kTeacherBackbone,  // 县级及以上骨干 full-time teachers
  kTeacherPeArt,     // full-time teachers of 体育, 音乐 or 美术
  kTeachingArea,     // 教学及辅助用房面积 ㎡
  kSportsArea,       // 体育运动场馆面积 ㎡
  kEquipment,        // 教学仪器设备值 元
  kMultimedia,       // 网络多媒体教室 间
  kComputers,
  kBooks,
  kTeachers,         // full-time teachers
  kTeacherMidTitle,  // full-time teachers with 一级教师 (中级) or higher
};
inline constexpr int kResourceCount = 12;
// Keys used in frameworks.json, what-if scenarios and remediation plans. Both qualified-teacher
// resources share the key "teacher_qualified" (a teacher with 本科 counts for both bars).
std::string_view ResourceKey(Resource r);

struct ClassSummary {
  int classes = 0;
  int over_standard = 0;  // above the stage's 标准班额
  int big = 0;            // 56–65 by default; 大班额 as reported is big + super_big (≥ 56)
  int super_big = 0;      // 超大班额 (≥ 66)
  int max_size = 0;
  std::array<int, 4> kg_over{};  // kindergarten classes over their grade's limit, by grade 1..3
};

// One school's inputs. Built from a Snapshot by ExtractEvalInput, or directly (tests, benches,
// what-if scenarios).
struct SchoolInput {
  std::string code;
  std::string name;
  int type_code = 0;
  bool is_public = true;
  bool inclusive = false;
  std::array<double, 8> students{};  // enrolled students by model::Stage value
  std::array<double, kResourceCount> resources{};
  std::array<ClassSummary, 8> classes{};  // by model::Stage value
  double kg_teachers = 0;                 // full-time kindergarten teachers
  double kg_teachers_certified = 0;
};

struct EvalInput {
  int year = 0;
  std::string unit_code;
  std::string unit_name;
  std::vector<SchoolInput> schools;
  std::optional<double> population_3_5;  // 3–5 周岁人口 of the unit (学前三年毛入园率)
};

// A configurable value with the verification mark of its source.
struct Rule {
  double value = 0;
  Mark mark = Mark::kUnverified;
  std::string source;
  bool configured = false;  // replaced by a configuration override
};

struct IndicatorDefinition {
  std::string key;  // stable JSON key, e.g. "teaching_area_per_student"
  std::string name_zh;
  std::string unit;
  std::string note;
  double per = 1;  // 100 for "每百名学生"
  std::array<Resource, 8> resource{};
  std::array<std::optional<Rule>, 8> standard;  // by stage; none for 基本均衡 indicators
  std::string cost_key;                         // unit cost item of the resource
};

struct UnitCost {
  std::string key;
  std::string name_zh;
  std::string unit;
  double yuan = 0;
  bool whole = true;        // bought in whole units (teachers, rooms); ㎡ and 元 are continuous
  bool configured = false;  // replaced by a configuration override
};

// How Remedy() searches (configurable: "remedy" in the overrides).
struct RemedyOptions {
  bool use_mip = true;  // false: the water-filling heuristic alone ("method": "heuristic")
  double time_limit_seconds = 1.5;  // CPU time of the solve; then the best passing plan
  double mip_gap = 1e-4;            // relative gap at which one MIP solve stops
  int max_iterations = 60;          // outer-approximation rounds (LP and MIP each)
};

struct EvalConfig {
  std::array<double, 8> stage_weight{};  // primary, junior, general_senior; others 0
  Rule weight_rule;                      // mark/source of the weights
  std::vector<int> teaching_point_types;
  Rule teaching_point_min;  // 教学点 below this many compulsory students are out of scope
  std::vector<UnitCost> unit_costs;
  Mark unit_cost_mark = Mark::kUnverified;
  std::string unit_cost_source;

  std::vector<IndicatorDefinition> yz_indicators, jb_indicators;
  Rule yz_min_met, yz_floor;
  std::array<std::optional<Rule>, 8> yz_cv_limit, jb_cv_limit;
  // class and school size
  std::array<std::optional<Rule>, 8> standard_class;
  Rule big_class_min, super_big_class_min, school_size_single, school_size_combined;
  std::array<std::optional<Rule>, 4> kg_class_limit;  // by kindergarten grade 1..3
  Rule kg_school_size;
  // 学前普及普惠
  Rule xq_ger, xq_inclusive, xq_public, xq_children_per_teacher, xq_certified, xq_class_ok;
  RemedyOptions remedy;

  const UnitCost* FindCost(std::string_view key) const;
};

// Loads data/evaluation/frameworks.json and the thresholds it names. `overrides_json` (may be
// empty) replaces values: {"stage_weights": {"junior": 1.2}, "scope":
// {"teaching_point_min_students": 0}, "unit_costs": {"teaching_area_m2": 2500}, "thresholds":
// {"YZ_R4|小学": 5.0}, "remedy": {"method": "mip"|"heuristic", "time_limit_seconds": 10,
// "mip_gap": 0.001}}; an unknown key or a value out of range is kInvalidArgument with a Chinese
// message.
Result<EvalConfig> LoadEvalConfig(std::string_view overrides_json = {});

// Inputs of the schools of `unit_code` (county, township or one school) in `year`.
Result<EvalInput> ExtractEvalInput(const History& history, int year, std::string_view unit_code,
                                   const EvalConfig& config);

// ---- Results --------------------------------------------------------------------------------

struct SchoolResult {
  std::string code;
  std::string name;
  int type_code = 0;
  double enrolment = 0;                       // students of the stage
  double share = 1;                           // the stage's share of the school's resources
  std::vector<std::optional<double>> values;  // per indicator (nullopt: not computable)
  std::vector<bool> met;
  std::vector<double> ratio;      // value ÷ standard (1 when there is no standard)
  std::vector<double> shortfall;  // whole-school resource to add to meet the standard
  int met_count = 0;
  bool pass = true;
  std::vector<std::string> why;  // Chinese reasons when not passing
};

struct IndicatorResult {
  const IndicatorDefinition* def = nullptr;  // points into the EvalConfig
  std::string key;
  std::string name_zh;
  std::string unit;
  std::optional<Rule> standard;
  std::string comparator = ">=";       // how values compare with the standard
  std::optional<double> county_value;  // Σ resource ÷ Σ students × per
  std::optional<double> cv;            // nullopt when the county value is 0 or no school
  bool cv_met = true;
};

struct StageResult {
  model::Stage stage = model::Stage::kPrimary;
  std::vector<IndicatorResult> indicators;
  std::optional<Rule> cv_limit;            // per-indicator limit (优质均衡)
  std::optional<Rule> composite_cv_limit;  // 综合差异系数 limit (基本均衡)
  std::optional<double> composite_cv;
  std::vector<SchoolResult> schools;
  int schools_hidden = 0;  // schools left out by RestrictToSchools (they still count in `passing`)
  int passing = 0;
  bool pass = true;
};

struct CountyItem {
  std::string key;
  std::string name_zh;
  std::optional<double> value;
  std::string comparator;  // ">=" or "<="
  std::optional<Rule> limit;
  std::optional<bool> met;  // nullopt: not computable
  std::string note;
};

struct ExcludedSchool {
  std::string code;
  std::string name;
  std::string reason;
};

// Why a verdict is "fail": one line, about one school (its code) or about the unit ("" ).
struct Failure {
  std::string school_code;
  std::string text;  // Chinese
};

struct Evaluation {
  Framework framework = Framework::kYz2017;
  std::string framework_name_zh;
  int year = 0;
  std::string unit_code;
  std::string unit_name;
  std::vector<StageResult> stages;
  std::vector<CountyItem> items;
  std::vector<ExcludedSchool> excluded;
  std::vector<std::string> not_assessed;  // items of the framework the records cannot compute
  std::vector<std::pair<std::string, Rule>> rules;  // configurable rules applied (weights, scope…)
  std::string verdict;                              // "pass" or "fail"
  std::vector<Failure> failures;
};

Evaluation Evaluate(Framework framework, const EvalInput& input, const EvalConfig& config);

// For a caller who may see only some schools (an account's scope): drops every per-school row,
// excluded school and school failure of a school `visible` refuses (counting them in
// StageResult::schools_hidden); the unit's own figures (差异系数, county items, verdict) stay.
using SchoolFilter = std::function<bool(std::string_view school_code)>;
void RestrictToSchools(Evaluation& e, const SchoolFilter& visible);

// ---- What-if ----------------------------------------------------------------------------------

struct ScenarioChange {
  std::string school_code;
  std::string resource;       // ResourceKey, or "students.primary" / "students.junior" / …
  std::optional<double> add;  // add to the current value …
  std::optional<double> set;  // … or replace it (exactly one of the two)
};
// Applies the changes to a copy of the input (stored data is never touched). Unknown schools or
// keys and results below zero are kInvalidArgument.
Result<EvalInput> ApplyScenario(const EvalInput& input, const std::vector<ScenarioChange>& changes);
// Parses {"changes": [{"school", "resource", "add"|"set"}]} (at most 10,000 changes).
Result<std::vector<ScenarioChange>> ParseEvalScenario(std::string_view json);

// ---- Remediation (优质均衡) ---------------------------------------------------------------------

struct Addition {
  std::string school_code;
  std::string school_name;
  std::string resource;  // unit cost key
  std::string name_zh;
  std::string unit;
  double amount = 0;  // whole units (teachers, rooms), ㎡ and 元 rounded up to whole ㎡ and 元
  double for_rule = 0;  // part needed for the school rule (6 of 7, none below 85%)
  double cost = 0;      // amount × unit cost
  std::string reason;   // "school_rule", "cv" or "school_rule+cv"
};

struct CvStep {
  model::Stage stage = model::Stage::kPrimary;
  std::string indicator;
  double cv_before = 0;
  double cv_after = 0;
  double limit = 0;
  // The lowest per-student value, after the plan, of the schools raised for this 差异系数.
  std::optional<double> floor_value;
  std::vector<std::string> schools;  // the schools raised for it, lowest value before first
};

// How the plan was found and how far it can be from the minimum cost.
struct RemedyOptimality {
  std::string method;  // "mip" (GLPK, outer approximation) or "heuristic"
  // "optimal": the MIP converged (every 差异系数 exact within 1e-7 relative) and was solved to
  // its gap tolerance; "time_limit" / "iteration_limit": stopped early, the plan still passes;
  // "heuristic": the MIP was not used.
  std::string status;
  double lower_bound = 0;  // proven lower bound on the minimum total cost (0 for "heuristic")
  double gap = 0;          // (total_cost − lower_bound) ÷ total_cost; 0 when the cost is 0
  int lp_iterations = 0;   // LP relaxations solved before the MIP (outer-approximation rounds)
  int lp_restarts = 0;     // LP solves that failed and were restarted from a fresh basis
  int iterations = 0;      // MIP solves (outer-approximation rounds)
  int cuts = 0;            // tangent cuts added to the 差异系数 cones
  int repairs = 0;         // water-filling repairs after rounding (0 when the MIP plan passed)
  // Where the plan comes from: "mip" (an integer solution), "relaxation" (an LP relaxation
  // rounded up) or "heuristic" (the warm start, nothing cheaper found).
  std::string plan_from;
  double heuristic_cost = 0;  // cost of the water-filling heuristic's plan (warm start)
};

struct RemedyPlan {
  Evaluation before;
  Evaluation after;  // the remedied inputs re-evaluated
  std::vector<Addition> additions;
  std::vector<CvStep> cv_steps;
  struct Total {
    std::string resource, name_zh, unit;
    double amount = 0, yuan_each = 0, cost = 0;
    bool configured = false;  // unit cost from a configuration override
  };
  std::vector<Total> totals;
  double total_cost = 0;
  Mark unit_cost_mark = Mark::kUnverified;
  std::string unit_cost_source;
  std::vector<UnitCost> unit_costs;  // the unit costs of the 优质均衡 resources used
  int rounds = 0;                    // MIP solves (or heuristic rounds for method "heuristic")
  RemedyOptimality optimality;
};

// The minimum-cost additions (configured unit costs) that satisfy every school rule (at least
// 6 of 7 indicators met, none below 85%) and every 差异系数 limit of 优质均衡, as a mixed-integer
// programme solved with GLPK (docs/evaluation.md, "Remediation"):
//  - variables: whole-school additions per school and resource (integer for teachers and rooms,
//    continuous for ㎡ and 元), binaries "indicator met" where the 6-of-7 choice is open;
//  - the 85% floors are bounds, the 6-of-7 rule one row per school and stage;
//  - each 差异系数 limit is the second-order cone ‖(R_j/√n_j)‖ ≤ √((1+L²)/N)·ΣR_j in the stage
//    resources R_j (exact: CV ≤ L ⇔ Σn(x−X)² ≤ L²NX²), convex, so tangent cuts are valid
//    everywhere: solve, evaluate every CV exactly, cut off violations, repeat (outer
//    approximation). The last MIP bound is a proven lower bound on the minimum cost.
// The water-filling heuristic's plan is the warm start and the fallback. Additions are rounded
// up to whole units, applied to a copy of the inputs and re-evaluated (plan.after); a CV pushed
// over its limit by rounding is repaired by raising the lowest schools. kFailedPrecondition when
// no plan passes (e.g. a resource no school has and no standard requires). Search options are
// config.remedy. Thread-safe (GLPK calls are serialised).
Result<RemedyPlan> Remedy(const EvalInput& input, const EvalConfig& config);

// ---- JSON (stable form, docs/evaluation.md) -----------------------------------------------------

// The same restriction for a remediation plan: additions, the schools of each 差异系数 step, and
// both evaluations; the totals stay (they are the unit's).
void RestrictToSchools(RemedyPlan& plan, const SchoolFilter& visible);

std::string EvaluationJson(const Evaluation& e);
std::string RemedyJson(const RemedyPlan& plan);

}  // namespace zj::engine
