// The projection engine: ratio estimation (CSR, entry and transition ratios), the cohort-flow
// step per school × grade × year with school openings, closures and merges, births variants and
// urbanisation, then classes, rooms, seats, big classes and teachers per school, rolled up to
// townships and the county, and the suggested 十五五 indicators with intervals.
#include "zj/engine/projection.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>
#include <unordered_map>

#include "zj/engine/projection_series.h"

namespace zj::engine {

using model::Stage;

const char* LevelName(Level l) {
  switch (l) {
    case Level::kCounty:
      return "county";
    case Level::kTownship:
      return "township";
    case Level::kSchool:
      return "school";
  }
  return "?";
}

int ResourceNorms::ClassSize(Stage s, int grade) const {
  int i = ProjectedStageIndex(s);
  if (i < 0) return 45;
  const auto& v = stage[i].class_size;
  if (v.empty()) return 45;
  if (grade >= 1 && grade <= static_cast<int>(v.size())) return v[grade - 1];
  return v.back();
}

std::optional<std::pair<double, double>> ErrorModel::Interval(Level level,
                                                              const std::string& quantity, int lead,
                                                              double forecast) const {
  auto it = by_lead.find({level, quantity});
  if (it == by_lead.end() || lead < 1) return std::nullopt;
  const auto& v = it->second;
  // The longest lead with data at or below `lead`; beyond it the spread grows with √lead.
  int use = std::min<int>(lead, static_cast<int>(v.size()));
  while (use >= 1 && v[use - 1].n == 0) --use;
  if (use < 1) return std::nullopt;
  double scale = lead > use ? std::sqrt(static_cast<double>(lead) / use) : 1.0;
  double lo = v[use - 1].low * scale, hi = v[use - 1].high * scale;
  // actual = forecast / (1 + e): a high error quantile gives the low end of the interval.
  auto bound = [&](double e) { return e <= -0.95 ? forecast * 20 : forecast / (1.0 + e); };
  double a = bound(hi), b = bound(lo);
  if (a > b) std::swap(a, b);
  return std::make_pair(a, b);
}

namespace {

constexpr int kKg = 0, kPri = 1, kJun = 2, kGen = 3, kVoc = 4;

struct SchoolState {
  ProjectionSchoolInfo info;
  int township = -1;
  const ProjectionSchool* history = nullptr;  // nullptr for schools opened by the scenario
  int open_from = -1000000;
  int close_at = 0;  // first year not operating; 0 = open
  int into = -1;     // receiving school after closure
  double entry_share = -1;
  std::array<bool, kProjectedStageCount> serves{};
  std::vector<std::pair<int, int>> classroom_changes;  // (year, classrooms)
  int base_classrooms = -1;
  std::array<double, kProjectedStageCount> base_teachers{};

  bool Operating(int t) const { return t >= open_from && (close_at == 0 || t < close_at); }
};

// Ratio with the configured method from yearly numerators/denominators (oldest first).
double MethodRatio(const std::vector<double>& num, const std::vector<double>& den, RatioMethod m,
                   double alpha, bool* ok) {
  double sn = 0, sd = 0;
  for (size_t i = 0; i < num.size(); ++i) {
    sn += num[i];
    sd += den[i];
  }
  *ok = sd > 0;
  if (!*ok) return 0;
  if (m == RatioMethod::kMean) return sn / sd;
  double s = 0;
  bool init = false;
  for (size_t i = 0; i < num.size(); ++i) {
    if (den[i] <= 0) continue;
    double r = num[i] / den[i];
    s = init ? alpha * r + (1 - alpha) * s : r;
    init = true;
  }
  return s;
}

std::string StageKey(Stage s) { return std::string(model::StageName(s)); }

class Projector {
 public:
  Projector(const ProjectionInput& in, const Scenario& sc, const ProjectionOptions& opt)
      : in_(in), sc_(sc), opt_(opt), st_(in.structure), slots_(st_.slot_count()) {}

  Result<ProjectionResult> Run();

 private:
  Status Setup();
  void EstimateProgression();
  void EstimateEntry();
  Status PrepareBirths();
  void StepYear(int t);
  std::vector<std::pair<int, double>> Receivers(int stage, int school, int t) const;
  void Distribute(int stage, int pool, double amount, int t, int slot);
  void Resources();
  void Indicators();
  void FlowRates();

  double& E(int school, int t, int slot) {
    return proj_[school][static_cast<size_t>(t - b_) * slots_ + slot];
  }
  double Hist(int school, int year, int slot) const {
    const ProjectionSchool* h = schools_[school].history;
    if (!h || !in_.HasYear(year)) return 0;
    return h->enrolment[static_cast<size_t>(year - in_.first_year) * slots_ + slot];
  }
  int LastSlot(int stage) const {
    return st_.first_slot(kProjectedStages[stage]) + st_.grades(kProjectedStages[stage]) - 1;
  }
  bool HasStage(int stage) const { return st_.grades(kProjectedStages[stage]) > 0; }
  void Note(const std::string& n) {
    if (std::find(res_.notes.begin(), res_.notes.end(), n) == res_.notes.end()) {
      res_.notes.push_back(n);
    }
  }

  const ProjectionInput& in_;
  const Scenario& sc_;
  const ProjectionOptions& opt_;
  const StageStructure& st_;
  const int slots_;
  int b_ = 0, h_ = 0;
  std::vector<int> window_;  // entry years used for ratios (ascending)
  std::vector<SchoolState> schools_;
  std::vector<std::vector<double>> proj_;
  std::vector<std::vector<double>> csr_;  // [school][slot] (slot → slot+1 inside a stage)
  // Entrant pools per stage.
  std::array<std::vector<double>, kProjectedStageCount> share_town_, share_county_;
  std::array<std::vector<std::vector<int>>, kProjectedStageCount> members_;  // [town] → schools
  std::array<std::vector<int>, kProjectedStageCount> county_members_;
  // Births-driven stages (kindergarten, primary): per township.
  enum class EntryMode { kTownshipBirths, kCountyBirths, kPersistence };
  std::array<std::vector<EntryMode>, 2> entry_mode_;
  std::array<std::vector<double>, 2> eta_town_, mean_entrants_town_, town_share_of_county_;
  std::array<double, 2> eta_county_{};
  std::vector<std::map<int, YearBirths>> births_town_;
  std::map<int, YearBirths> births_county_;
  // Transitions.
  std::vector<double> junior_ratio_;        // per township
  std::vector<bool> junior_county_feeder_;  // township fed from the county pool
  double senior_ratio_ = 0, vocational_share_hist_ = 0;
  std::vector<double> urban_weight_;  // per township: destination weight (normalised)
  std::vector<bool> urban_source_;
  ProjectionResult res_;
  std::vector<double> scratch_;
};

Status Projector::Setup() {
  b_ = opt_.base_year;
  h_ = opt_.horizon;
  if (h_ < 1 || h_ > 30) return Status::InvalidArgument("预测年数应在 1..30 之间");
  if (b_ < in_.first_year + 1 || b_ > in_.last_year) {
    return Status::InvalidArgument(
        "基年 " + std::to_string(b_) + " 应在 " + std::to_string(in_.first_year + 1) + "–" +
        std::to_string(in_.last_year) + " 之间（至少需要基年及前一年的学籍数据）");
  }
  int k = sc_.ratio_method == RatioMethod::kSmoothing ? (b_ - in_.first_year) : sc_.window;
  k = std::max(1, std::min(k, b_ - in_.first_year));
  for (int y = b_ - k + 1; y <= b_; ++y) window_.push_back(y);

  std::unordered_map<std::string, int> index;
  std::unordered_map<std::string, int> town_index;
  for (size_t i = 0; i < in_.townships.size(); ++i) town_index[in_.townships[i].code] = i;
  for (const auto& s : in_.schools) {
    SchoolState ss;
    ss.info = s.info;
    ss.township = s.township;
    ss.history = &s;
    if (s.info.opened_year > 0) ss.open_from = s.info.opened_year;
    ss.close_at = s.info.closed_year;
    for (Stage st : s.info.stages) {
      int i = ProjectedStageIndex(st);
      if (i >= 0) ss.serves[i] = true;
    }
    for (int y = in_.first_year; y <= b_; ++y) {
      for (int slot = 0; slot < slots_; ++slot) {
        if (s.enrolment[static_cast<size_t>(y - in_.first_year) * slots_ + slot] > 0) {
          ss.serves[ProjectedStageIndex(st_.stage_of_slot(slot))] = true;
        }
      }
      int c = s.classrooms[y - in_.first_year];
      if (c >= 0) ss.base_classrooms = c;
      double tsum = 0;
      for (int i = 0; i < kProjectedStageCount; ++i) {
        tsum += s.teachers[static_cast<size_t>(y - in_.first_year) * kProjectedStageCount + i];
      }
      if (tsum > 0) {
        for (int i = 0; i < kProjectedStageCount; ++i) {
          ss.base_teachers[i] =
              s.teachers[static_cast<size_t>(y - in_.first_year) * kProjectedStageCount + i];
        }
      }
    }
    index[s.info.code] = static_cast<int>(schools_.size());
    schools_.push_back(std::move(ss));
  }
  // Scenario changes: openings first so that merges can target new schools.
  for (const auto& c : sc_.changes) {
    if (c.action != SchoolAction::kOpen) continue;
    if (index.count(c.code)) {
      return Status::InvalidArgument("场景: 新建学校代码 " + c.code + " 已存在");
    }
    auto t = town_index.find(c.township_code);
    if (t == town_index.end()) {
      return Status::InvalidArgument("场景: 新建学校 " + c.code + " 的乡镇 " + c.township_code +
                                     " 不存在");
    }
    SchoolState ss;
    ss.info = {c.code, c.name.empty() ? c.code : c.name, c.township_code, c.stages, c.year, 0};
    ss.township = t->second;
    ss.open_from = c.year;
    ss.entry_share = c.entry_share;
    ss.base_classrooms = 0;
    ss.classroom_changes.push_back({c.year, c.classrooms});
    for (Stage st : c.stages) {
      int i = ProjectedStageIndex(st);
      if (i >= 0) ss.serves[i] = true;
    }
    index[c.code] = static_cast<int>(schools_.size());
    schools_.push_back(std::move(ss));
  }
  for (const auto& c : sc_.changes) {
    if (c.action == SchoolAction::kOpen) continue;
    auto it = index.find(c.code);
    if (it == index.end()) return Status::InvalidArgument("场景: 未知学校 " + c.code);
    SchoolState& ss = schools_[it->second];
    if (c.action == SchoolAction::kClassrooms) {
      ss.classroom_changes.push_back({c.year, c.classrooms});
      continue;
    }
    ss.close_at = c.year;
    if (!c.into.empty()) {
      auto jt = index.find(c.into);
      if (jt == index.end()) return Status::InvalidArgument("场景: 未知接收学校 " + c.into);
      if (jt->second == it->second) {
        return Status::InvalidArgument("场景: 学校 " + c.code + " 不能并入自身");
      }
      ss.into = jt->second;
    }
  }
  for (auto& ss : schools_) {
    std::sort(ss.classroom_changes.begin(), ss.classroom_changes.end());
  }

  // Urbanisation.
  urban_weight_.assign(in_.townships.size(), 0);
  urban_source_.assign(in_.townships.size(), false);
  if (sc_.urbanisation_shift > 0) {
    double wsum = 0;
    for (const auto& [code, w] : sc_.urbanisation_destinations) {
      auto t = town_index.find(code);
      if (t == town_index.end()) {
        return Status::InvalidArgument("场景: 城镇化目的地乡镇 " + code + " 不存在");
      }
      urban_weight_[t->second] = w;
      wsum += w;
    }
    if (wsum <= 0) return Status::InvalidArgument("场景: 城镇化需要至少一个目的地乡镇");
    for (double& w : urban_weight_) w /= wsum;
    if (sc_.urbanisation_sources.empty()) {
      for (size_t i = 0; i < urban_source_.size(); ++i) urban_source_[i] = urban_weight_[i] == 0;
    } else {
      for (const auto& code : sc_.urbanisation_sources) {
        auto t = town_index.find(code);
        if (t == town_index.end()) {
          return Status::InvalidArgument("场景: 城镇化来源乡镇 " + code + " 不存在");
        }
        urban_source_[t->second] = true;
      }
    }
  }
  for (const auto& [code, series] : sc_.explicit_births) {
    if (!code.empty() && code != in_.county_code && !town_index.count(code)) {
      return Status::InvalidArgument("场景: 出生数序列的乡镇 " + code + " 不存在");
    }
  }

  proj_.assign(schools_.size(), std::vector<double>(static_cast<size_t>(h_ + 1) * slots_, 0.0));
  for (size_t i = 0; i < schools_.size(); ++i) {
    for (int slot = 0; slot < slots_; ++slot) E(i, b_, slot) = Hist(i, b_, slot);
  }
  return Status::Ok();
}

void Projector::EstimateProgression() {
  const int n = schools_.size(), towns = in_.townships.size(), w = window_.size();
  csr_.assign(n, std::vector<double>(slots_, 1.0));
  // Yearly numerators/denominators per level: [level index][slot][window position].
  auto zeros = [&] { return std::vector<std::vector<double>>(slots_, std::vector<double>(w, 0)); };
  std::vector<std::vector<std::vector<double>>> tnum(towns, zeros()), tden(towns, zeros());
  auto cnum = zeros(), cden = zeros();
  std::vector<double> num(w), den(w);
  bool ok = false;
  for (int i = 0; i < n; ++i) {
    if (!schools_[i].history) continue;
    for (int slot = 0; slot + 1 < slots_; ++slot) {
      if (st_.stage_of_slot(slot + 1) != st_.stage_of_slot(slot)) continue;
      for (int k = 0; k < w; ++k) {
        int y = window_[k];  // transition y−1 → y
        double a = Hist(i, y - 1, slot), c = Hist(i, y, slot + 1);
        if (a <= 0 && c <= 0) continue;
        tnum[schools_[i].township][slot][k] += c;
        tden[schools_[i].township][slot][k] += a;
        cnum[slot][k] += c;
        cden[slot][k] += a;
      }
    }
  }
  std::vector<std::vector<double>> town_ratio(towns, std::vector<double>(slots_, -1));
  std::vector<double> county_ratio(slots_, 1.0);
  for (int slot = 0; slot + 1 < slots_; ++slot) {
    if (st_.stage_of_slot(slot + 1) != st_.stage_of_slot(slot)) continue;
    double r = MethodRatio(cnum[slot], cden[slot], sc_.ratio_method, sc_.alpha, &ok);
    county_ratio[slot] = ok ? r : 1.0;
    for (int t = 0; t < towns; ++t) {
      double sd = std::accumulate(tden[t][slot].begin(), tden[t][slot].end(), 0.0);
      if (sd >= sc_.min_base) {
        town_ratio[t][slot] =
            MethodRatio(tnum[t][slot], tden[t][slot], sc_.ratio_method, sc_.alpha, &ok);
      }
    }
  }
  for (int i = 0; i < n; ++i) {
    for (int slot = 0; slot + 1 < slots_; ++slot) {
      if (st_.stage_of_slot(slot + 1) != st_.stage_of_slot(slot)) continue;
      double r = -1;
      if (schools_[i].history) {
        double sd = 0;
        for (int k = 0; k < w; ++k) {
          num[k] = Hist(i, window_[k], slot + 1);
          den[k] = Hist(i, window_[k] - 1, slot);
          sd += den[k];
        }
        if (sd >= sc_.min_base) r = MethodRatio(num, den, sc_.ratio_method, sc_.alpha, &ok);
      }
      if (r < 0) r = town_ratio[schools_[i].township][slot];
      if (r < 0) r = county_ratio[slot];
      csr_[i][slot] = r;
    }
  }
}

Status Projector::PrepareBirths() {
  const int known = opt_.births_known_through.value_or(b_);
  const int towns = in_.townships.size();
  const int through = b_ + h_;  // more than any cohort needs
  births_town_.assign(towns, {});
  auto cut = [&](const std::map<int, YearBirths>& m) {
    std::map<int, YearBirths> out(m.begin(), m.upper_bound(known));
    return out;
  };
  births_county_ = cut(in_.county_births);
  for (int t = 0; t < towns; ++t) births_town_[t] = cut(in_.township_births[t]);
  if (births_county_.empty()) return Status::Ok();
  const int last = births_county_.rbegin()->first;

  std::map<int, double> totals;
  for (const auto& [y, yb] : births_county_) totals[y] = yb.total;
  std::map<int, double> ext;
  switch (sc_.births_variant) {
    case BirthsVariant::kRecorded:
      return Status::Ok();
    case BirthsVariant::kMedium:
    case BirthsVariant::kExplicit:
      ext = ExtendBirths(totals, through, sc_.births_trend_years, sc_.births_damping, 0);
      break;
    case BirthsVariant::kLow:
    case BirthsVariant::kHigh: {
      std::vector<double> g;
      for (int y = last - sc_.births_trend_years + 1; y <= last; ++y) {
        auto a = totals.find(y - 1), c = totals.find(y);
        if (a != totals.end() && c != totals.end() && a->second > 0 && c->second > 0) {
          g.push_back(std::log(c->second / a->second));
        }
      }
      double mean = g.empty() ? 0 : std::accumulate(g.begin(), g.end(), 0.0) / g.size();
      double var = 0;
      for (double x : g) var += (x - mean) * (x - mean);
      double sd = g.size() > 1 ? std::sqrt(var / (g.size() - 1)) : 0;
      sd = std::max(sd, 0.02);
      ext = ExtendBirths(totals, through, sc_.births_trend_years, sc_.births_damping,
                         sc_.births_variant == BirthsVariant::kLow ? -sd : sd);
      Note(std::string("出生数方案: ") + (sc_.births_variant == BirthsVariant::kLow ? "低" : "高") +
           "方案 = 中方案年增长率 ∓ 近年增长率标准差 (" + std::to_string(sd).substr(0, 6) + ")");
      break;
    }
  }
  if (sc_.births_variant == BirthsVariant::kExplicit) {
    auto it = sc_.explicit_births.find("");
    if (it == sc_.explicit_births.end()) it = sc_.explicit_births.find(in_.county_code);
    if (it != sc_.explicit_births.end()) {
      for (const auto& [y, v] : it->second) {
        if (y > known) ext[y] = v;
      }
    }
  }
  // Township shares of county births over the trend years.
  std::vector<double> share(towns, 0);
  double tot = 0;
  for (int y = last - sc_.births_trend_years + 1; y <= last; ++y) {
    for (int t = 0; t < towns; ++t) {
      auto it = births_town_[t].find(y);
      if (it != births_town_[t].end()) {
        share[t] += it->second.total;
        tot += it->second.total;
      }
    }
  }
  for (double& s : share) s = tot > 0 ? s / tot : 0;
  for (const auto& [y, v] : ext) {
    if (y <= last) continue;
    YearBirths yb;
    yb.total = v;
    births_county_[y] = yb;
    for (int t = 0; t < towns; ++t) {
      if (births_town_[t].empty() || births_town_[t].rbegin()->first < last) continue;
      YearBirths tb;
      tb.total = v * share[t];
      births_town_[t][y] = tb;
    }
  }
  if (sc_.births_variant == BirthsVariant::kExplicit) {
    for (const auto& [code, series] : sc_.explicit_births) {
      for (int t = 0; t < towns; ++t) {
        if (in_.townships[t].code != code) continue;
        for (const auto& [y, v] : series) {
          if (y <= known) continue;
          YearBirths tb;
          tb.total = v;
          births_town_[t][y] = tb;
        }
      }
    }
  }
  if (last < through) {
    Note("出生数: " + std::to_string(last) + " 年以后的出生数为方案假设（" +
         (sc_.births_variant == BirthsVariant::kExplicit ? std::string("给定序列/趋势")
                                                         : std::string("阻尼趋势外推")) +
         "），不是登记数据");
  }
  return Status::Ok();
}

void Projector::EstimateEntry() {
  const int n = schools_.size(), towns = in_.townships.size();
  // Members and base shares of each stage's entrant pools.
  for (int s = 0; s < kProjectedStageCount; ++s) {
    members_[s].assign(towns, {});
    county_members_[s].clear();
    share_town_[s].assign(n, 0);
    share_county_[s].assign(n, 0);
    if (!HasStage(s)) continue;
    const int first = st_.first_slot(kProjectedStages[s]);
    std::vector<double> town_sum(towns, 0);
    double county_sum = 0;
    for (int i = 0; i < n; ++i) {
      if (!schools_[i].serves[s]) continue;
      members_[s][schools_[i].township].push_back(i);
      county_members_[s].push_back(i);
      double v = 0;
      for (int y : window_) v += Hist(i, y, first);
      share_town_[s][i] = v;
      share_county_[s][i] = v;
      town_sum[schools_[i].township] += v;
      county_sum += v;
    }
    for (int i = 0; i < n; ++i) {
      if (!schools_[i].serves[s]) continue;
      double ts = town_sum[schools_[i].township];
      share_town_[s][i] = ts > 0 ? share_town_[s][i] / ts : 0;
      share_county_[s][i] = county_sum > 0 ? share_county_[s][i] / county_sum : 0;
    }
  }
  // Births-driven stages.
  for (int e = 0; e < 2; ++e) {
    const int s = e == 0 ? kKg : kPri;
    const int age = e == 0 ? st_.kindergarten_entry_age : st_.primary_entry_age;
    const int first = st_.first_slot(kProjectedStages[s]);
    entry_mode_[e].assign(towns, EntryMode::kPersistence);
    eta_town_[e].assign(towns, 0);
    mean_entrants_town_[e].assign(towns, 0);
    town_share_of_county_[e].assign(towns, 0);
    std::vector<double> nsum(towns, 0), csum(towns, 0);
    double cn = 0, cc = 0, all_n = 0;
    for (int y : window_) {
      std::vector<double> nt(towns, 0);
      for (int i = 0; i < n; ++i) nt[schools_[i].township] += Hist(i, y, first);
      double ny = std::accumulate(nt.begin(), nt.end(), 0.0);
      all_n += ny;
      for (int t = 0; t < towns; ++t) {
        mean_entrants_town_[e][t] += nt[t] / window_.size();
        town_share_of_county_[e][t] += nt[t];
        auto c = BirthCohort(births_town_[t], y, age, st_.cutoff_month);
        if (c) {
          nsum[t] += nt[t];
          csum[t] += *c;
        }
      }
      auto c = BirthCohort(births_county_, y, age, st_.cutoff_month);
      if (c) {
        cn += ny;
        cc += *c;
      }
    }
    for (int t = 0; t < towns; ++t) {
      town_share_of_county_[e][t] = all_n > 0 ? town_share_of_county_[e][t] / all_n : 0;
    }
    eta_county_[e] = cc > 0 ? cn / cc : -1;
    const std::string stage = std::string(model::StageNameZh(kProjectedStages[s]));
    for (int t = 0; t < towns; ++t) {
      if (in_.births_by_township) {
        if (csum[t] > 0) {
          entry_mode_[e][t] = EntryMode::kTownshipBirths;
          eta_town_[e][t] = nsum[t] / csum[t];
        } else if (mean_entrants_town_[e][t] > 0) {
          Note(stage + "入学: 乡镇 " + in_.townships[t].code + " 无出生数, 按近年入学人数外推");
        }
      } else if (eta_county_[e] >= 0) {
        entry_mode_[e][t] = EntryMode::kCountyBirths;
      }
    }
    if (!in_.births_by_township) {
      Note(eta_county_[e] >= 0
               ? stage + "入学: 无分乡镇出生数, 全县入学率 × 全县出生队列, 按各乡镇近年份额分配"
               : stage + "入学: 无出生数, 按近年入学人数外推（持平）");
    }
  }
  // Junior entrants from the township's primary last grade.
  junior_ratio_.assign(towns, 0);
  junior_county_feeder_.assign(towns, false);
  if (HasStage(kJun)) {
    const int feeder = LastSlot(kPri), first = st_.first_slot(Stage::kJunior);
    std::vector<double> num(towns, 0), den(towns, 0);
    double county_den = 0;
    for (int y : window_) {
      for (int i = 0; i < n; ++i) {
        num[schools_[i].township] += Hist(i, y, first);
        den[schools_[i].township] += Hist(i, y - 1, feeder);
        county_den += Hist(i, y - 1, feeder);
      }
    }
    for (int t = 0; t < towns; ++t) {
      if (den[t] > 0) {
        junior_ratio_[t] = num[t] / den[t];
      } else if (num[t] > 0 && county_den > 0) {
        junior_ratio_[t] = num[t] / county_den;
        junior_county_feeder_[t] = true;
      }
    }
  }
  // Senior entrants from the county's junior (or primary) last grade.
  if (HasStage(kGen) || HasStage(kVoc)) {
    const int feeder = HasStage(kJun) ? LastSlot(kJun) : LastSlot(kPri);
    double num = 0, den = 0, voc = 0;
    for (int y : window_) {
      for (int i = 0; i < n; ++i) {
        double g = HasStage(kGen) ? Hist(i, y, st_.first_slot(Stage::kGeneralSenior)) : 0;
        double v = HasStage(kVoc) ? Hist(i, y, st_.first_slot(Stage::kVocational)) : 0;
        num += g + v;
        voc += v;
        den += Hist(i, y - 1, feeder);
      }
    }
    senior_ratio_ = sc_.senior_transition.value_or(den > 0 ? num / den : 0);
    vocational_share_hist_ = num > 0 ? voc / num : 0;
  }
}

// Where the pupils or entrants of `school` go at year t: the school itself, the school it was
// merged into, else its township's operating schools of the stage, else the county's.
std::vector<std::pair<int, double>> Projector::Receivers(int stage, int school, int t) const {
  int i = school;
  for (int guard = 0; guard < 16 && i >= 0 && !schools_[i].Operating(t); ++guard) {
    i = schools_[i].into;
  }
  if (i >= 0 && schools_[i].Operating(t)) return {{i, 1.0}};
  auto spread = [&](const std::vector<int>& pool, const std::vector<double>& share) {
    std::vector<std::pair<int, double>> out;
    double sum = 0;
    for (int j : pool) {
      if (!schools_[j].Operating(t)) continue;
      out.push_back({j, share[j]});
      sum += share[j];
    }
    for (auto& [j, w] : out) w = sum > 0 ? w / sum : 1.0 / out.size();
    return out;
  };
  auto out = spread(members_[stage][schools_[school].township], share_town_[stage]);
  if (out.empty()) out = spread(county_members_[stage], share_county_[stage]);
  return out;
}

// Distributes entrants of a pool (township, or the county when pool < 0) to its schools.
void Projector::Distribute(int stage, int pool, double amount, int t, int slot) {
  if (amount <= 0) return;
  const std::vector<int>& members = pool >= 0 ? members_[stage][pool] : county_members_[stage];
  const std::vector<double>& share = pool >= 0 ? share_town_[stage] : share_county_[stage];
  if (members.empty()) {
    // Nobody in the pool serves the stage (e.g. a township without a junior school whose
    // ratio came from the county): the county's schools take them.
    if (pool >= 0) Distribute(stage, -1, amount, t, slot);
    return;
  }
  // New schools take their entry share (default: an equal share) from the others.
  int operating = 0;
  double new_share = 0, old_share = 0;
  for (int i : members) {
    if (!schools_[i].Operating(t)) continue;
    ++operating;
  }
  for (int i : members) {
    if (schools_[i].history) {
      old_share += share[i];
      continue;
    }
    if (!schools_[i].Operating(t)) continue;
    new_share += schools_[i].entry_share >= 0 ? schools_[i].entry_share : 1.0 / operating;
  }
  new_share = std::min(new_share, 1.0);
  const bool no_history = old_share <= 0;
  if (no_history && operating == 0) {
    if (pool >= 0) Distribute(stage, -1, amount, t, slot);
    return;
  }
  int old_operating = 0;
  for (int i : members) old_operating += schools_[i].history && schools_[i].Operating(t);
  for (int i : members) {
    double w;
    if (!schools_[i].history) {
      if (!schools_[i].Operating(t)) continue;
      double e = schools_[i].entry_share >= 0 ? schools_[i].entry_share : 1.0 / operating;
      w = no_history && old_operating == 0 ? e / std::max(new_share, 1e-12) : e;
    } else if (no_history) {
      if (!schools_[i].Operating(t)) continue;
      w = (1 - new_share) / old_operating;
    } else {
      w = share[i] / old_share * (1 - new_share);
    }
    if (w <= 0) continue;
    if (schools_[i].Operating(t)) {
      E(i, t, slot) += amount * w;
    } else {
      for (const auto& [j, v] : Receivers(stage, i, t)) E(j, t, slot) += amount * w * v;
    }
  }
}

void Projector::StepYear(int t) {
  const int n = schools_.size(), towns = in_.townships.size();
  // 1. Grades 2..G move forward (closed schools' pupils go to their receivers).
  for (int i = 0; i < n; ++i) {
    for (int slot = 0; slot + 1 < slots_; ++slot) {
      if (st_.stage_of_slot(slot + 1) != st_.stage_of_slot(slot)) continue;
      double v = E(i, t - 1, slot);
      if (v <= 0) continue;
      double moved = v * csr_[i][slot];
      if (schools_[i].Operating(t)) {
        E(i, t, slot + 1) += moved;
      } else {
        int s = ProjectedStageIndex(st_.stage_of_slot(slot));
        for (const auto& [j, w] : Receivers(s, i, t)) E(j, t, slot + 1) += moved * w;
      }
    }
  }
  // 2. Births-driven entrants per township, urbanisation, then the schools.
  for (int e = 0; e < 2; ++e) {
    const int s = e == 0 ? kKg : kPri;
    const int age = e == 0 ? st_.kindergarten_entry_age : st_.primary_entry_age;
    std::vector<double> x(towns, 0);
    std::optional<double> county_cohort = BirthCohort(births_county_, t, age, st_.cutoff_month);
    for (int tw = 0; tw < towns; ++tw) {
      switch (entry_mode_[e][tw]) {
        case EntryMode::kTownshipBirths: {
          auto c = BirthCohort(births_town_[tw], t, age, st_.cutoff_month);
          if (c) {
            x[tw] = eta_town_[e][tw] * *c;
          } else {
            x[tw] = mean_entrants_town_[e][tw];
            Note(std::string(model::StageNameZh(kProjectedStages[s])) +
                 "入学: " + std::to_string(t) + " 年出生队列缺失, 部分乡镇按近年入学人数外推");
          }
          break;
        }
        case EntryMode::kCountyBirths:
          x[tw] = county_cohort ? eta_county_[e] * *county_cohort * town_share_of_county_[e][tw]
                                : mean_entrants_town_[e][tw];
          break;
        case EntryMode::kPersistence:
          x[tw] = mean_entrants_town_[e][tw];
          break;
      }
    }
    if (sc_.urbanisation_shift > 0) {
      double u = std::min(1.0, sc_.urbanisation_shift * (t - b_)), moved = 0;
      for (int tw = 0; tw < towns; ++tw) {
        if (!urban_source_[tw]) continue;
        moved += x[tw] * u;
        x[tw] *= 1 - u;
      }
      for (int tw = 0; tw < towns; ++tw) x[tw] += moved * urban_weight_[tw];
    }
    const int slot = st_.first_slot(kProjectedStages[s]);
    for (int tw = 0; tw < towns; ++tw) Distribute(s, tw, x[tw], t, slot);
  }
  // 3. Junior entrants from the township's primary last grade (the catchment).
  if (HasStage(kJun)) {
    const int feeder = LastSlot(kPri), slot = st_.first_slot(Stage::kJunior);
    std::vector<double> f(towns, 0);
    double county = 0;
    for (int i = 0; i < n; ++i) {
      double v = E(i, t - 1, feeder);
      f[schools_[i].township] += v;
      county += v;
    }
    for (int tw = 0; tw < towns; ++tw) {
      double base = junior_county_feeder_[tw] ? county : f[tw];
      Distribute(kJun, tw, junior_ratio_[tw] * base, t, slot);
    }
  }
  // 4. Senior entrants from the county's junior last grade, split by 职普比.
  if (HasStage(kGen) || HasStage(kVoc)) {
    const int feeder = HasStage(kJun) ? LastSlot(kJun) : LastSlot(kPri);
    double f = 0;
    for (int i = 0; i < n; ++i) f += E(i, t - 1, feeder);
    double total = senior_ratio_ * f;
    double v = vocational_share_hist_;
    if (!sc_.vocational_share.empty()) {
      auto it = sc_.vocational_share.upper_bound(t);
      v = it == sc_.vocational_share.begin() ? sc_.vocational_share.begin()->second
                                             : std::prev(it)->second;
    }
    if (!HasStage(kVoc)) v = 0;
    if (!HasStage(kGen)) v = 1;
    if (HasStage(kGen)) {
      Distribute(kGen, -1, total * (1 - v), t, st_.first_slot(Stage::kGeneralSenior));
    }
    if (HasStage(kVoc)) Distribute(kVoc, -1, total * v, t, st_.first_slot(Stage::kVocational));
  }
}

// Rooms allocated to grades when there are fewer rooms than classes: each grade with pupils
// gets one room, the rest go one by one to the grade with the largest average class. Returns
// the classes of ≥ big and ≥ huge pupils.
std::pair<int, int> BigClasses(const std::vector<long long>& pupils, int rooms, int big, int huge) {
  std::vector<int> k(pupils.size(), 0);
  int used = 0;
  for (size_t g = 0; g < pupils.size(); ++g) {
    if (pupils[g] > 0) {
      k[g] = 1;
      ++used;
    }
  }
  for (; used < rooms; ++used) {
    size_t best = 0;
    double best_avg = -1;
    for (size_t g = 0; g < pupils.size(); ++g) {
      if (k[g] == 0) continue;
      double avg = static_cast<double>(pupils[g]) / k[g];
      if (avg > best_avg) {
        best_avg = avg;
        best = g;
      }
    }
    if (best_avg <= 0) break;
    ++k[best];
  }
  int nb = 0, nh = 0;
  for (size_t g = 0; g < pupils.size(); ++g) {
    if (k[g] == 0) continue;
    long long q = pupils[g] / k[g], r = pupils[g] % k[g];
    // r classes of q+1, k−r classes of q.
    if (q + 1 >= big) nb += static_cast<int>(r);
    if (q >= big) nb += k[g] - static_cast<int>(r);
    if (q + 1 >= huge) nh += static_cast<int>(r);
    if (q >= huge) nh += k[g] - static_cast<int>(r);
  }
  return {nb, nh};
}

void Projector::Resources() {
  const ResourceNorms& nm = sc_.norms;
  const int n = schools_.size();
  res_.schools.resize(n);
  std::vector<long long> pupils(slots_);
  std::vector<int> slot_size(slots_), slot_stage(slots_);
  for (int slot = 0; slot < slots_; ++slot) {
    slot_stage[slot] = ProjectedStageIndex(st_.stage_of_slot(slot));
    slot_size[slot] = std::max(1, nm.ClassSize(st_.stage_of_slot(slot), st_.grade_of_slot(slot)));
  }
  bool missing_rooms = false;
  // Teachers follow closed schools to their receivers at the closing year.
  std::vector<std::array<double, kProjectedStageCount>> teachers(n);
  for (int i = 0; i < n; ++i) teachers[i] = schools_[i].base_teachers;
  for (int i = 0; i < n; ++i) {
    const SchoolState& ss = schools_[i];
    UnitProjection& up = res_.schools[i];
    up.level = Level::kSchool;
    up.code = ss.info.code;
    up.name = ss.info.name;
    up.township_code = ss.info.township_code;
    up.years.resize(h_ + 1);
  }
  for (int t = b_; t <= b_ + h_; ++t) {
    if (t > b_) {
      for (int i = 0; i < n; ++i) {
        if (schools_[i].Operating(t) || !schools_[i].Operating(t - 1)) continue;
        for (int s = 0; s < kProjectedStageCount; ++s) {
          if (teachers[i][s] <= 0) continue;
          for (const auto& [j, w] : Receivers(s, i, t)) teachers[j][s] += teachers[i][s] * w;
          teachers[i][s] = 0;
        }
      }
    }
    for (int i = 0; i < n; ++i) {
      const SchoolState& ss = schools_[i];
      UnitYear& u = res_.schools[i].years[t - b_];
      u.year = t;
      u.enrolment.assign(proj_[i].begin() + static_cast<size_t>(t - b_) * slots_,
                         proj_[i].begin() + static_cast<size_t>(t - b_ + 1) * slots_);
      if (!ss.Operating(t)) continue;
      u.schools = 1;
      int rooms = ss.base_classrooms;
      for (const auto& [y, c] : ss.classroom_changes) {
        if (y <= t) rooms = c;
      }
      double weighted_norm = 0;
      for (int slot = 0; slot < slots_; ++slot) {
        double v = u.enrolment[slot];
        pupils[slot] = std::llround(v);
        const int s = slot_stage[slot];
        const int size = slot_size[slot];
        int classes = static_cast<int>((pupils[slot] + size - 1) / size);
        u.stage[s].students += v;
        u.stage[s].classes_needed += classes;
        u.students += v;
        u.classes_needed += classes;
        weighted_norm += static_cast<double>(pupils[slot]) * size;
      }
      long long total_pupils = std::accumulate(pupils.begin(), pupils.end(), 0LL);
      double norm = total_pupils > 0 ? weighted_norm / total_pupils : 0;
      if (total_pupils == 0) {
        int cnt = 0;
        for (int s = 0; s < kProjectedStageCount; ++s) {
          if (!ss.serves[s]) continue;
          norm += nm.ClassSize(kProjectedStages[s], 1);
          ++cnt;
        }
        norm = cnt > 0 ? norm / cnt : 45;
      }
      u.classrooms = std::max(rooms, 0);
      u.seat_capacity = u.classrooms * norm;
      u.seat_gap = std::max(0.0, u.students - u.seat_capacity);
      u.seat_surplus = std::max(0.0, u.seat_capacity - u.students);
      if (rooms >= 0 && rooms < u.classes_needed) {
        auto [big, huge] = BigClasses(pupils, rooms, nm.big_class_size, nm.huge_class_size);
        u.big_classes = big;
        u.huge_classes = huge;
      }
      // Teachers: ratio method, class-based where the norm says so and for small schools.
      const bool small = u.students < nm.small_school_threshold;
      double total_needed = 0;
      int busiest = -1;
      for (int s = 0; s < kProjectedStageCount; ++s) {
        StageYear& sy = u.stage[s];
        sy.teachers_in_post = teachers[i][s];
        u.teachers_in_post += teachers[i][s];
        if (sy.classes_needed == 0 && sy.students <= 0) continue;
        const StageNorms& sn = nm.stage[s];
        double need = 0;
        if (sn.teachers_per_class > 0) need = sy.classes_needed * sn.teachers_per_class;
        if (sn.staffing_ratio > 0) need = std::max(need, sy.students / sn.staffing_ratio);
        if (small && sn.teachers_per_class <= 0) {
          need = std::max(need, sy.classes_needed * nm.small_school_teachers_per_class);
        }
        sy.teachers_needed = std::ceil(need - 1e-9);
        total_needed += sy.teachers_needed;
        if (busiest < 0 || sy.classes_needed > u.stage[busiest].classes_needed) busiest = s;
      }
      if (small && busiest >= 0 && total_needed < nm.small_school_min_teachers) {
        u.stage[busiest].teachers_needed += nm.small_school_min_teachers - total_needed;
        total_needed = nm.small_school_min_teachers;
      }
      u.teachers_needed = total_needed;
      u.schools_below_viability = u.students < nm.viability_threshold ? 1 : 0;
      if (rooms < 0) missing_rooms = true;
    }
  }
  if (missing_rooms) Note("部分学校无校舍数据（普通教室数未知）: 学位容量按 0 计, 不估计大班额");
}

void AddInto(UnitYear& a, const UnitYear& s) {
  a.year = s.year;
  if (a.enrolment.size() < s.enrolment.size()) a.enrolment.resize(s.enrolment.size(), 0);
  for (size_t k = 0; k < s.enrolment.size(); ++k) a.enrolment[k] += s.enrolment[k];
  for (int k = 0; k < kProjectedStageCount; ++k) {
    a.stage[k].students += s.stage[k].students;
    a.stage[k].classes_needed += s.stage[k].classes_needed;
    a.stage[k].teachers_needed += s.stage[k].teachers_needed;
    a.stage[k].teachers_in_post += s.stage[k].teachers_in_post;
  }
  a.students += s.students;
  a.classes_needed += s.classes_needed;
  a.classrooms += s.classrooms;
  a.seat_capacity += s.seat_capacity;
  a.seat_gap += s.seat_gap;
  a.seat_surplus += s.seat_surplus;
  a.big_classes += s.big_classes;
  a.huge_classes += s.huge_classes;
  a.teachers_needed += s.teachers_needed;
  a.teachers_in_post += s.teachers_in_post;
  a.schools += s.schools;
  a.schools_below_viability += s.schools_below_viability;
}

void Projector::FlowRates() {
  const int n = schools_.size();
  for (int slot = 0; slot < slots_; ++slot) {
    FlowRate fr;
    fr.stage = st_.stage_of_slot(slot);
    fr.grade = st_.grade_of_slot(slot);
    int next = -1;
    if (slot + 1 < slots_ && st_.stage_of_slot(slot + 1) == fr.stage) {
      next = slot + 1;
    } else if (fr.stage == Stage::kKindergarten) {
      next = st_.first_slot(Stage::kPrimary);
    } else if (fr.stage == Stage::kPrimary && HasStage(kJun)) {
      next = st_.first_slot(Stage::kJunior);
    }
    double num = 0, den = 0;
    for (int y : window_) {
      for (int i = 0; i < n; ++i) {
        den += Hist(i, y - 1, slot);
        if (next >= 0) num += Hist(i, y, next);
        if (fr.stage == Stage::kJunior && next < 0) {
          if (HasStage(kGen)) num += Hist(i, y, st_.first_slot(Stage::kGeneralSenior));
          if (HasStage(kVoc)) num += Hist(i, y, st_.first_slot(Stage::kVocational));
        }
      }
    }
    if (den <= 0) continue;
    if (next >= 0 || fr.stage == Stage::kJunior) fr.csr = num / den;
    double pupils = 0, promoted = 0, repeated = 0;
    for (const auto& f : in_.flows) {
      if (f.stage != fr.stage || f.grade != fr.grade) continue;
      if (f.year < window_.front() - 1 || f.year > b_ - 1) continue;
      pupils += f.pupils;
      promoted += f.promoted + f.graduated;
      repeated += f.repeated;
    }
    if (pupils > 0) {
      fr.promotion = promoted / pupils;
      fr.repetition = repeated / pupils;
      fr.dropout = 1 - *fr.promotion - *fr.repetition;
    }
    res_.flow_rates.push_back(fr);
  }
}

void Projector::Indicators() {
  const int target =
      (opt_.target_year > b_ && opt_.target_year <= b_ + h_) ? opt_.target_year : b_ + h_;
  const UnitYear& base = res_.county.years.front();
  const UnitYear& tg = res_.county.years[target - b_];
  const int lead = target - b_;
  auto add = [&](std::string code, std::string name, std::string unit, std::optional<double> bv,
                 double v, std::optional<std::pair<double, double>> iv) {
    res_.indicators.push_back(
        {std::move(code), std::move(name), std::move(unit), b_, bv, target, v, iv});
  };
  auto interval = [&](const std::string& q, double v) -> std::optional<std::pair<double, double>> {
    if (!opt_.errors) return std::nullopt;
    auto iv = opt_.errors->Interval(Level::kCounty, q, lead, v);
    if (!iv) iv = opt_.errors->Interval(Level::kCounty, "enrolment", lead, v);
    return iv;
  };
  for (int s = 0; s < kProjectedStageCount; ++s) {
    if (!HasStage(s)) continue;
    Stage stage = kProjectedStages[s];
    add("enrolment_" + StageKey(stage), std::string(model::StageNameZh(stage)) + "在校生", "人",
        base.stage[s].students, tg.stage[s].students,
        interval(StageKey(stage), tg.stage[s].students));
  }
  double comp_b = base.stage[kPri].students + base.stage[kJun].students;
  double comp_t = tg.stage[kPri].students + tg.stage[kJun].students;
  add("enrolment_compulsory", "义务教育在校生", "人", comp_b, comp_t,
      interval("enrolment", comp_t));
  double sen_b = base.stage[kGen].students + base.stage[kVoc].students;
  double sen_t = tg.stage[kGen].students + tg.stage[kVoc].students;
  add("enrolment_senior_stage", "高中阶段在校生", "人", sen_b, sen_t, interval("enrolment", sen_t));
  if (opt_.resources) {
    add("big_classes", "大班额（56人及以上）班数（预计）", "个", base.big_classes, tg.big_classes,
        std::nullopt);
    double short_b = 0, short_t = 0, tgap_b = 0, tgap_t = 0;
    for (const auto& sp : res_.schools) {
      const UnitYear& a = sp.years.front();
      const UnitYear& c = sp.years[target - b_];
      short_b += std::max(0, a.classes_needed - a.classrooms);
      short_t += std::max(0, c.classes_needed - c.classrooms);
      tgap_b += std::max(0.0, a.teachers_needed - a.teachers_in_post);
      tgap_t += std::max(0.0, c.teachers_needed - c.teachers_in_post);
    }
    add("classroom_shortfall", "教室缺口（按标准班额所需班数 − 普通教室）", "间", short_b, short_t,
        std::nullopt);
    add("teacher_shortfall", "教师缺口（按编制标准/班师比 − 在岗专任教师）", "人", tgap_b, tgap_t,
        std::nullopt);
    add("schools_below_viability", "规模不足学校数", "所", base.schools_below_viability,
        tg.schools_below_viability, std::nullopt);
  }
  // Gross enrolment ratios where population by age exists: ages carried forward by
  // cohort-change ratios, new cohorts from births.
  auto pb = in_.population.find(b_);
  if (pb == in_.population.end()) {
    Note("无分年龄人口数据: 不计算毛入园率/高中阶段毛入学率");
    return;
  }
  const int max_age = 20;
  std::map<int, std::vector<double>> pop;
  for (const auto& [y, ages] : in_.population) {
    if (y > b_) continue;
    auto& v = pop[y];
    v.assign(max_age + 1, 0);
    for (const auto& [a, c] : ages) {
      if (a >= 0 && a <= max_age) v[a] = c;
    }
  }
  std::vector<double> ccr(max_age + 1, 1.0);
  for (int a = 1; a <= max_age; ++a) {
    double num = 0, den = 0;
    for (int y : window_) {
      auto p1 = pop.find(y), p0 = pop.find(y - 1);
      if (p1 == pop.end() || p0 == pop.end()) continue;
      num += p1->second[a];
      den += p0->second[a - 1];
    }
    if (den > 0) ccr[a] = num / den;
  }
  double s0num = 0, s0den = 0;
  for (const auto& [y, v] : pop) {
    auto c = BirthCohort(births_county_, y, 0, st_.cutoff_month);
    if (!c) continue;
    s0num += v[0];
    s0den += *c;
  }
  for (int t = b_ + 1; t <= target; ++t) {
    std::vector<double> v(max_age + 1, 0);
    const auto& prev = pop[t - 1];
    for (int a = 1; a <= max_age; ++a) v[a] = prev[a - 1] * ccr[a];
    auto c = BirthCohort(births_county_, t, 0, st_.cutoff_month);
    v[0] = c && s0den > 0 ? *c * s0num / s0den : prev[0];
    pop[t] = v;
  }
  auto ger = [&](int s1, int s2, int a0, int a1, std::string code, std::string name,
                 const std::string& q) {
    double pb_sum = 0, pt_sum = 0;
    for (int a = a0; a <= a1; ++a) {
      pb_sum += pop[b_][a];
      pt_sum += pop[target][a];
    }
    if (pb_sum <= 0 || pt_sum <= 0) return;
    double eb = base.stage[s1].students + (s2 >= 0 ? base.stage[s2].students : 0);
    double et = tg.stage[s1].students + (s2 >= 0 ? tg.stage[s2].students : 0);
    auto iv = interval(q, et);
    if (iv) iv = std::make_pair(iv->first / pt_sum * 100, iv->second / pt_sum * 100);
    add(std::move(code), std::move(name), "%", eb / pb_sum * 100, et / pt_sum * 100, iv);
  };
  ger(kKg, -1, 3, 5, "ger_preschool", "学前三年毛入园率", StageKey(Stage::kKindergarten));
  ger(kGen, kVoc, 15, 17, "ger_senior_stage", "高中阶段毛入学率", "enrolment");
  Note(
      "毛入学率: 分年龄人口按队列变化率推移, 新出生队列按出生数 × 存活比; 学龄人口口径见标准 "
      "README §4.1/§4.3 [secondary]");
}

Result<ProjectionResult> Projector::Run() {
  ZJ_RETURN_IF_ERROR(Setup());
  res_.base_year = b_;
  res_.horizon = h_;
  res_.scenario = sc_.name;
  res_.structure = st_;
  EstimateProgression();
  ZJ_RETURN_IF_ERROR(PrepareBirths());
  EstimateEntry();
  for (int t = b_ + 1; t <= b_ + h_; ++t) StepYear(t);
  Resources();
  // Townships and county.
  const int towns = in_.townships.size();
  res_.townships.resize(towns);
  for (int tw = 0; tw < towns; ++tw) {
    UnitProjection& up = res_.townships[tw];
    up.level = Level::kTownship;
    up.code = in_.townships[tw].code;
    up.name = in_.townships[tw].name;
    up.years.resize(h_ + 1);
    for (int k = 0; k <= h_; ++k) {
      up.years[k].year = b_ + k;
      up.years[k].enrolment.assign(slots_, 0);
    }
  }
  res_.county.level = Level::kCounty;
  res_.county.code = in_.county_code;
  res_.county.name = in_.county_name;
  res_.county.years.resize(h_ + 1);
  for (int k = 0; k <= h_; ++k) {
    res_.county.years[k].year = b_ + k;
    res_.county.years[k].enrolment.assign(slots_, 0);
  }
  for (size_t i = 0; i < schools_.size(); ++i) {
    for (int k = 0; k <= h_; ++k) {
      AddInto(res_.townships[schools_[i].township].years[k], res_.schools[i].years[k]);
      AddInto(res_.county.years[k], res_.schools[i].years[k]);
    }
  }
  if (opt_.errors) {
    auto apply = [&](UnitProjection& up) {
      for (int k = 1; k <= h_; ++k) {
        up.years[k].students_interval =
            opt_.errors->Interval(up.level, "enrolment", k, up.years[k].students);
      }
    };
    apply(res_.county);
    for (auto& t : res_.townships) apply(t);
    for (auto& s : res_.schools) apply(s);
  }
  FlowRates();
  Indicators();
  if (!opt_.resources) return std::move(res_);
  for (const auto& p : sc_.norms.provenance) Note(p);
  return std::move(res_);
}

}  // namespace

Result<ProjectionResult> Project(const ProjectionInput& input, const Scenario& scenario,
                                 const ProjectionOptions& options) {
  Projector p(input, scenario, options);
  return p.Run();
}

}  // namespace zj::engine
