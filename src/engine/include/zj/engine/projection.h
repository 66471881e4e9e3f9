// Enrolment, seat, class and teacher projection (cohort-flow model per school × grade × year).
// Method reference: /work/shared/standards/projection-methods.md; the user-facing description is
// docs/projections.md. Pure computation: the input is a compact ProjectionInput built from plain
// data (tests, other front ends) or loaded from a model::Store; no SQL, no clock, no globals.
//
// Model in one paragraph: grades 2..G of a stage move forward with apparent cohort-survival
// ratios (CSR, per school, falling back to the township and county pools when a school has too
// few pupils); kindergarten 小班 and primary grade 1 come from the September–August birth cohort of
// their township times the township's entry ratio, shared among its schools; junior grade 1 comes
// from the township's primary last grade (catchment transition) and senior grade 1 from the
// county's junior last grade split into general / vocational (职普比). The stage structure (grades
// per stage) is an input, so 5-4 regions are expressible. Resources (classes, rooms, seats, big
// classes, teachers) follow per school and year from the scenario's norms.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "zj/common/status.h"
#include "zj/model/records.h"
#include "zj/model/store.h"

namespace zj::engine {

// The five projected stages, in feeding order. 特殊教育 (kSpecial) is not projected.
inline constexpr int kProjectedStageCount = 5;
inline constexpr std::array<model::Stage, kProjectedStageCount> kProjectedStages = {
    model::Stage::kKindergarten, model::Stage::kPrimary, model::Stage::kJunior,
    model::Stage::kGeneralSenior, model::Stage::kVocational};
// Index of a stage in kProjectedStages, or -1 (kSpecial).
int ProjectedStageIndex(model::Stage s);

// Grades per stage for the region, flattened into "slots" (stage, grade) in feeding order.
class StageStructure {
 public:
  // 幼儿园 3, 小学 6, 初中 3, 普高 3, 中职 3.
  static StageStructure Default();
  // Grade counts for the listed stages (others keep their default). Error when a count is outside
  // 0..9 or kindergarten/primary are 0.
  static Result<StageStructure> Make(const std::map<model::Stage, int>& grades);

  int grades(model::Stage s) const;
  int slot_count() const { return slot_count_; }
  // Slot of (stage, grade); -1 when the grade is outside the stage.
  int slot(model::Stage s, int grade) const;
  int first_slot(model::Stage s) const { return first_[ProjectedStageIndex(s)]; }
  model::Stage stage_of_slot(int slot) const { return slot_stage_[slot]; }
  int grade_of_slot(int slot) const { return slot_grade_[slot]; }
  // "6-3" style label of primary-junior.
  std::string Label() const;

  int kindergarten_entry_age = 3;  // 小班 at 3 (满3周岁 by the cut-off)
  int primary_entry_age = 6;       // 一年级 at 6
  int cutoff_month = 8;  // age cut-off at the end of this month (31 Aug) [unverified, 重庆]

 private:
  void Rebuild();
  std::array<int, kProjectedStageCount> grades_{};
  std::array<int, kProjectedStageCount> first_{};
  std::vector<model::Stage> slot_stage_;
  std::vector<int> slot_grade_;
  int slot_count_ = 0;
};

// ---- Plain input data (what LoadProjectionInput reads from a Store) -----------------------

struct ProjectionTownship {
  std::string code;
  std::string name;
  int urban_rural = 0;  // 城乡分类代码 where known
};

struct ProjectionSchoolInfo {
  std::string code;
  std::string name;
  std::string township_code;
  std::vector<model::Stage> stages;  // stages the school serves
  int opened_year = 0;               // 0 = long-standing
  int closed_year = 0;               // first year no longer operating; 0 = open
};

struct EnrolmentCount {  // 在校生 (CountsAsEnrolled) of one school × stage × grade × year
  std::string school_code;
  int year = 0;
  model::Stage stage = model::Stage::kPrimary;
  int grade = 1;
  double count = 0;
};

struct ClassroomCount {  // Facility.classrooms (普通教室)
  std::string school_code;
  int year = 0;
  int classrooms = 0;
};

struct TeacherCount {  // full-time teachers (专任教师) by 任课学段
  std::string school_code;
  int year = 0;
  model::Stage stage = model::Stage::kPrimary;
  double count = 0;
};

// County-level UNESCO flow counts from the student registry: pupils of (stage, grade) in `year`
// and where they are in year+1 (same grade = repeater, next grade or next stage = promoted,
// 毕业 = graduated; everything else left the registry: dropout, death or transfer out of county).
struct FlowCount {
  int year = 0;
  model::Stage stage = model::Stage::kPrimary;
  int grade = 1;
  double pupils = 0, promoted = 0, repeated = 0, graduated = 0;
};

struct ProjectionData {
  StageStructure structure = StageStructure::Default();
  std::string county_code;
  std::string county_name;
  std::vector<ProjectionTownship> townships;
  std::vector<ProjectionSchoolInfo> schools;
  std::vector<EnrolmentCount> enrolment;
  std::vector<ClassroomCount> classrooms;
  std::vector<TeacherCount> teachers;
  // Births by township (or "" / the county code for county-wide figures), month 0 = whole year.
  std::vector<model::BirthCount> births;
  std::vector<model::PopulationCount> population;  // optional (GER)
  std::vector<FlowCount> flows;                    // optional (UNESCO flow rates)
};

// ---- Compact input ------------------------------------------------------------------------

// Births of one area by calendar year: whole-year total and, when all 12 months are present,
// the months.
struct YearBirths {
  double total = 0;
  std::array<double, 12> months{};
  bool monthly = false;
};

struct ProjectionSchool {
  ProjectionSchoolInfo info;
  int township = -1;              // index into ProjectionInput::townships
  std::vector<double> enrolment;  // [(year - first_year) * slot_count + slot]
  std::vector<int> classrooms;    // [year - first_year], -1 = unknown
  std::vector<double> teachers;   // [(year - first_year) * kProjectedStageCount + stage index]
};

struct ProjectionInput {
  StageStructure structure = StageStructure::Default();
  std::string county_code;
  std::string county_name;
  int first_year = 0;  // registry years first_year..last_year
  int last_year = -1;
  std::vector<ProjectionTownship> townships;
  std::vector<ProjectionSchool> schools;
  std::vector<std::map<int, YearBirths>> township_births;  // parallel to townships
  std::map<int, YearBirths> county_births;  // county-wide figures, or the sum of the townships
  bool births_by_township = false;          // whether any township has births
  // County population by age (year → age → count), optional.
  std::map<int, std::map<int, double>> population;
  std::vector<FlowCount> flows;

  int years() const { return last_year - first_year + 1; }
  bool HasYear(int y) const { return y >= first_year && y <= last_year; }
  double Enrolment(int school, int year, int slot) const {
    return schools[school].enrolment[(year - first_year) * structure.slot_count() + slot];
  }
  // Copy restricted to registry years <= year and births of years <= births_through (used by
  // the backtest: nothing after the origin may leak in — closures after `year` are forgotten and
  // schools opened after `year` never operate).
  ProjectionInput TruncatedTo(int year, int births_through) const;
};

// Validates and indexes plain data. Errors (kInvalidArgument, message naming the row): unknown
// school in a count, grade outside the structure, negative count, school of an unknown township
// (townships are added automatically when the list is empty), no enrolment at all.
Result<ProjectionInput> MakeProjectionInput(const ProjectionData& data);

// Reads schools, townships (AdminUnit level kTownship), 在校生 counts (CountsAsEnrolled) per
// school × stage × grade × year, classrooms, full-time teachers, births, population and the
// county flow counts from a Store. The stage structure is taken from the highest grade seen per
// stage (falling back to the default). Store errors are passed through.
Result<ProjectionData> LoadProjectionData(model::Store& store);
Result<ProjectionInput> LoadProjectionInput(model::Store& store);

// September–August birth cohort entering at `entry_age` in school year `year`:
// Σ months cutoff+1..12 of year−age−1 + Σ months 1..cutoff of year−age when both years are monthly,
// else (12−cutoff)/12·B(year−age−1) + cutoff/12·B(year−age) (⅓/⅔ for a 31 August cut-off).
// nullopt when a needed year is missing.
std::optional<double> BirthCohort(const std::map<int, YearBirths>& births, int year, int entry_age,
                                  int cutoff_month);

// ---- Scenario -----------------------------------------------------------------------------

enum class RatioMethod { kMean, kSmoothing };
enum class BirthsVariant { kRecorded, kLow, kMedium, kHigh, kExplicit };

struct StageNorms {
  std::vector<int> class_size;  // per grade (kindergarten 25/30/35; others one value repeated)
  double staffing_ratio = 0;  // students per teacher (教职工编制 学生:教职工), 0 = class-based
  double teachers_per_class = 0;  // class-based staffing (kindergarten 2 专任教师 per class)
};

struct ResourceNorms {
  std::array<StageNorms, kProjectedStageCount> stage;
  int small_school_threshold = 100;              // below: class-based staffing floor applies
  double small_school_teachers_per_class = 1.5;  // [unverified] 班师比 floor for small schools
  int small_school_min_teachers = 2;             // a one-class school still needs ≥ 2 teachers
  int viability_threshold = 100;                 // schools below this many students are flagged
  int big_class_size = 56;                       // 大班额 from 56
  int huge_class_size = 66;                      // 超大班额 from 66
  // Status tags of the defaults ("[secondary]" …), for the output's notes.
  std::vector<std::string> provenance;

  int ClassSize(model::Stage s, int grade) const;
};

// Defaults from the embedded data/standards/projection_norms.csv.
Result<ResourceNorms> DefaultResourceNorms();

enum class SchoolAction { kOpen, kClose, kMerge, kClassrooms };

struct SchoolChange {
  SchoolAction action = SchoolAction::kOpen;
  int year = 0;  // first school year the change applies
  std::string code;
  std::string into;  // kMerge/kClose: receiving school ("" = the township's other schools)
  // kOpen:
  std::string name;
  std::string township_code;
  std::vector<model::Stage> stages;
  double entry_share = -1;  // share of its township's entrants (-1 = equal share)
  // kOpen / kClassrooms:
  int classrooms = 0;
};

struct Scenario {
  std::string name = "default";
  // Estimation.
  RatioMethod ratio_method = RatioMethod::kMean;
  int window = 3;      // years of history for ratios
  double alpha = 0.5;  // smoothing constant
  int min_base = 5;    // pupils a school needs in the window before its own ratio is used
  // Births beyond the recorded years (and instead of them for kExplicit).
  BirthsVariant births_variant = BirthsVariant::kMedium;
  int births_trend_years = 5;
  double births_damping = 0.8;
  // kExplicit: area code ("" = county) → year → births.
  std::map<std::string, std::map<int, double>> explicit_births;
  // Urbanisation: each year after the base a further `annual_shift` of each source township's
  // births-driven entrants moves to the destinations (weights normalised).
  double urbanisation_shift = 0;
  std::map<std::string, double> urbanisation_destinations;
  std::vector<std::string> urbanisation_sources;  // empty = every non-destination township
  // Senior stage: share of senior entrants going to 中职 (职普比), by year; empty = historical.
  std::map<int, double> vocational_share;
  std::optional<double> senior_transition;  // 初中→高中阶段 rate override
  ResourceNorms norms;
  std::vector<SchoolChange> changes;
};

// A scenario with the default norms (DefaultResourceNorms) and estimation settings.
Result<Scenario> DefaultScenario();
// Parses a scenario JSON document over the defaults. Errors name the JSON path and, for syntax
// errors, the byte offset: "场景文件 $.schools[1].year: 应为整数".
Result<Scenario> ParseScenario(std::string_view json_text);

// ---- Errors for prediction intervals ------------------------------------------------------

enum class Level { kCounty, kTownship, kSchool };
const char* LevelName(Level l);

// Empirical quantiles of relative errors (forecast − actual) / actual, by level and lead time.
struct ErrorQuantiles {
  double low = 0, high = 0;  // e.g. 10% and 90% quantiles
  int n = 0;                 // errors behind them
};
struct ErrorModel {
  double coverage = 0.8;
  // (level, quantity) → lead-1 → quantiles; quantity "enrolment" or a stage name.
  std::map<std::pair<Level, std::string>, std::vector<ErrorQuantiles>> by_lead;
  bool empty() const { return by_lead.empty(); }
  // Interval [low, high] for a forecast at this level/quantity/lead; nullopt without data.
  std::optional<std::pair<double, double>> Interval(Level level, const std::string& quantity,
                                                    int lead, double forecast) const;
};

// ---- Output -------------------------------------------------------------------------------

struct StageYear {
  double students = 0;
  int classes_needed = 0;
  double teachers_needed = 0;
  double teachers_in_post = 0;
};

struct UnitYear {
  int year = 0;
  std::vector<double> enrolment;  // per slot
  std::array<StageYear, kProjectedStageCount> stage{};
  double students = 0;
  int classes_needed = 0;
  int classrooms = 0;
  double seat_capacity = 0;
  double seat_gap = 0;      // students beyond capacity (≥ 0)
  double seat_surplus = 0;  // capacity not used (≥ 0)
  int big_classes = 0;      // expected classes of ≥ 56 when rooms < classes needed
  int huge_classes = 0;     // of which ≥ 66
  double teachers_needed = 0;
  double teachers_in_post = 0;
  int schools = 0;  // operating schools (1/0 for a school)
  int schools_below_viability = 0;
  std::optional<std::pair<double, double>> students_interval;
};

struct UnitProjection {
  Level level = Level::kSchool;
  std::string code;
  std::string name;
  std::string township_code;    // schools
  std::vector<UnitYear> years;  // base year (recorded) then base+1 … base+horizon
};

// UNESCO flow rates next to the apparent cohort-survival ratio, county level, window average.
struct FlowRate {
  model::Stage stage = model::Stage::kPrimary;
  int grade = 1;
  // E(g+1,t+1)/E(g,t); last grade: next stage's entrants / pupils (none after senior stages).
  std::optional<double> csr;
  std::optional<double> promotion, repetition, dropout;  // registry-based, when flows exist
};

struct IndicatorProjection {
  std::string code;  // "enrolment_primary", "ger_preschool" …
  std::string name;  // 小学在校生 …
  std::string unit;  // "人", "%"
  int base_year = 0;
  std::optional<double> base_value;
  int target_year = 0;
  double value = 0;
  std::optional<std::pair<double, double>> interval;
};

struct ProjectionResult {
  int base_year = 0;
  int horizon = 0;
  std::string scenario;
  StageStructure structure = StageStructure::Default();
  UnitProjection county;
  std::vector<UnitProjection> townships;
  std::vector<UnitProjection> schools;
  std::vector<FlowRate> flow_rates;
  std::vector<IndicatorProjection> indicators;  // suggested 十五五 targets
  std::vector<std::string> notes;               // assumptions, fallbacks, [unverified] marks
};

struct ProjectionOptions {
  int base_year = 0;
  int horizon = 10;
  int target_year = 2030;
  // Births of calendar years after this are treated as unknown and come from the scenario
  // variant (default: the base year, so nothing from the future leaks in).
  std::optional<int> births_known_through;
  bool resources = true;               // compute classes/rooms/teachers (the backtest skips them)
  const ErrorModel* errors = nullptr;  // intervals when set
};

// Runs the projection. Errors: base year outside the registry years, fewer than 2 registry years
// up to the base, horizon outside 1..30, a scenario change naming an unknown school or township.
Result<ProjectionResult> Project(const ProjectionInput& input, const Scenario& scenario,
                                 const ProjectionOptions& options);

}  // namespace zj::engine
