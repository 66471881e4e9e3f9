// The projection model on aggregate yearly series, for areas without registries (a nation, a
// province, a county from its statistical bulletins): entrants from the September–August birth
// cohort times the entry ratio, enrolment as a ratio to the sum of the entering cohorts of the
// stage's grades, junior entrants from the primary entrants one stage earlier. Ratios come from
// the last `window` recorded years; intervals from the series' own rolling-origin errors.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "zj/common/status.h"
#include "zj/engine/projection.h"

namespace zj::engine {

enum class SeriesField {
  kKindergartenEnrolment,
  kPrimaryEntrants,
  kPrimaryEnrolment,
  kJuniorEntrants,
  kJuniorEnrolment,
};
const char* SeriesFieldName(SeriesField f);  // "kindergarten_enrolment", …
std::optional<SeriesField> ParseSeriesField(std::string_view name);

struct SeriesInput {
  std::map<int, double> births;                          // calendar year → births (any unit)
  std::map<SeriesField, std::map<int, double>> history;  // missing years simply absent
  StageStructure structure = StageStructure::Default();
};

struct SeriesOptions {
  int base_year = 0;
  int horizon = 5;
  int window = 3;
  RatioMethod ratio_method = RatioMethod::kMean;
  double alpha = 0.5;
  double coverage = 0.8;
  // Births after the last recorded year: damped trend (as the scenario's medium variant).
  int births_trend_years = 5;
  double births_damping = 0.8;
};

struct SeriesYear {
  int year = 0;
  std::map<SeriesField, double> values;
  std::map<SeriesField, std::pair<double, double>> intervals;
};

struct SeriesProjection {
  int base_year = 0;
  std::vector<SeriesYear> years;  // base+1 … base+horizon
};

// Errors (kInvalidArgument): no history field, a field with no recorded value in the window up to
// the base year, births missing for a cohort the ratio needs, horizon outside 1..30.
Result<SeriesProjection> ProjectSeries(const SeriesInput& input, const SeriesOptions& options);

// Births extended past the last recorded year by the damped log-trend of the last `trend_years`
// (growth g_k = g·φ^k); `shift` adds a constant to the annual log-growth (low/high variants).
std::map<int, double> ExtendBirths(const std::map<int, double>& births, int through_year,
                                   int trend_years, double damping, double shift = 0);

}  // namespace zj::engine
