// Plan monitoring: the status of every plan target in a school year — achieved, on_track,
// at_risk, off_track, no_data — from the required path (linear from the baseline to the target),
// the recent trend (least squares over the last years) and the target's attribute (约束性 targets
// are judged more strictly). The rules are written out in docs/plan.md; the status-rule cases in
// tests/engine/plan_cases/ pin them down.
//
// Values come through a ValueSeries callback so that this file does not depend on how indicators
// are computed or where manual figures are stored; the CLI and the server wire it to the
// indicator engine and the Store's DataValues. Pure functions, thread-safe when the callbacks are.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "zj/engine/catalog.h"
#include "zj/engine/plan.h"

namespace zj::engine {

enum class TargetStatus { kAchieved, kOnTrack, kAtRisk, kOffTrack, kNoData };
std::string_view TargetStatusName(TargetStatus s);  // "achieved", "on_track", ...
std::string_view TargetStatusNameZh(
    TargetStatus s);  // 已达成, 进度正常, 存在风险, 进度滞后, 无数据
std::optional<TargetStatus> ParseTargetStatus(std::string_view name);

// The value a target reads in a school year (in the target's unit), or nullopt when unknown.
using ValueSeries = std::function<std::optional<double>(const Target&, int year)>;
// The value of one code (indicator or metric) for the plan's unit in a year.
using CodeSeries = std::function<std::optional<double>(const std::string& code, int year)>;

// A ValueSeries reading indicator targets from `indicators`, metric and milestone targets from
// `metrics`, and derived targets as numerator / denominator × scale from `indicators` (nullopt
// when either is missing or the denominator is 0).
ValueSeries MakeValueSeries(CodeSeries indicators, CodeSeries metrics);

// The values a target's figure can physically take. `valid_max` is the largest true value (a
// retention rate cannot exceed 100 %); a value above it is a data-quality warning and never an
// achievement. Forecasts are clamped to [forecast_min, forecast_max]: shares to [0, 100], counts
// to ≥ 0, milestones to [0, 1] — a trend line may run past them, the figure cannot.
struct ValueLimits {
  double forecast_min = 0;
  std::optional<double> forecast_max;
  std::optional<double> valid_max;
  std::string above_max_note;  // why a value above valid_max arises (shown with the warning)
};
// Limits without a catalog: ≥ 0 for every target, ≤ 100 for percentages, ≤ 1 for milestones.
ValueLimits DefaultLimits(const Target& target);
// DefaultLimits plus the catalog's valid_max / above_max_note of the target's indicator. The
// function keeps a reference: `catalog` must outlive it.
std::function<ValueLimits(const Target&)> LimitsFromCatalog(const Catalog& catalog);

struct MonitorOptions {
  int trend_window = 5;  // years of history the trend is fitted on (the last N years up to year)
  std::function<ValueLimits(const Target&)> limits;  // empty: DefaultLimits
};

// Least-squares line through the values of the trend window, evaluated at the target year.
struct Forecast {
  double value = 0;  // fitted value at the target year
  double slope = 0;  // fitted change per year
  int points = 0;    // number of yearly values fitted (≥ 2)
  int first_year = 0, last_year = 0;
  bool uses_plan_baseline = false;  // the plan's baseline was added (fewer than 2 values observed)
  bool clamped = false;             // the fitted line ran past the limits; value is the limit
  double unclamped = 0;             // the fitted line's own value at the target year
};

enum class BaselineSource { kNone, kPlan, kData };  // baseline from the plan file or the series

// Where the monitored year lies relative to the plan period (EvaluatePlan never refuses a year).
enum class MonitorPhase {
  kBaseline,  // before the first year (the baseline year …): values and baselines, no judgement
  kPeriod,    // inside the plan period
  kEnded,  // after the last year: the final state (the last year's evaluation), 规划期已结束
};
std::string_view MonitorPhaseName(MonitorPhase p);  // "baseline", "period", "ended"

struct TargetEvaluation {
  std::string target_id;
  int year = 0;
  std::optional<double> value;           // the actual value in `year`
  std::optional<double> previous_value;  // value in year − 1 (annual comparators)
  std::optional<YearValue> baseline;     // the baseline the path starts from
  BaselineSource baseline_source = BaselineSource::kNone;
  std::optional<double> required;                // value on the required path in `year`
  std::optional<double> required_annual_change;  // per year, along the required path
  std::optional<double> actual_annual_change;    // trend slope (or last change with 2 points)
  std::optional<Forecast> forecast;
  std::optional<bool> on_path;         // at or beyond the required path
  std::optional<bool> forecast_meets;  // the forecast meets the target
  TargetStatus status = TargetStatus::kNoData;
  std::string reason;  // one Chinese sentence explaining the status
  // Data-quality warning (数据质量警告), empty when none: the value exceeds what the figure can
  // be (ValueLimits::valid_max). The status is then no_data — an impossible value is neither an
  // achievement nor a shortfall — and the warning says how such a value arises.
  std::string warning;
  MonitorPhase phase = MonitorPhase::kPeriod;  // set by EvaluatePlan
};

// Evaluates one target in `year`. `baseline_year` is the plan's baseline year (used to read a
// baseline from the series when the plan states none).
TargetEvaluation EvaluateTarget(const Target& target, int year, int baseline_year,
                                const ValueSeries& series, const MonitorOptions& options = {});

// Evaluates every target of the plan in `year`, in plan order. Any year is accepted: before the
// plan's first year every target is no_data with its value and baseline shown (phase kBaseline,
// reason 基线年 …); after the last year each evaluation is the last year's (the final state,
// `year` set to the last year) with phase kEnded and the reason prefixed 规划期已结束.
std::vector<TargetEvaluation> EvaluatePlan(const Plan& plan, int year, const ValueSeries& series,
                                           const MonitorOptions& options = {});

struct StatusCounts {
  int achieved = 0, on_track = 0, at_risk = 0, off_track = 0, no_data = 0;
  int total() const { return achieved + on_track + at_risk + off_track + no_data; }
  int with_data() const { return total() - no_data; }
  // Shares over the targets with data (nullopt when none has data).
  std::optional<double> share_achieved() const;
  std::optional<double> share_on_track_or_achieved() const;
  void Add(TargetStatus s);
};

struct SectionSummary {
  std::string section_id;
  std::string title;  // number + title, e.g. "（一）着力优质普惠，推进学前教育品质提升"
  StatusCounts counts;
};

struct GroupSummary {
  std::string name;  // e.g. the responsible area 学前教育
  StatusCounts counts;
};

// Attainment summary. Each commitment counts once: targets with same_as (repeats of another
// target) are left out of every count. A target counts in its own section and in every ancestor,
// so a part's counts include its sections'.
struct PlanSummary {
  StatusCounts overall;
  std::vector<SectionSummary> sections;   // plan order; sections without targets are omitted
  std::vector<GroupSummary> responsible;  // by responsible area, in order of first appearance
};
PlanSummary SummarizePlan(const Plan& plan, const std::vector<TargetEvaluation>& evaluations);

}  // namespace zj::engine
