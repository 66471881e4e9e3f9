// The projection model on aggregate yearly series (no registries): ratio-to-driver forecasts for
// entrants and enrolment, with intervals from the series' own rolling-origin errors; and the
// damped-trend extension of a births series shared with the registry projection.
#include "zj/engine/projection_series.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "zj/engine/projection_backtest.h"

namespace zj::engine {

namespace {

constexpr SeriesField kAllFields[] = {SeriesField::kKindergartenEnrolment,
                                      SeriesField::kPrimaryEntrants, SeriesField::kPrimaryEnrolment,
                                      SeriesField::kJuniorEntrants, SeriesField::kJuniorEnrolment};

}  // namespace

const char* SeriesFieldName(SeriesField f) {
  switch (f) {
    case SeriesField::kKindergartenEnrolment:
      return "kindergarten_enrolment";
    case SeriesField::kPrimaryEntrants:
      return "primary_entrants";
    case SeriesField::kPrimaryEnrolment:
      return "primary_enrolment";
    case SeriesField::kJuniorEntrants:
      return "junior_entrants";
    case SeriesField::kJuniorEnrolment:
      return "junior_enrolment";
  }
  return "?";
}

std::optional<SeriesField> ParseSeriesField(std::string_view name) {
  for (SeriesField f : kAllFields) {
    if (name == SeriesFieldName(f)) return f;
  }
  return std::nullopt;
}

std::map<int, double> ExtendBirths(const std::map<int, double>& births, int through_year,
                                   int trend_years, double damping, double shift) {
  std::map<int, double> out = births;
  if (births.empty()) return out;
  const int last = births.rbegin()->first;
  double g = 0;
  int n = 0;
  for (int y = last - trend_years + 1; y <= last; ++y) {
    auto a = births.find(y - 1), b = births.find(y);
    if (a == births.end() || b == births.end() || a->second <= 0 || b->second <= 0) continue;
    g += std::log(b->second / a->second);
    ++n;
  }
  g = n > 0 ? g / n : 0;
  double v = births.rbegin()->second;
  double phi = 1;
  for (int y = last + 1; y <= through_year; ++y) {
    phi *= damping;
    v *= std::exp(g * phi + shift);
    out[y] = v;
  }
  return out;
}

namespace {

class SeriesModel {
 public:
  SeriesModel(const SeriesInput& in, const SeriesOptions& opt, int births_through)
      : in_(in), opt_(opt) {
    std::map<int, double> b(in.births.begin(), in.births.upper_bound(births_through));
    births_ =
        ExtendBirths(b, opt.base_year + opt.horizon, opt.births_trend_years, opt.births_damping);
    gp_ = in.structure.grades(model::Stage::kPrimary);
    gj_ = in.structure.grades(model::Stage::kJunior);
    gk_ = in.structure.grades(model::Stage::kKindergarten);
  }

  // strict: a field whose ratio or drivers are missing is an error; otherwise it is skipped
  // (the rolling-origin error runs, where early origins lack history for some fields).
  Result<std::map<SeriesField, std::map<int, double>>> Run(bool strict = true) {
    const int b = opt_.base_year;
    std::map<SeriesField, std::map<int, double>> out;
    // Order matters: entrants before the enrolment they drive.
    for (SeriesField f : {SeriesField::kPrimaryEntrants, SeriesField::kPrimaryEnrolment,
                          SeriesField::kJuniorEntrants, SeriesField::kJuniorEnrolment,
                          SeriesField::kKindergartenEnrolment}) {
      auto h = in_.history.find(f);
      if (h == in_.history.end()) continue;
      if (opt_.enrolment_model == EnrolmentModel::kFlow && IsEnrolment(f)) {
        if (auto flow = ProjectFlow(f, h->second)) {
          out[f] = *flow;
          projected_[f] = *flow;
          continue;
        }
      }
      std::vector<double> num, den;
      for (int y = b - opt_.window + 1; y <= b; ++y) {
        auto v = h->second.find(y);
        auto d = Driver(f, y);
        if (v == h->second.end() || !d || *d <= 0) continue;
        num.push_back(v->second);
        den.push_back(*d);
      }
      if (num.empty()) {
        if (!strict) continue;
        return Status::InvalidArgument(
            std::string("字段 ") + SeriesFieldName(f) + ": " + std::to_string(b - opt_.window + 1) +
            "–" + std::to_string(b) + " 年没有可用于估计比率的记录（或缺少对应出生数）");
      }
      double r = 0;
      if (opt_.ratio_method == RatioMethod::kMean) {
        r = std::accumulate(num.begin(), num.end(), 0.0) /
            std::accumulate(den.begin(), den.end(), 0.0);
      } else {
        for (size_t i = 0; i < num.size(); ++i) {
          double x = num[i] / den[i];
          r = i == 0 ? x : opt_.alpha * x + (1 - opt_.alpha) * r;
        }
      }
      ratio_[f] = r;
      for (int t = b + 1; t <= b + opt_.horizon; ++t) {
        auto d = Driver(f, t);
        if (!d) {
          if (!strict) break;
          return Status::InvalidArgument(std::string("字段 ") + SeriesFieldName(f) + ": " +
                                         std::to_string(t) + " 年缺少所需出生数");
        }
        out[f][t] = r * *d;
      }
      projected_[f] = out[f];
    }
    return out;
  }

 private:
  static bool IsEnrolment(SeriesField f) {
    return f == SeriesField::kPrimaryEnrolment || f == SeriesField::kJuniorEnrolment;
  }

  // Cohort flow of a stage's enrolment: E(t) = E(t−1) + N(t) − λ·N(t−G), N the stage's entrants
  // (recorded, projected or from births), G its grades; λ = leavers ÷ the cohort that entered G
  // years before, as a ratio of sums over the window, capped to [0, 1]. nullopt when the base
  // year, the year before it or a needed entrant figure is missing (the caller falls back).
  std::optional<std::map<int, double>> ProjectFlow(SeriesField f,
                                                   const std::map<int, double>& history) const {
    const SeriesField entrants = f == SeriesField::kPrimaryEnrolment ? SeriesField::kPrimaryEntrants
                                                                     : SeriesField::kJuniorEntrants;
    const int grades = f == SeriesField::kPrimaryEnrolment ? gp_ : gj_;
    const int b = opt_.base_year;
    double leavers = 0, cohort = 0;
    for (int y = b - opt_.window + 1; y <= b; ++y) {
      auto v = history.find(y), prev = history.find(y - 1);
      auto in = Flow(entrants, y), old = Flow(entrants, y - grades);
      if (v == history.end() || prev == history.end() || !in || !old || *old <= 0) continue;
      leavers += prev->second + *in - v->second;
      cohort += *old;
    }
    auto base = history.find(b);
    if (cohort <= 0 || base == history.end()) return std::nullopt;
    const double lambda = std::clamp(leavers / cohort, 0.0, 1.0);
    std::map<int, double> out;
    double e = base->second;
    for (int t = b + 1; t <= b + opt_.horizon; ++t) {
      auto in = Flow(entrants, t), old = Flow(entrants, t - grades);
      if (!in || !old) return std::nullopt;
      e = std::max(0.0, e + *in - lambda * *old);
      out[t] = e;
    }
    return out;
  }

  std::optional<double> Cohort(int year, int age) const {
    auto a = births_.find(year - age - 1), c = births_.find(year - age);
    if (a == births_.end() || c == births_.end()) return std::nullopt;
    const int m = in_.structure.cutoff_month;
    return a->second * (12 - m) / 12.0 + c->second * m / 12.0;
  }
  // A flow series: recorded up to the base year, else projected, else its own driver.
  std::optional<double> Flow(SeriesField f, int year) const {
    auto h = in_.history.find(f);
    if (h != in_.history.end() && year <= opt_.base_year) {
      auto v = h->second.find(year);
      if (v != h->second.end()) return v->second;
    }
    auto p = projected_.find(f);
    if (p != projected_.end()) {
      auto v = p->second.find(year);
      if (v != p->second.end()) return v->second;
    }
    auto r = ratio_.find(f);
    auto d = Driver(f, year);
    if (!d) return std::nullopt;
    return r != ratio_.end() ? r->second * *d : *d;
  }
  std::optional<double> Sum(SeriesField flow, int year, int grades) const {
    double s = 0;
    for (int j = 0; j < grades; ++j) {
      auto v = Flow(flow, year - j);
      if (!v) return std::nullopt;
      s += *v;
    }
    return s;
  }
  std::optional<double> Driver(SeriesField f, int year) const {
    const int pa = in_.structure.primary_entry_age, ka = in_.structure.kindergarten_entry_age;
    switch (f) {
      case SeriesField::kPrimaryEntrants:
        return Cohort(year, pa);
      case SeriesField::kPrimaryEnrolment:
        return Sum(SeriesField::kPrimaryEntrants, year, gp_);
      case SeriesField::kJuniorEntrants:
        return Flow(SeriesField::kPrimaryEntrants, year - gp_);
      case SeriesField::kJuniorEnrolment:
        return Sum(SeriesField::kJuniorEntrants, year, gj_);
      case SeriesField::kKindergartenEnrolment: {
        double s = 0;
        for (int j = 0; j < gk_; ++j) {
          auto c = Cohort(year - j, ka);
          if (!c) return std::nullopt;
          s += *c;
        }
        return s;
      }
    }
    return std::nullopt;
  }

  const SeriesInput& in_;
  const SeriesOptions& opt_;
  std::map<int, double> births_;
  int gp_ = 6, gj_ = 3, gk_ = 3;
  std::map<SeriesField, double> ratio_;
  std::map<SeriesField, std::map<int, double>> projected_;
};

}  // namespace

Result<std::vector<SeriesBacktestRow>> BacktestSeries(const SeriesInput& input,
                                                      const SeriesOptions& options,
                                                      int first_origin, int last_origin,
                                                      int max_lead) {
  if (first_origin > last_origin) return Status::InvalidArgument("回测起点应不晚于终点");
  if (max_lead < 1 || max_lead > 10) return Status::InvalidArgument("回测预测年数应在 1..10 之间");
  if (input.history.empty()) return Status::InvalidArgument("至少需要一个历史序列 (--column)");
  if (input.births.empty()) return Status::InvalidArgument("出生数序列为空");
  struct Sums {
    int n = 0;
    double model = 0, persistence = 0;
  };
  std::map<std::pair<SeriesField, int>, Sums> sums;
  for (int o = first_origin; o <= last_origin; ++o) {
    SeriesOptions oo = options;
    oo.base_year = o;
    oo.horizon = max_lead;
    SeriesInput cut = input;
    for (auto& [f, h] : cut.history) h.erase(h.upper_bound(o), h.end());
    SeriesModel m(cut, oo, o);
    auto r = m.Run(/*strict=*/false);
    if (!r.ok()) continue;
    for (const auto& [f, years] : *r) {
      const auto& recorded = input.history.at(f);
      auto origin = recorded.find(o);
      if (origin == recorded.end()) continue;
      for (const auto& [y, v] : years) {
        auto a = recorded.find(y);
        if (a == recorded.end() || a->second <= 0) continue;
        Sums& s = sums[{f, y - o}];
        ++s.n;
        s.model += std::fabs(v - a->second) / a->second * 100;
        s.persistence += std::fabs(origin->second - a->second) / a->second * 100;
      }
    }
  }
  std::vector<SeriesBacktestRow> out;
  for (const auto& [key, s] : sums) {
    out.push_back({key.first, key.second, s.n, s.model / s.n, s.persistence / s.n});
  }
  return out;
}

Result<SeriesProjection> ProjectSeries(const SeriesInput& input, const SeriesOptions& options) {
  if (options.horizon < 1 || options.horizon > 30) {
    return Status::InvalidArgument("预测年数应在 1..30 之间");
  }
  if (input.history.empty()) return Status::InvalidArgument("至少需要一个历史序列 (--column)");
  if (input.births.empty()) return Status::InvalidArgument("出生数序列为空");
  SeriesModel model(input, options, std::numeric_limits<int>::max());
  ZJ_ASSIGN_OR_RETURN(auto point, model.Run());

  // Rolling-origin errors of the same model on the series itself (births cut at each origin).
  std::map<SeriesField, std::vector<std::vector<double>>> errors;
  int first_year = options.base_year;
  for (const auto& [f, h] : input.history) {
    if (!h.empty()) first_year = std::min(first_year, h.begin()->first);
  }
  for (int o = first_year + 1; o < options.base_year; ++o) {
    SeriesOptions oo = options;
    oo.base_year = o;
    oo.horizon = std::min(options.horizon, options.base_year - o);
    SeriesInput cut = input;
    for (auto& [f, h] : cut.history) h.erase(h.upper_bound(o), h.end());
    SeriesModel m(cut, oo, o);
    auto r = m.Run(/*strict=*/false);
    if (!r.ok()) continue;
    for (const auto& [f, years] : *r) {
      auto& e = errors[f];
      for (const auto& [y, v] : years) {
        auto a = input.history.at(f).find(y);
        if (a == input.history.at(f).end() || a->second <= 0) continue;
        int lead = y - o;
        if (static_cast<int>(e.size()) < lead) e.resize(lead);
        e[lead - 1].push_back((v - a->second) / a->second);
      }
    }
  }
  ErrorModel em;
  em.coverage = options.coverage;
  for (auto& [f, by_lead] : errors) {
    auto& q = em.by_lead[{Level::kCounty, SeriesFieldName(f)}];
    for (auto& e : by_lead) q.push_back(RelativeErrorQuantiles(e, options.coverage));
  }

  SeriesProjection out;
  out.base_year = options.base_year;
  for (int t = options.base_year + 1; t <= options.base_year + options.horizon; ++t) {
    SeriesYear sy;
    sy.year = t;
    for (const auto& [f, years] : point) {
      double v = years.at(t);
      sy.values[f] = v;
      auto iv = em.Interval(Level::kCounty, SeriesFieldName(f), t - options.base_year, v);
      if (iv) sy.intervals[f] = *iv;
    }
    out.years.push_back(std::move(sy));
  }
  return out;
}

}  // namespace zj::engine
