// Rolling-origin backtest of the projection engine on the registry history: for each origin b,
// the input is cut at b (registry years ≤ b, births ≤ b), projected b+1 … b+L, and compared with
// the recorded years. Reports MAPE (and WAPE) by lead time and aggregation level next to two naive
// baselines, and the empirical error quantiles used for prediction intervals.
#pragma once

#include <string>
#include <vector>

#include "zj/common/status.h"
#include "zj/engine/projection.h"

namespace zj::engine {

enum class Forecaster { kModel, kPersistence, kBirthsRatio };
const char* ForecasterName(Forecaster f);  // "model", "persistence", "births_ratio"

// One cell of the accuracy table.
struct AccuracyCell {
  Forecaster forecaster = Forecaster::kModel;
  Level level = Level::kCounty;
  std::string quantity;  // "enrolment" (unit total) or a stage name at county level
  int lead = 1;
  int n = 0;        // unit-origin pairs compared (actual > 0)
  double mape = 0;  // mean |F−A|/A, percent
  double wape = 0;  // Σ|F−A| / ΣA, percent
  double bias = 0;  // mean (F−A)/A, percent
};

struct BacktestOptions {
  int first_origin = 0;  // 0 = first year with `window` transitions behind it
  int last_origin = 0;   // 0 = last registry year − 1
  int max_lead = 5;
  double coverage = 0.8;  // interval coverage of the error model
};

struct BacktestReport {
  std::vector<int> origins;
  int max_lead = 0;
  std::vector<AccuracyCell> cells;
  ErrorModel errors;  // quantiles of the model's relative errors
  // Share of recorded values inside the interval built from the other origins' errors
  // (leave-one-origin-out), by level and lead: an honest check of the interval coverage.
  std::vector<AccuracyCell> coverage;  // mape field holds the coverage in percent
};

// Errors: fewer than two usable origins, origins outside the registry years.
Result<BacktestReport> Backtest(const ProjectionInput& input, const Scenario& scenario,
                                const BacktestOptions& options);

// Relative-error quantiles (forecast − actual)/actual at `coverage` (e.g. 0.8 → 10 %, 90 %),
// linear interpolation between order statistics, widened to contain 0 (the interval always holds
// the point forecast). With fewer than kMinErrorsForQuantiles errors: ± z·RMS error (normal
// approximation). Empty input → n = 0.
inline constexpr size_t kMinErrorsForQuantiles = 5;
ErrorQuantiles RelativeErrorQuantiles(std::vector<double> errors, double coverage);
// Inverse standard normal CDF.
double NormalQuantile(double p);

}  // namespace zj::engine
