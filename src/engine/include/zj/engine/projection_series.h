// The projection model on aggregate yearly series, for areas without registries (a nation, a
// province, a county from its statistical bulletins): entrants from the September–August birth
// cohort times the entry ratio; enrolment carried forward by its cohort flow — last year's
// enrolment plus this year's entrants minus the leavers, who are a ratio of the cohort that
// entered one stage length earlier; junior entrants from the primary entrants one stage earlier.
// Ratios come from the last `window` recorded years (default: the base year alone — the ratios
// drift, and a mean over older years lags the drift); intervals from the series' own
// rolling-origin errors. docs/projections.md §5 has the national backtest.
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

// How stage enrolment is projected: kFlow = E(t) = E(t−1) + N(t) − λ·N(t−G) with the leaver
// ratio λ capped to [0, 1] (a cohort cannot lose more pupils than entered it; a higher ratio
// marks a break in the series); kCohortSum = ρ · Σ_{j<G} N(t−j). kFlow falls back to kCohortSum
// when the base year's enrolment or the year before is not recorded.
enum class EnrolmentModel { kFlow, kCohortSum };

struct SeriesOptions {
  int base_year = 0;
  int horizon = 5;
  int window = 1;
  EnrolmentModel enrolment_model = EnrolmentModel::kFlow;
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

// Rolling-origin backtest on the series itself: for every origin o in [first_origin,
// last_origin] the history and births are cut at o, the model projects o+1 … o+max_lead, and
// its absolute percentage errors against the recorded values are averaged per field and lead,
// next to those of persistence ("same as the origin year"). Only pairs where the model, the
// origin value and the actual value all exist are scored. Errors: as ProjectSeries, and
// kInvalidArgument when first_origin > last_origin or max_lead outside 1..10.
struct SeriesBacktestRow {
  SeriesField field = SeriesField::kPrimaryEntrants;
  int lead = 0;
  int count = 0;                // origins scored
  double model_mape = 0;        // mean absolute percentage error, %
  double persistence_mape = 0;  // same, for "same as the origin year"
};
Result<std::vector<SeriesBacktestRow>> BacktestSeries(const SeriesInput& input,
                                                      const SeriesOptions& options,
                                                      int first_origin, int last_origin,
                                                      int max_lead);

// Births extended past the last recorded year by the damped log-trend of the last `trend_years`
// (growth g_k = g·φ^k); `shift` adds a constant to the annual log-growth (low/high variants).
std::map<int, double> ExtendBirths(const std::map<int, double>& births, int through_year,
                                   int trend_years, double damping, double shift = 0);

}  // namespace zj::engine
