// Synthetic plan progress for the demo county (see zj/sim/plan_progress.h). Each manual metric of
// the plan gets a deterministic yearly series shaped by its kind (cumulative count, stock count,
// share, amount, milestone) and its target; the noise of (metric, year) comes from a hash of the
// seed, the code and the year, so any year range yields the same values for the same year.
#include "zj/sim/plan_progress.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <nlohmann/json.hpp>
#include <optional>

#include "zj/common/embedded.h"

namespace zj::sim {
namespace {

using Json = nlohmann::json;

constexpr char kPlanPath[] = "data/plans/yunyang-2021-2025.json";

// SplitMix64: small, fast and good enough for demo data; our own so that the values do not
// depend on a standard library's distribution implementation.
class Rng {
 public:
  explicit Rng(uint64_t state) : state_(state) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }  // [0, 1)
  double Uniform(double lo, double hi) { return lo + (hi - lo) * Uniform(); }

 private:
  uint64_t state_;
};

uint64_t Fnv1a(std::string_view s) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : s) {
    h ^= c;
    h *= 0x100000001b3ull;
  }
  return h;
}

// Independent streams: one per metric (its shape parameters) and one per (metric, year).
Rng MetricRng(uint64_t seed, std::string_view code) { return Rng(seed ^ Fnv1a(code)); }
Rng YearRng(uint64_t seed, std::string_view code, int year) {
  return Rng((seed ^ Fnv1a(code)) + 0x632BE59BD9B4E019ull * static_cast<uint64_t>(year + 10000));
}

double Round(double v, int decimals) {
  const double f = std::pow(10.0, decimals);
  return std::round(v * f) / f;
}

struct MetricSpec {
  std::string code, name, unit, kind;
  std::string comparator;
  double target = 0;
  int target_year = 0;
  std::optional<double> baseline;
};

// Fraction of the plan-period progress reached by `year`: yearly weights 0.6–1.4, normalised so
// that the target year is 1; before the period 0, after it the weights keep accumulating.
double ProgressFraction(uint64_t seed, const std::string& code, int baseline_year, int target_year,
                        int year) {
  auto weight = [&](int y) { return YearRng(seed, code + "#w", y).Uniform(0.6, 1.4); };
  double total = 0, reached = 0;
  for (int y = baseline_year + 1; y <= std::max(target_year, year); ++y) {
    double w = weight(y);
    if (y <= target_year) total += w;
    if (y <= year) reached += w;
  }
  return total > 0 ? reached / total : 0;
}

// Plausible 2020 levels of the amounts whose size the plan does not give (per student books,
// budget lines), with their yearly relative growth range.
struct LevelShape {
  const char* code;
  double start_lo, start_hi;    // value in the baseline year
  double growth_lo, growth_hi;  // relative change per year
  int decimals;
};
constexpr LevelShape kLevelShapes[] = {
    {"books_per_student", 24, 32, 0.015, 0.05, 1},
    {"public_budget_education_expenditure", 170000, 200000, -0.02, 0.07, 0},
    {"per_student_public_budget_education_expenditure", 10500, 12500, -0.02, 0.07, 0},
};

double GenerateValue(const MetricSpec& m, int baseline_year, uint64_t seed, int year) {
  Rng mr = MetricRng(seed, m.code);
  Rng yr = YearRng(seed, m.code, year);
  const double attain = mr.Uniform(0.6, 1.15);  // share of the target reached by the target year
  const double f = ProgressFraction(seed, m.code, baseline_year, m.target_year, year);
  if (m.kind == "milestone") {
    // Completed in a year 2–7 years after the baseline; 0.25 of progress per year before that.
    const int done = baseline_year + 2 + static_cast<int>(mr.Next() % 6);
    return std::clamp(0.25 * (year - (done - 4)), 0.0, 1.0);
  }
  if (m.kind == "norm") {
    // A norm is kept (with ledger evidence) in a year with a probability of 75–98 % per norm,
    // drawn year by year: most years are evidenced, a few are missed.
    return yr.Uniform(0, 1) < mr.Uniform(0.75, 0.98) ? 1 : 0;
  }
  if (m.kind == "cumulative_count" || m.kind == "count") {
    const double start = m.baseline ? *m.baseline : m.target * mr.Uniform(0.3, 0.6);
    if (year <= baseline_year) {
      return std::round(std::max(0.0, start * (1 - 0.05 * (baseline_year - year))));
    }
    return std::round(start + (attain * m.target - start) * f);
  }
  if (m.kind == "share") {
    const bool down = m.comparator == "<" || m.comparator == "<=";
    const double start =
        down ? m.target * mr.Uniform(1.15, 1.5) : m.target * (1 - mr.Uniform(0.05, 0.3));
    const double end = start + (m.target - start) * mr.Uniform(0.6, 1.2);
    const double slope = (end - start) / (m.target_year - baseline_year);
    double v = year <= m.target_year ? start + slope * (year - baseline_year)
                                     : end + 0.5 * slope * (year - m.target_year);
    if (year < baseline_year) v = start + 0.7 * slope * (year - baseline_year);
    v += yr.Uniform(-0.8, 0.8);
    return Round(std::clamp(v, 0.0, 100.0), 1);
  }
  // kind == "level"
  for (const auto& s : kLevelShapes) {
    if (m.code != s.code) continue;
    double v = mr.Uniform(s.start_lo, s.start_hi);
    const int step = year >= baseline_year ? 1 : -1;
    for (int y = baseline_year; y != year; y += step) {
      const double g =
          YearRng(seed, m.code, step > 0 ? y + 1 : y).Uniform(s.growth_lo, s.growth_hi);
      v = step > 0 ? v * (1 + g) : v / (1 + g);
    }
    return Round(v, s.decimals);
  }
  // Any other amount: from 30–60 % of the target in the baseline year toward attain × target.
  const double start = m.target * mr.Uniform(0.3, 0.6);
  double v = year <= baseline_year ? start * (1 - 0.05 * (baseline_year - year))
                                   : start + (attain * m.target - start) * f;
  v *= 1 + yr.Uniform(-0.03, 0.03);
  return Round(std::max(0.0, v), 0);
}

// 主要指标 rows that are catalog data values rather than registry counts: (code, unit, yearly
// change range, decimals, lower/upper bounds). The 2020 value is the plan's published baseline.
struct DataIndicatorShape {
  const char* code;
  const char* unit;
  double change_lo, change_hi;
  int decimals;
  double lo, hi;
};
constexpr DataIndicatorShape kDataIndicators[] = {
    {"avg_schooling_years", "年", 0.06, 0.2, 2, 5, 16},
    {"labour_avg_schooling_years", "年", 0.05, 0.16, 2, 5, 16},
    {"fiscal_education_share", "%", -0.6, 0.7, 1, 15, 30},
};

// Catalog data-value indicators that grow toward the plan's target like a stock count.
constexpr const char* kCountDataIndicators[] = {"higher_education_enrolment"};

double DataIndicatorValue(const DataIndicatorShape& s, double base2020, int baseline_year,
                          uint64_t seed, int year) {
  double v = base2020;
  const int step = year >= baseline_year ? 1 : -1;
  for (int y = baseline_year; y != year; y += step) {
    const double c = YearRng(seed, s.code, step > 0 ? y + 1 : y).Uniform(s.change_lo, s.change_hi);
    v += step * c;
  }
  return Round(std::clamp(v, s.lo, s.hi), s.decimals);
}

}  // namespace

Result<std::vector<model::DataValue>> GeneratePlanProgressFrom(std::string_view plan_json,
                                                               const std::string& county_code,
                                                               int first_year, int last_year,
                                                               uint64_t seed,
                                                               const PlanProgressOptions& options) {
  if (first_year > last_year) {
    return Status::InvalidArgument("年份范围无效：" + std::to_string(first_year) + "—" +
                                   std::to_string(last_year));
  }
  Json plan = Json::parse(plan_json, nullptr, /*allow_exceptions=*/false);
  if (plan.is_discarded() || !plan.is_object() || !plan.contains("metrics") ||
      !plan["metrics"].is_array() || !plan.contains("targets") || !plan["targets"].is_array() ||
      !plan.contains("baseline_year") || !plan["baseline_year"].is_number_integer()) {
    return Status::InvalidArgument("规划文件无效：缺少 metrics、targets 或 baseline_year");
  }
  const int baseline_year = plan["baseline_year"].get<int>();

  // Each metric with its canonical target (the first that names it and is not a repeat).
  std::vector<MetricSpec> specs;
  for (const auto& m : plan["metrics"]) {
    MetricSpec s;
    s.code = m.value("code", "");
    s.name = m.value("name", "");
    s.unit = m.value("unit", "");
    s.kind = m.value("kind", "");
    for (const auto& t : plan["targets"]) {
      if (t.value("metric", "") != s.code || t.contains("same_as")) continue;
      s.comparator = t.value("comparator", "");
      s.target = t["target"].value("value", 0.0);
      s.target_year = t["target"].value("year", baseline_year + 5);
      if (t.contains("baseline")) s.baseline = t["baseline"].value("value", 0.0);
      break;
    }
    if (s.code.empty() || s.comparator.empty()) {
      return Status::InvalidArgument("规划文件无效：手工指标 " + s.code + " 没有对应目标");
    }
    specs.push_back(std::move(s));
  }
  // Baselines of the catalog data-value indicators, from the plan's 主要指标 rows; the ones that
  // grow toward their target like a stock count get a spec of their own.
  std::map<std::string, double> data_baselines;
  for (const auto& t : plan["targets"]) {
    if (!t.contains("indicator") || !t.contains("baseline")) continue;
    const std::string code = t.value("indicator", "");
    data_baselines.emplace(code, t["baseline"].value("value", 0.0));
    for (const char* counted : kCountDataIndicators) {
      if (code != counted || t.contains("same_as")) continue;
      MetricSpec s;
      s.code = code;
      s.name = t.value("quote", "");
      s.unit = t.value("unit", "");
      s.kind = "count";
      s.comparator = t.value("comparator", "");
      s.target = t["target"].value("value", 0.0);
      s.target_year = t["target"].value("year", baseline_year + 5);
      s.baseline = t["baseline"].value("value", 0.0);
      specs.push_back(std::move(s));
    }
  }

  std::vector<model::DataValue> out;
  auto add = [&](const std::string& code, int year, double value, const std::string& unit,
                 const std::string& note) {
    out.push_back({code, county_code, year, value, unit, kSyntheticSource, note});
  };
  for (const auto& s : specs) {
    for (int y = first_year; y <= last_year; ++y) {
      add(s.code, y, GenerateValue(s, baseline_year, seed, y), s.unit, s.name);
    }
  }
  for (const auto& d : kDataIndicators) {
    auto it = data_baselines.find(d.code);
    if (it == data_baselines.end()) continue;
    for (int y = first_year; y <= last_year; ++y) {
      add(d.code, y, DataIndicatorValue(d, it->second, baseline_year, seed, y), d.unit,
          "规划主要指标（2020年为规划公布值）");
    }
  }
  for (int y = first_year; y <= last_year; ++y) {
    Rng r = YearRng(seed, kDisabledChildrenCode, y);
    double children;
    auto it = options.enrolled_disabled_6_14.find(y);
    if (it != options.enrolled_disabled_6_14.end()) {
      // Enrolment rate rising from about 97.5–99 % toward 99.9 % over the years.
      const double rate = std::min(0.999, r.Uniform(0.975, 0.99) + 0.002 * (y - baseline_year));
      children = std::max<double>(static_cast<double>(it->second),
                                  std::round(static_cast<double>(it->second) / rate));
    } else {
      children =
          std::round(100000 * 0.008 * (1 - 0.01 * (y - baseline_year)) * r.Uniform(0.95, 1.05));
    }
    add(kDisabledChildrenCode, y, children, "人", "适龄（6—14周岁）残疾儿童少年数");
  }
  return out;
}

std::vector<model::DataValue> GeneratePlanProgress(const std::string& county_code, int first_year,
                                                   int last_year, uint64_t seed,
                                                   const PlanProgressOptions& options) {
  auto text = common::EmbeddedFile(kPlanPath);
  assert(text && "the Yunyang plan file is compiled into the binary");
  if (!text) return {};
  auto values = GeneratePlanProgressFrom(*text, county_code, first_year, last_year, seed, options);
  if (!values.ok()) return {};
  return std::move(values).value();
}

}  // namespace zj::sim
