// Rolling-origin backtest of the registry projection against two naive baselines (persistence;
// last enrolment-to-birth-cohort ratio), MAPE/WAPE by lead and level, the error quantiles for
// prediction intervals and their leave-one-origin-out coverage.
#include "zj/engine/projection_backtest.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "zj/engine/projection_series.h"

namespace zj::engine {

using model::Stage;

const char* ForecasterName(Forecaster f) {
  switch (f) {
    case Forecaster::kModel:
      return "model";
    case Forecaster::kPersistence:
      return "persistence";
    case Forecaster::kBirthsRatio:
      return "births_ratio";
  }
  return "?";
}

double NormalQuantile(double p) {
  // Acklam's rational approximation of the inverse normal CDF (|error| < 1.2e-9).
  static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,  -2.759285104469687e+02,
                             1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
  static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                             6.680131188771972e+01, -1.328068155288572e+01};
  static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                             -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
  static const double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                             3.754408661907416e+00};
  const double pl = 0.02425;
  if (p <= 0) return -INFINITY;
  if (p >= 1) return INFINITY;
  if (p < pl) {
    double q = std::sqrt(-2 * std::log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
           ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - pl) return -NormalQuantile(1 - p);
  double q = p - 0.5, r = q * q;
  return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
         (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

ErrorQuantiles RelativeErrorQuantiles(std::vector<double> e, double coverage) {
  ErrorQuantiles q;
  q.n = static_cast<int>(e.size());
  if (e.empty()) return q;
  double tail = (1 - coverage) / 2;
  if (e.size() < kMinErrorsForQuantiles) {
    // Too few errors for quantiles: ± z · RMS relative error (normal approximation).
    double ss = 0;
    for (double x : e) ss += x * x;
    const double z = NormalQuantile(1 - tail);
    q.high = z * std::sqrt(ss / e.size());
    q.low = -q.high;
    return q;
  }
  std::sort(e.begin(), e.end());
  auto at = [&](double p) {
    double pos = p * (e.size() - 1);
    size_t i = static_cast<size_t>(std::floor(pos));
    size_t j = std::min(i + 1, e.size() - 1);
    return e[i] + (e[j] - e[i]) * (pos - i);
  };
  // The interval always contains the point forecast.
  q.low = std::min(at(tail), 0.0);
  q.high = std::max(at(1 - tail), 0.0);
  return q;
}

namespace {

struct Sample {
  Forecaster f;
  Level level;
  std::string quantity;
  int lead;
  int origin;
  double forecast, actual;
};

// Totals of an input year per unit: school, township, county, plus county per stage.
struct Totals {
  std::vector<double> school, township;
  double county = 0;
  std::vector<double> county_stage;  // per projected stage
};

Totals Recorded(const ProjectionInput& in, int year) {
  Totals t;
  const int slots = in.structure.slot_count();
  t.school.assign(in.schools.size(), 0);
  t.township.assign(in.townships.size(), 0);
  t.county_stage.assign(kProjectedStageCount, 0);
  for (size_t i = 0; i < in.schools.size(); ++i) {
    for (int s = 0; s < slots; ++s) {
      double v = in.Enrolment(i, year, s);
      t.school[i] += v;
      t.county_stage[ProjectedStageIndex(in.structure.stage_of_slot(s))] += v;
    }
    t.township[in.schools[i].township] += t.school[i];
    t.county += t.school[i];
  }
  return t;
}

// Births-ratio baseline: each school's stage enrolment ÷ the cohorts now in the stage (its
// township's, else the county's), held at the origin's value and applied to later cohorts.
Totals BirthsRatio(const ProjectionInput& in, const std::vector<std::map<int, YearBirths>>& town,
                   const std::map<int, YearBirths>& county, int origin, int year) {
  Totals t;
  const StageStructure& st = in.structure;
  t.school.assign(in.schools.size(), 0);
  t.township.assign(in.townships.size(), 0);
  t.county_stage.assign(kProjectedStageCount, 0);
  // Entry age of each stage (senior stages both follow junior).
  std::array<int, kProjectedStageCount> age{};
  age[0] = st.kindergarten_entry_age;
  age[1] = st.primary_entry_age;
  age[2] = age[1] + st.grades(Stage::kPrimary);
  age[3] = age[4] = age[2] + st.grades(Stage::kJunior);
  auto cohorts = [&](const std::map<int, YearBirths>& b, int s, int y) -> std::optional<double> {
    double sum = 0;
    for (int j = 0; j < st.grades(kProjectedStages[s]); ++j) {
      auto c = BirthCohort(b, y - j, age[s], st.cutoff_month);
      if (!c) return std::nullopt;
      sum += *c;
    }
    return sum;
  };
  for (size_t i = 0; i < in.schools.size(); ++i) {
    const auto& tb = town[in.schools[i].township];
    const auto& b = tb.empty() ? county : tb;
    double total = 0;
    for (int s = 0; s < kProjectedStageCount; ++s) {
      const int g = st.grades(kProjectedStages[s]);
      if (g == 0) continue;
      double e0 = 0;
      for (int k = 0; k < g; ++k)
        e0 += in.Enrolment(i, origin, st.first_slot(kProjectedStages[s]) + k);
      if (e0 <= 0) continue;
      auto c0 = cohorts(b, s, origin), c1 = cohorts(b, s, year);
      // Without the cohorts the baseline degrades to persistence.
      double v = (c0 && c1 && *c0 > 0) ? e0 / *c0 * *c1 : e0;
      t.county_stage[s] += v;
      total += v;
    }
    t.school[i] = total;
    t.township[in.schools[i].township] += total;
    t.county += total;
  }
  return t;
}

// Births of each area cut at `through` and extended by the medium trend (what a forecaster at
// the origin would have had).
std::map<int, YearBirths> ExtendArea(const std::map<int, YearBirths>& b, int through, int until) {
  std::map<int, YearBirths> out(b.begin(), b.upper_bound(through));
  if (out.empty()) return out;
  std::map<int, double> tot;
  for (const auto& [y, v] : out) tot[y] = v.total;
  for (const auto& [y, v] : ExtendBirths(tot, until, 5, 0.8)) {
    if (!out.count(y)) {
      YearBirths yb;
      yb.total = v;
      out[y] = yb;
    }
  }
  return out;
}

}  // namespace

Result<BacktestReport> Backtest(const ProjectionInput& input, const Scenario& scenario,
                                const BacktestOptions& options) {
  BacktestReport rep;
  rep.max_lead = options.max_lead;
  const int first = options.first_origin > 0
                        ? options.first_origin
                        : std::min(input.first_year + scenario.window, input.last_year - 1);
  const int last = options.last_origin > 0 ? options.last_origin : input.last_year - 1;
  if (first < input.first_year + 1 || last > input.last_year - 1 || first > last) {
    return Status::InvalidArgument(
        "回测基年范围 " + std::to_string(first) + "–" + std::to_string(last) +
        " 无效: 学籍年份为 " + std::to_string(input.first_year) + "–" +
        std::to_string(input.last_year) + "，基年需在 " + std::to_string(input.first_year + 1) +
        "–" + std::to_string(input.last_year - 1) + " 之间");
  }
  if (options.max_lead < 1 || options.max_lead > 20) {
    return Status::InvalidArgument("回测最大预测期应在 1..20 之间");
  }
  std::vector<Totals> recorded;
  for (int y = input.first_year; y <= input.last_year; ++y) recorded.push_back(Recorded(input, y));
  std::vector<Sample> samples;
  auto add = [&](Forecaster f, int origin, int lead, const Totals& fc, const Totals& ac) {
    auto push = [&](Level l, const std::string& q, double fv, double av) {
      if (av <= 0) return;
      samples.push_back({f, l, q, lead, origin, fv, av});
    };
    push(Level::kCounty, "enrolment", fc.county, ac.county);
    for (int s = 0; s < kProjectedStageCount; ++s) {
      push(Level::kCounty, std::string(model::StageName(kProjectedStages[s])), fc.county_stage[s],
           ac.county_stage[s]);
    }
    for (size_t t = 0; t < ac.township.size(); ++t) {
      push(Level::kTownship, "enrolment", fc.township[t], ac.township[t]);
    }
    for (size_t i = 0; i < ac.school.size(); ++i) {
      push(Level::kSchool, "enrolment", fc.school[i], ac.school[i]);
    }
  };
  for (int o = first; o <= last; ++o) {
    const int lead_max = std::min(options.max_lead, input.last_year - o);
    ProjectionInput cut = input.TruncatedTo(o, o);
    ProjectionOptions po;
    po.base_year = o;
    po.horizon = lead_max;
    po.resources = false;
    po.target_year = o + lead_max;
    auto r = Project(cut, scenario, po);
    if (!r.ok()) return r.status();
    rep.origins.push_back(o);
    const Totals& base = recorded[o - input.first_year];
    std::vector<std::map<int, YearBirths>> town(cut.township_births.size());
    for (size_t t = 0; t < town.size(); ++t) {
      town[t] = ExtendArea(cut.township_births[t], o, o + lead_max);
    }
    auto county = ExtendArea(cut.county_births, o, o + lead_max);
    for (int lead = 1; lead <= lead_max; ++lead) {
      const int y = o + lead;
      const Totals& actual = recorded[y - input.first_year];
      Totals m;
      m.school.assign(input.schools.size(), 0);
      m.township.assign(input.townships.size(), 0);
      m.county_stage.assign(kProjectedStageCount, 0);
      // The projection's schools are the input's (same order) followed by scenario openings.
      for (size_t i = 0; i < r->schools.size(); ++i) {
        const UnitYear& u = r->schools[i].years[lead];
        if (i < m.school.size()) {
          m.school[i] = u.students;
          m.township[input.schools[i].township] += u.students;
        }
      }
      const UnitYear& cy = r->county.years[lead];
      m.county = cy.students;
      for (int s = 0; s < kProjectedStageCount; ++s) m.county_stage[s] = cy.stage[s].students;
      add(Forecaster::kModel, o, lead, m, actual);
      add(Forecaster::kPersistence, o, lead, base, actual);
      add(Forecaster::kBirthsRatio, o, lead, BirthsRatio(cut, town, county, o, y), actual);
    }
  }
  if (rep.origins.empty()) return Status::InvalidArgument("没有可回测的基年");

  // Accuracy cells.
  std::map<std::tuple<int, int, std::string, int>, std::vector<const Sample*>> groups;
  for (const auto& s : samples) {
    groups[{static_cast<int>(s.f), static_cast<int>(s.level), s.quantity, s.lead}].push_back(&s);
  }
  for (const auto& [key, v] : groups) {
    AccuracyCell c;
    c.forecaster = static_cast<Forecaster>(std::get<0>(key));
    c.level = static_cast<Level>(std::get<1>(key));
    c.quantity = std::get<2>(key);
    c.lead = std::get<3>(key);
    c.n = static_cast<int>(v.size());
    double ape = 0, abs_err = 0, act = 0, bias = 0;
    for (const Sample* s : v) {
      double e = s->forecast - s->actual;
      ape += std::abs(e) / s->actual;
      bias += e / s->actual;
      abs_err += std::abs(e);
      act += s->actual;
    }
    c.mape = 100 * ape / c.n;
    c.bias = 100 * bias / c.n;
    c.wape = act > 0 ? 100 * abs_err / act : 0;
    rep.cells.push_back(c);
  }
  // Error model of the model forecaster, and its leave-one-origin-out coverage.
  rep.errors.coverage = options.coverage;
  std::map<std::pair<Level, std::string>, std::vector<std::vector<const Sample*>>> by;
  for (const auto& s : samples) {
    if (s.f != Forecaster::kModel) continue;
    auto& v = by[{s.level, s.quantity}];
    if (static_cast<int>(v.size()) < s.lead) v.resize(s.lead);
    v[s.lead - 1].push_back(&s);
  }
  for (const auto& [key, leads] : by) {
    auto& q = rep.errors.by_lead[key];
    for (size_t l = 0; l < leads.size(); ++l) {
      std::vector<double> e;
      for (const Sample* s : leads[l]) e.push_back((s->forecast - s->actual) / s->actual);
      q.push_back(RelativeErrorQuantiles(e, options.coverage));
      if (key.second != "enrolment") continue;
      // Coverage: each origin's values against the interval from the other origins' errors.
      std::map<int, std::vector<const Sample*>> by_origin;
      for (const Sample* s : leads[l]) by_origin[s->origin].push_back(s);
      int inside = 0, tested = 0;
      for (const auto& [origin, own] : by_origin) {
        std::vector<double> other;
        for (const Sample* t : leads[l]) {
          if (t->origin != origin) other.push_back((t->forecast - t->actual) / t->actual);
        }
        if (other.size() < 2) continue;
        ErrorModel one;
        auto& v = one.by_lead[key];
        v.resize(l + 1);
        v[l] = RelativeErrorQuantiles(std::move(other), options.coverage);
        for (const Sample* s : own) {
          auto iv = one.Interval(key.first, key.second, static_cast<int>(l) + 1, s->forecast);
          if (!iv) continue;
          ++tested;
          if (s->actual >= iv->first - 1e-9 && s->actual <= iv->second + 1e-9) ++inside;
        }
      }
      if (tested > 0) {
        AccuracyCell c;
        c.level = key.first;
        c.quantity = key.second;
        c.lead = static_cast<int>(l) + 1;
        c.n = tested;
        c.mape = 100.0 * inside / tested;
        rep.coverage.push_back(c);
      }
    }
  }
  return rep;
}

}  // namespace zj::engine
