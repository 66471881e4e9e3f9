// Plan monitoring rules (docs/plan.md §3): per target and school year, the required path from the
// baseline to the target, a least-squares trend forecast to the target year, and the status that
// follows from them; plus the attainment summary by plan section and responsible area.
#include "zj/engine/plan_monitor.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

namespace zj::engine {
namespace {

constexpr double kEps = 1e-9;

constexpr std::pair<TargetStatus, std::string_view> kStatusNames[] = {
    {TargetStatus::kAchieved, "achieved"}, {TargetStatus::kOnTrack, "on_track"},
    {TargetStatus::kAtRisk, "at_risk"},    {TargetStatus::kOffTrack, "off_track"},
    {TargetStatus::kNoData, "no_data"},
};

// Formats a number for the Chinese explanation: at most 2 decimals, trailing zeros removed.
std::string Fmt(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  std::string s = buf;
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  if (s == "-0") s = "0";
  return s;
}

// A value in the plan's own unit for the explanation: 29600 persons → "2.96万人", 0.6 → "0.6".
std::string FmtUnit(const Target& t, double v) {
  if (t.comparator == Comparator::kPass) return Fmt(v);
  return Fmt(v / t.display_scale) + (t.display_unit.empty() ? t.unit : t.display_unit);
}

// A yearly change for the explanation: percentages change by 个百分点.
std::string FmtChange(const Target& t, double v) {
  if (t.unit == "%" && t.display_unit.empty()) return Fmt(v) + "个百分点";
  return FmtUnit(t, v);
}

// The level the target asks for (eliminate → 0, full coverage → 100, pass → 1).
double GoalValue(const Target& t) {
  switch (t.comparator) {
    case Comparator::kEliminate:
      return 0;
    case Comparator::kFullCoverage:
      return 100;
    case Comparator::kPass:
      return 1;
    default:
      return t.target.value;
  }
}

bool Meets(const Target& t, double x) {
  const double g = GoalValue(t);
  switch (t.comparator) {
    case Comparator::kGreaterEqual:
    case Comparator::kFullCoverage:
    case Comparator::kPass:
      return x >= g - kEps;
    case Comparator::kGreater:
      return x > g + kEps;
    case Comparator::kLessEqual:
      return x <= g + kEps;
    case Comparator::kLess:
      return x < g - kEps;
    case Comparator::kEqual:
    case Comparator::kApprox:
      return std::fabs(x - g) <= t.tolerance + kEps;
    case Comparator::kEliminate:
      return x <= t.tolerance + kEps;
    case Comparator::kAnnualDecrease:
    case Comparator::kAnnualIncrease:
      break;  // judged on yearly changes, not here
  }
  return false;
}

// How far x is from meeting the target (0 at the boundary; strictness ignored).
double Shortfall(const Target& t, double x) {
  const double g = GoalValue(t);
  switch (t.comparator) {
    case Comparator::kGreaterEqual:
    case Comparator::kGreater:
    case Comparator::kFullCoverage:
    case Comparator::kPass:
      return std::max(0.0, g - x);
    case Comparator::kLessEqual:
    case Comparator::kLess:
      return std::max(0.0, x - g);
    case Comparator::kEliminate:
      return std::max(0.0, x - t.tolerance);
    case Comparator::kEqual:
    case Comparator::kApprox:
      return std::max(0.0, std::fabs(x - g) - t.tolerance);
    default:
      return 0;
  }
}

// +1 when larger values are better, −1 when smaller are, 0 for = / approx (judged by distance).
int Direction(const Target& t) {
  switch (t.comparator) {
    case Comparator::kGreaterEqual:
    case Comparator::kGreater:
    case Comparator::kFullCoverage:
    case Comparator::kPass:
    case Comparator::kAnnualIncrease:
      return 1;
    case Comparator::kLessEqual:
    case Comparator::kLess:
    case Comparator::kEliminate:
    case Comparator::kAnnualDecrease:
      return -1;
    default:
      return 0;
  }
}

// Least-squares line through the observed values of the last `trend_window` years up to `year`,
// never before the plan's baseline year (the trend is the plan period's); when fewer than two
// are observed, the plan's baseline (if older than the observed values) is added.
ValueLimits LimitsOf(const Target& t, const MonitorOptions& options) {
  return options.limits ? options.limits(t) : DefaultLimits(t);
}

std::optional<Forecast> Fit(const Target& t, int year, int baseline_year, const ValueSeries& series,
                            const MonitorOptions& options, const std::optional<YearValue>& baseline,
                            BaselineSource baseline_source) {
  std::vector<YearValue> points;
  const int window = std::max(2, options.trend_window);
  for (int y = std::max(year - window + 1, baseline_year); y <= year; ++y) {
    if (auto v = series(t, y)) points.push_back({y, *v});
  }
  bool uses_plan_baseline = false;
  if (points.size() < 2 && baseline && baseline_source == BaselineSource::kPlan &&
      (points.empty() || baseline->year < points.front().year)) {
    points.insert(points.begin(), *baseline);
    uses_plan_baseline = true;
  }
  if (points.size() < 2) return std::nullopt;
  double mx = 0, my = 0;
  for (const auto& p : points) {
    mx += p.year;
    my += p.value;
  }
  const double n = static_cast<double>(points.size());
  mx /= n;
  my /= n;
  double sxy = 0, sxx = 0;
  for (const auto& p : points) {
    sxy += (p.year - mx) * (p.value - my);
    sxx += (p.year - mx) * (p.year - mx);
  }
  Forecast f;
  f.slope = sxx > 0 ? sxy / sxx : 0;
  f.value = my + f.slope * (t.target.year - mx);
  f.points = static_cast<int>(points.size());
  f.first_year = points.front().year;
  f.last_year = points.back().year;
  f.uses_plan_baseline = uses_plan_baseline;
  f.unclamped = f.value;
  const ValueLimits lim = LimitsOf(t, options);
  double clamped = std::max(f.value, lim.forecast_min);
  if (lim.forecast_max) clamped = std::min(clamped, *lim.forecast_max);
  f.clamped = clamped != f.value;
  f.value = clamped;
  return f;
}

// The baseline the required path starts from: the plan's, else the series in the baseline year,
// else (milestones only) progress 0 in the baseline year. None when not before `year`.
void ResolveBaseline(const Target& t, int year, int baseline_year, const ValueSeries& series,
                     TargetEvaluation* e) {
  if (t.baseline) {
    e->baseline = t.baseline;
    e->baseline_source = BaselineSource::kPlan;
  } else if (auto v = series(t, baseline_year)) {
    e->baseline = YearValue{baseline_year, *v};
    e->baseline_source = BaselineSource::kData;
  } else if (t.comparator == Comparator::kPass) {
    e->baseline = YearValue{baseline_year, 0};
    e->baseline_source = BaselineSource::kPlan;
  }
  if (e->baseline && e->baseline->year >= year) {
    e->baseline.reset();
    e->baseline_source = BaselineSource::kNone;
  }
}

std::string TrendText(const Target& t, const TargetEvaluation& e) {
  if (!e.forecast) return "数据不足以判断趋势";
  return "按" + std::to_string(e.forecast->first_year) + "—" +
         std::to_string(e.forecast->last_year) + "年" + std::to_string(e.forecast->points) +
         "个年度值的趋势预测" + std::to_string(t.target.year) + "年为" +
         FmtUnit(t, e.forecast->value) +
         (e.forecast->clamped
              ? "（直线外推为" + FmtUnit(t, e.forecast->unclamped) + "，超出可能范围，已截断）"
              : std::string());
}

void EvaluateLevel(const Target& t, int year, int baseline_year, const ValueSeries& series,
                   const MonitorOptions& options, TargetEvaluation* e) {
  const double v = *e->value;
  const int target_year = t.target.year;
  if (Meets(t, v)) {
    e->status = TargetStatus::kAchieved;
    e->reason = std::to_string(year) + "年为" + FmtUnit(t, v) + "，已达到目标";
    return;
  }
  ResolveBaseline(t, year, baseline_year, series, e);
  const double goal = GoalValue(t);
  if (e->baseline && e->baseline->year < target_year) {
    const double span = target_year - e->baseline->year;
    e->required_annual_change = (goal - e->baseline->value) / span;
    const int at = std::min(year, target_year);
    e->required = e->baseline->value + *e->required_annual_change * (at - e->baseline->year);
  }
  if (year >= target_year) {
    e->status = TargetStatus::kOffTrack;
    e->reason = "已到目标年" + std::to_string(target_year) + "，" + std::to_string(year) + "年为" +
                FmtUnit(t, v) + "，未达到目标";
    return;
  }
  e->forecast = Fit(t, year, baseline_year, series, options, e->baseline, e->baseline_source);
  if (e->forecast) {
    e->actual_annual_change = e->forecast->slope;
    e->forecast_meets = Meets(t, e->forecast->value);
  }
  const bool moving = e->forecast && Shortfall(t, e->forecast->value) < Shortfall(t, v) - kEps;
  if (e->required) {
    const int d = Direction(t);
    const double p = *e->required;
    // = / approx: within the tolerance band around the path; otherwise at or beyond the path in
    // the direction of improvement.
    e->on_path = d == 0 ? std::fabs(v - p) <= t.tolerance + kEps : d * (v - p) >= -kEps;
  }
  const bool fc_ok = e->forecast_meets.value_or(false);
  const bool binding = t.attribute == TargetAttribute::kBinding;
  std::string path_text;
  if (e->on_path) {
    path_text = std::string(*e->on_path ? "达到" : "未达到") + "进度要求（" + std::to_string(year) +
                "年应为" + FmtUnit(t, *e->required) + "，实为" + FmtUnit(t, v) + "）";
  } else {
    path_text = "无基线，无法确定进度要求";
  }
  const std::string trend = TrendText(t, *e);
  if (e->on_path && binding) {
    // 约束性: on track only on the path with a forecast that reaches the target; below the
    // path is never better than at risk.
    if (*e->on_path && (fc_ok || !e->forecast)) {
      e->status = TargetStatus::kOnTrack;
    } else if (*e->on_path || fc_ok || !e->forecast) {
      e->status = TargetStatus::kAtRisk;
    } else {
      e->status = TargetStatus::kOffTrack;
    }
    e->reason = "约束性目标：" + path_text + "；" + trend;
  } else if (e->on_path) {
    if (*e->on_path || fc_ok) {
      e->status = TargetStatus::kOnTrack;
    } else if (moving || !e->forecast) {
      e->status = TargetStatus::kAtRisk;
    } else {
      e->status = TargetStatus::kOffTrack;
    }
    e->reason = path_text + "；" + trend;
  } else {
    if (fc_ok) {
      e->status = TargetStatus::kOnTrack;
    } else if (moving || !e->forecast) {
      e->status = TargetStatus::kAtRisk;
    } else {
      e->status = TargetStatus::kOffTrack;
    }
    e->reason = path_text + "；" + trend;
  }
  if (e->forecast && !fc_ok) e->reason += moving ? "，趋势向好但仍不达标" : "，趋势不能达标";
  if (fc_ok) e->reason += "，可达标";
}

void EvaluateAnnual(const Target& t, int year, int baseline_year, const ValueSeries& series,
                    const MonitorOptions& options, TargetEvaluation* e) {
  const int d = Direction(t);
  const double step = t.target.value;
  const double v = *e->value;
  e->previous_value = series(t, year - 1);
  e->required_annual_change = d * step;
  ResolveBaseline(t, year, baseline_year, series, e);
  e->forecast = Fit(t, year, baseline_year, series, options, e->baseline, e->baseline_source);
  if (e->forecast) e->actual_annual_change = e->forecast->slope;
  if (!e->previous_value) {
    e->status = TargetStatus::kNoData;
    e->reason = "缺少" + std::to_string(year - 1) + "年数值，无法计算年度变化";
    return;
  }
  const double change = v - *e->previous_value;
  const bool year_met = d * change >= step - kEps;
  std::optional<bool> cumulative_met;
  if (e->baseline) {
    e->required = e->baseline->value + d * step * (year - e->baseline->year);
    cumulative_met = d * (v - *e->required) >= -kEps;
    e->on_path = cumulative_met;
  }
  const bool trend_ok = e->forecast && d * e->forecast->slope >= step - kEps;
  e->forecast_meets = e->forecast ? std::optional<bool>(trend_ok) : std::nullopt;
  const std::string word = d > 0 ? "增加" : "降低";
  std::string text = std::to_string(year) + "年比上年" + (d * change >= 0 ? word : "反向变化") +
                     FmtChange(t, std::fabs(change)) +
                     (step > 0 ? "（要求每年" + word + "至少" + FmtChange(t, step) + "）"
                               : std::string("（要求逐年只增不减）"));
  if (cumulative_met) {
    text += std::string("；自") + std::to_string(e->baseline->year) + "年累计" +
            (*cumulative_met ? "达到" : "未达到") + "要求（应为" + FmtUnit(t, *e->required) + "）";
  }
  // The requirement is yearly, so a missed year is never better than at risk (both attributes).
  if (year_met && cumulative_met.value_or(true)) {
    e->status = TargetStatus::kAchieved;
  } else if (year_met || trend_ok || cumulative_met.value_or(false)) {
    e->status = TargetStatus::kAtRisk;
  } else {
    e->status = TargetStatus::kOffTrack;
  }
  if (e->forecast) {
    text += "；近" + std::to_string(e->forecast->points) + "年趋势每年" +
            (d * e->forecast->slope >= 0 ? word : "反向变化") +
            FmtChange(t, std::fabs(e->forecast->slope));
  }
  e->reason = text;
}

}  // namespace

std::string_view TargetStatusName(TargetStatus s) {
  for (const auto& [status, name] : kStatusNames) {
    if (status == s) return name;
  }
  return "?";
}

std::string_view TargetStatusNameZh(TargetStatus s) {
  switch (s) {
    case TargetStatus::kAchieved:
      return "已达成";
    case TargetStatus::kOnTrack:
      return "进度正常";
    case TargetStatus::kAtRisk:
      return "存在风险";
    case TargetStatus::kOffTrack:
      return "进度滞后";
    case TargetStatus::kNoData:
      return "无数据";
  }
  return "?";
}

std::optional<TargetStatus> ParseTargetStatus(std::string_view name) {
  for (const auto& [status, n] : kStatusNames) {
    if (n == name) return status;
  }
  return std::nullopt;
}

ValueLimits DefaultLimits(const Target& target) {
  ValueLimits lim;
  if (target.comparator == Comparator::kPass) {
    lim.forecast_max = 1;
  } else if (target.unit == "%") {
    lim.forecast_max = 100;
  }
  return lim;
}

std::function<ValueLimits(const Target&)> LimitsFromCatalog(const Catalog& catalog) {
  return [&catalog](const Target& t) {
    ValueLimits lim = DefaultLimits(t);
    if (t.indicator.empty()) return lim;
    const IndicatorDef* d = catalog.Find(t.indicator);
    if (d && d->valid_max) {
      lim.valid_max = d->valid_max;
      lim.forecast_max = d->valid_max;
      lim.above_max_note = d->above_max_note;
    }
    return lim;
  };
}

ValueSeries MakeValueSeries(CodeSeries indicators, CodeSeries metrics) {
  return [indicators = std::move(indicators), metrics = std::move(metrics)](
             const Target& t, int year) -> std::optional<double> {
    if (!t.indicator.empty()) return indicators(t.indicator, year);
    if (t.derived) {
      auto num = indicators(t.derived->numerator, year);
      auto den = indicators(t.derived->denominator, year);
      if (!num || !den || *den == 0) return std::nullopt;
      return *num / *den * t.derived->scale;
    }
    return metrics(t.metric, year);
  };
}

TargetEvaluation EvaluateTarget(const Target& target, int year, int baseline_year,
                                const ValueSeries& series, const MonitorOptions& options) {
  TargetEvaluation e;
  e.target_id = target.id;
  e.year = year;
  e.value = series(target, year);
  if (!e.value) {
    e.status = TargetStatus::kNoData;
    e.reason = "缺少" + std::to_string(year) + "年数值";
    return e;
  }
  const ValueLimits lim = LimitsOf(target, options);
  if (lim.valid_max && *e.value > *lim.valid_max + kEps) {
    ResolveBaseline(target, year, baseline_year, series, &e);
    e.status = TargetStatus::kNoData;
    e.warning = "数据质量警告：" + std::to_string(year) + "年为" + FmtUnit(target, *e.value) +
                "，超过该指标可能的最大值" + FmtUnit(target, *lim.valid_max) + "。" +
                lim.above_max_note;
    e.reason = "数据质量警告：" + std::to_string(year) + "年为" + FmtUnit(target, *e.value) +
               "，超过可能的最大值" + FmtUnit(target, *lim.valid_max) + "，不作达成判断";
    return e;
  }
  if (IsAnnualComparator(target.comparator)) {
    EvaluateAnnual(target, year, baseline_year, series, options, &e);
  } else {
    EvaluateLevel(target, year, baseline_year, series, options, &e);
  }
  return e;
}

std::string_view MonitorPhaseName(MonitorPhase p) {
  switch (p) {
    case MonitorPhase::kBaseline:
      return "baseline";
    case MonitorPhase::kPeriod:
      return "period";
    case MonitorPhase::kEnded:
      return "ended";
  }
  return "period";
}

std::vector<TargetEvaluation> EvaluatePlan(const Plan& plan, int year, const ValueSeries& series,
                                           const MonitorOptions& options) {
  std::vector<TargetEvaluation> out;
  out.reserve(plan.targets.size());
  const std::string period = std::to_string(plan.first_year) + "—" + std::to_string(plan.last_year);
  for (const auto& t : plan.targets) {
    if (year < plan.first_year) {
      TargetEvaluation e;
      e.target_id = t.id;
      e.year = year;
      e.value = series(t, year);
      // The baseline the period starts from (shown even in the baseline year itself).
      ResolveBaseline(t, plan.first_year, plan.baseline_year, series, &e);
      e.status = TargetStatus::kNoData;
      e.phase = MonitorPhase::kBaseline;
      e.reason = (year == plan.baseline_year ? "基线年" : "规划期前") + std::string("：规划期为") +
                 period + "年，本学年只显示基线与现状，不作进度判断";
      out.push_back(std::move(e));
      continue;
    }
    if (year > plan.last_year) {
      TargetEvaluation e = EvaluateTarget(t, plan.last_year, plan.baseline_year, series, options);
      e.phase = MonitorPhase::kEnded;
      e.reason = "规划期已结束（" + period + "年），显示" + std::to_string(plan.last_year) +
                 "学年终期状态：" + e.reason;
      out.push_back(std::move(e));
      continue;
    }
    out.push_back(EvaluateTarget(t, year, plan.baseline_year, series, options));
  }
  return out;
}

std::optional<double> StatusCounts::share_achieved() const {
  if (with_data() == 0) return std::nullopt;
  return 100.0 * achieved / with_data();
}

std::optional<double> StatusCounts::share_on_track_or_achieved() const {
  if (with_data() == 0) return std::nullopt;
  return 100.0 * (achieved + on_track) / with_data();
}

void StatusCounts::Add(TargetStatus s) {
  switch (s) {
    case TargetStatus::kAchieved:
      ++achieved;
      break;
    case TargetStatus::kOnTrack:
      ++on_track;
      break;
    case TargetStatus::kAtRisk:
      ++at_risk;
      break;
    case TargetStatus::kOffTrack:
      ++off_track;
      break;
    case TargetStatus::kNoData:
      ++no_data;
      break;
  }
}

PlanSummary SummarizePlan(const Plan& plan, const std::vector<TargetEvaluation>& evaluations) {
  PlanSummary summary;
  std::map<std::string, StatusCounts> by_section;
  std::map<std::string, size_t> responsible_index;
  for (const auto& e : evaluations) {
    const Target* t = plan.FindTarget(e.target_id);
    if (!t || !t->same_as.empty()) continue;
    summary.overall.Add(e.status);
    for (const PlanSection* s : plan.SectionPath(t->section)) by_section[s->id].Add(e.status);
    auto [it, inserted] = responsible_index.try_emplace(t->responsible, summary.responsible.size());
    if (inserted) summary.responsible.push_back({t->responsible, {}});
    summary.responsible[it->second].counts.Add(e.status);
  }
  for (const auto& s : plan.sections) {
    auto it = by_section.find(s.id);
    if (it == by_section.end()) continue;
    std::string title = s.number;
    if ((s.kind == "column" || s.kind == "part") && !title.empty()) title += " ";
    title += s.title.empty() ? "（无标题）" : s.title;
    summary.sections.push_back({s.id, title, it->second});
  }
  return summary;
}

}  // namespace zj::engine
