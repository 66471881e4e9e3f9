// The demo county's population and school-career processes: births, family migration, placement
// at 9月1日, classes, year-end outcomes and the adult cohort process. See world.h for the order of
// events in a school year and params.h for the parameters.
#include "world.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

#include "world_impl.h"
#include "zj/common/code_tables.h"
#include "zj/common/csv.h"
#include "zj/common/embedded.h"
#include "zj/sim/demo.h"

namespace zj::sim {

using model::Stage;

namespace {

const std::map<int, double>& BirthsTable() {
  static const std::map<int, double> table = [] {
    std::map<int, double> t;
    auto text = common::EmbeddedFile("data/standards/china_births.csv");
    if (!text) return t;
    auto csv = common::CsvTable::Parse(*text);
    if (!csv.ok()) return t;
    for (const auto& row : csv->rows()) {
      const std::string year(csv->Get(row, "year"));
      const std::string wan(csv->Get(row, "births_wan_first_release"));
      if (year.empty() || wan.empty()) continue;
      t[std::stoi(year)] = std::stod(wan);
    }
    return t;
  }();
  return table;
}

double Clamp01(double x) { return x < 0 ? 0 : (x > 1 ? 1 : x); }
double Lerp(double a, double b, double t) { return a + (b - a) * Clamp01(t); }

// Annual probability that a child living away with migrant parents comes back at age `a` in
// school year `y`: at primary entry (6) and for 初中 (12, 13; fewer once 异地中考 opens).
double ReturnHazard(const ModelParams& p, int a, int y) {
  if (a == 6) return p.return_age6;
  if (a != 12 && a != 13) return p.return_other;
  const double span = std::max(1, p.junior_return_decline_to - p.junior_return_decline_from);
  const double fade =
      1.0 - p.junior_return_decline * Clamp01((y - p.junior_return_decline_from) / span);
  return (a == 12 ? p.return_age12 : p.return_age13) * fade;
}

int StageIndex(Stage s) { return static_cast<int>(s); }

// Chooses k = StochasticRound(n·p) members of `cands` uniformly (partial Fisher–Yates) and moves
// them to the front; returns k. Aligning counts to expectations keeps county totals close to the
// model's expected values whatever the seed, while the seed decides who moves.
size_t SelectAligned(Rng& rng, std::vector<int>& cands, double p) {
  if (cands.empty() || p <= 0) return 0;
  const size_t n = cands.size();
  size_t k = static_cast<size_t>(rng.StochasticRound(static_cast<double>(n) * std::min(p, 1.0)));
  if (k > n) k = n;
  for (size_t i = 0; i < k; ++i) {
    const size_t j = i + static_cast<size_t>(rng.Below(n - i));
    std::swap(cands[i], cands[j]);
  }
  return k;
}

}  // namespace

double NationalBirthsWan(int year) {
  const auto& t = BirthsTable();
  if (t.empty()) return 0;
  if (year <= t.begin()->first) return t.begin()->second;
  if (year >= t.rbegin()->first) return t.rbegin()->second;
  auto it = t.find(year);
  return it == t.end() ? 0 : it->second;
}

double CountyBirths(const ModelParams& p, double scale, int year) {
  const double base = NationalBirthsWan(2020);
  if (base <= 0) return 0;
  return p.births_2020 * scale * NationalBirthsWan(year) / base;
}

int GradesOf(Stage stage) { return stage == Stage::kSpecial ? 9 : model::DefaultGradeCount(stage); }

int StandardClassSize(Stage stage, int grade) {
  switch (stage) {
    case Stage::kKindergarten:
      return grade == 1 ? 25 : (grade == 2 ? 30 : 35);
    case Stage::kPrimary:
      return 45;
    case Stage::kSpecial:
      return 12;
    default:
      return 50;
  }
}

std::vector<Township> BuildTownships(const CountySpec& spec) {
  std::vector<Township> out;
  for (const auto& e : common::TownshipsOf("500235")) {
    Township t;
    t.code = spec.code + e.code.substr(6);
    t.name = e.name;
    const uint64_t h = MixKeys({spec.seed * (spec.index == 0 ? 0 : 1), 77,
                                static_cast<uint64_t>(spec.index), std::stoull(e.code)});
    const double u = static_cast<double>(h >> 11) * 0x1.0p-53;
    if (e.type == "街道") {
      t.zone = Zone::kSeat;
      const bool core = e.name == "双江街道" || e.name == "青龙街道";
      t.urban_rural = core ? 111 : 112;
      t.weight = core ? 0.058 : 0.038;
    } else if (e.name == "江口镇" || e.name == "南溪镇" || e.name == "凤鸣镇") {
      t.zone = Zone::kCentral;
      t.urban_rural = 121;
      t.weight = 0.038;
    } else if (e.type == "镇") {
      t.zone = Zone::kTown;
      t.urban_rural = 210;
      t.weight = 0.020 * (0.6 + 0.8 * u);
    } else {
      t.zone = Zone::kXiang;
      t.urban_rural = 220;
      t.weight = 0.011 * (0.6 + 0.8 * u);
    }
    out.push_back(std::move(t));
  }
  double total = 0;
  for (const auto& t : out) total += t.weight;
  for (auto& t : out) t.weight /= total;
  return out;
}

// ---- CountyWorld ---------------------------------------------------------------------------

CountyWorld::CountyWorld(CountySpec spec, const ModelParams& params)
    : spec_(std::move(spec)), townships_(BuildTownships(spec_)) {
  impl_ = new Impl(params, spec_, townships_);
  for (size_t i = 0; i < townships_.size(); ++i) {
    if (townships_[i].zone == Zone::kSeat) impl_->seat_tws.push_back(static_cast<int>(i));
    if (townships_[i].zone == Zone::kCentral) impl_->central_tws.push_back(static_cast<int>(i));
  }
}

CountyWorld::~CountyWorld() { delete impl_; }

std::vector<model::AdminUnit> CountyWorld::TownshipUnits() const {
  std::vector<model::AdminUnit> out;
  for (const auto& t : townships_) {
    out.push_back({t.code, t.name, model::AdminLevel::kTownship, spec_.code, t.urban_rural});
  }
  return out;
}

void CountyWorld::Step(int year) {
  Impl& w = *impl_;
  if (w.year == 0) {
    w.year = year;
    w.Initialise();
  } else {
    w.year = year;
    w.Compact();
    w.ApplyOutcomes(year);
    w.AddBirths(year);
    w.Returns(year);
  }
  w.CloseEmptySchools(year);
  w.Invest(year);
  w.Place(year);
  if (!w.rooms_initialised) {
    w.InitialiseRooms();
    w.rooms_initialised = true;
  }
  w.FormClasses(year);
  w.UpdateFacilities(year);
  w.StaffSchools(year);
  w.DevelopTeachers(year);
  w.UpdateHealth(year);
  w.UpdateAdults(year);
  w.DecideOutcomes(year);
}

YearSummary CountyWorld::Summary() const {
  const Impl& w = *impl_;
  YearSummary s;
  s.year = w.year;
  for (const auto& c : w.children) {
    if (c.flags & kGone) continue;
    if (c.stage != 0 && c.outcome != Outcome::kSuspend) {
      ++s.enrolled[c.stage];
      if (c.stage == StageIndex(Stage::kKindergarten) && w.schools[c.school].rec.is_public) {
        ++s.kg_public;
      }
    }
    if (c.flags & kAway) continue;
    const int a = AgeAtSchoolYear(c.birth, w.year);
    if (a >= 3 && a <= 5) ++s.resident_3_5;
    if (a >= 15 && a <= 17) ++s.resident_15_17;
  }
  auto it = w.births.find(w.year);
  if (it != w.births.end()) {
    for (const auto& tw : it->second) s.births += std::accumulate(tw.begin(), tw.end(), 0);
  }
  for (const auto& sc : w.schools) s.schools_open += sc.OpenIn(w.year) ? 1 : 0;
  for (const auto& t : w.teachers) s.teachers += t.school >= 0 ? 1 : 0;
  return s;
}

std::vector<model::BirthCount> CountyWorld::Births(int year) const {
  std::vector<model::BirthCount> out;
  auto it = impl_->births.find(year);
  if (it == impl_->births.end()) return out;
  for (size_t t = 0; t < townships_.size(); ++t) {
    for (int m = 0; m < 12; ++m) {
      out.push_back({townships_[t].code, year, m + 1, it->second[t][static_cast<size_t>(m)]});
    }
  }
  return out;
}

// ---- Births and the initial stock ----------------------------------------------------------

Child CountyWorld::Impl::NewChild(Rng& rng, int tw, const Date& birth) {
  Child c;
  c.id = (static_cast<int64_t>(spec.index) + 1) * 10'000'000'000LL + next_child_serial++;
  c.birth = birth;
  c.gender = rng.Bernoulli(p.male_share) ? 1 : 2;
  const int64_t slot = birth.ToDays() * 2 + c.gender;
  int& last = id_seq[slot];
  // Odd sequences for boys, even for girls (GB 11643), 1..899 (teachers use 900..999).
  const int next = last == 0 ? (c.gender == 1 ? 1 : 2) : last + 2;
  last = next <= 899 ? next : (c.gender == 1 ? 1 : 2);
  c.seq = static_cast<uint16_t>(last);
  c.hukou = static_cast<uint8_t>(tw);
  c.res = c.hukou;
  const Township& t = tws[static_cast<size_t>(tw)];
  const bool rural = t.zone >= Zone::kTown;
  if (rng.Bernoulli(rural ? 0.35 : 0.12)) c.flags |= kLeftBehind;
  if (rng.Bernoulli(rural ? 0.22 : 0.09)) c.flags |= kAid;
  if (rng.Bernoulli(p.disability_rate)) {
    static const int kTypes[] = {4, 4, 4, 2, 2, 1, 3, 5, 6, 7, 8};
    c.disability = static_cast<uint8_t>(kTypes[rng.Below(11)]);
    if (rng.Bernoulli(p.special_school_share)) c.flags |= kSpecialNeeds;
  }
  const bool tujia_area = t.name.find("土家") != std::string::npos;
  const double u = rng.Uniform();
  c.ethnicity = u < (tujia_area ? 0.45 : 0.012) ? 15 : (u > 0.997 ? 6 : 1);
  c.village = static_cast<float>(rng.Uniform());
  c.ability = static_cast<float>(rng.Normal());
  c.key = static_cast<uint32_t>(rng.Next() >> 32);
  return c;
}

void CountyWorld::Impl::AddBirths(int y) {
  Rng rng = Stream(kStreamBirths, y);
  const double total = CountyBirths(p, spec.scale, y);
  double wsum = 0;
  for (double w : p.month_weights) wsum += w;
  const double away_p = p.away_birth_base + p.away_birth_rise * Clamp01((y - 2004) / 10.0);
  auto& table = births[y];
  table.assign(tws.size(), {});
  for (size_t t = 0; t < tws.size(); ++t) {
    const int64_t n = rng.StochasticRound(total * tws[t].weight);
    // Systematic rounding of the months keeps the township total exact.
    double cum = 0;
    int64_t done = 0;
    const double offset = rng.Uniform();
    const size_t first = children.size();
    for (int m = 0; m < 12; ++m) {
      cum += static_cast<double>(n) * p.month_weights[static_cast<size_t>(m)] / wsum;
      const int64_t upto = static_cast<int64_t>(std::floor(cum + offset));
      const int64_t k = std::min(upto, n) - done;
      for (int64_t i = 0; i < k; ++i) {
        const int day = rng.Range(1, DaysInMonth(y, m + 1));
        children.push_back(NewChild(rng, static_cast<int>(t), Date{y, m + 1, day}));
      }
      table[t][static_cast<size_t>(m)] = static_cast<int32_t>(std::max<int64_t>(k, 0));
      done += std::max<int64_t>(k, 0);
    }
    std::vector<int> idx(children.size() - first);
    std::iota(idx.begin(), idx.end(), static_cast<int>(first));
    const size_t k = SelectAligned(rng, idx, away_p);
    for (size_t i = 0; i < k; ++i) children[static_cast<size_t>(idx[i])].flags |= kAway;
  }
}

void CountyWorld::Impl::Initialise() {
  BuildNetwork();
  const int y0 = year;
  // Children born 17 years before the start up to the start year; their families' migration
  // history is replayed with the same hazards, so the initial stock is the model's own.
  for (int by = y0 - 18; by <= y0; ++by) AddBirths(by);
  Rng rng = Stream(kStreamInitial, y0);
  for (auto& c : children) {
    const int age = AgeAtSchoolYear(c.birth, y0);
    for (int a = 1; a <= std::min(age, 14); ++a) {
      const int yy = c.birth.year + a;
      if (c.flags & kAway) {
        if (rng.Bernoulli(ReturnHazard(p, a, yy))) c.flags &= static_cast<uint8_t>(~kAway);
      } else {
        const double h =
            a <= 11 ? p.out_hazard_max * Clamp01((yy - 2006) / 10.0) : p.out_hazard_junior;
        if (rng.Bernoulli(h)) c.flags |= kAway;
        const double u = p.urbanise_2000 * 0.3;  // little movement before the start
        if (Rural(c.res) && rng.Bernoulli(u)) {
          const auto& dest = rng.Bernoulli(p.urbanise_to_seat) ? seat_tws : central_tws;
          c.res = static_cast<uint8_t>(dest[rng.Below(dest.size())]);
        }
      }
    }
    if (age >= 15) {
      // Older teenagers: those who left after 初中 are not in the county any more.
      if ((c.flags & kAway) || rng.Bernoulli(p.leave_after_junior)) c.flags |= kGone;
    }
    if (c.res != c.hukou) c.flags |= kMigrant;
  }
  // Adults 18..64 by township (profile relative to the 2020 birth level) [assumption].
  adults.assign(tws.size(), {});
  const double base = 14000.0 * spec.scale;
  for (size_t t = 0; t < tws.size(); ++t) {
    for (int a = 18; a <= 64; ++a) {
      const double f = a < 25 ? 0.55 : (a < 35 ? 0.60 : (a < 45 ? 0.85 : (a < 55 ? 1.05 : 0.95)));
      adults[t][static_cast<size_t>(a)] = base * f * tws[t].weight;
    }
  }
}

// ---- Migration -----------------------------------------------------------------------------

void CountyWorld::Impl::Returns(int y) {
  Rng rng = Stream(kStreamMigration, y);
  std::array<std::vector<int>, 15> by_age;
  for (size_t i = 0; i < children.size(); ++i) {
    Child& c = children[i];
    if ((c.flags & kGone) || !(c.flags & kAway) || c.moved == 3) continue;
    const int a = AgeAtSchoolYear(c.birth, y);
    if (a >= 15) {
      c.flags |= kGone;
      continue;
    }
    if (a >= 1) by_age[static_cast<size_t>(a)].push_back(static_cast<int>(i));
  }
  for (int a = 1; a < 15; ++a) {
    const double r = ReturnHazard(p, a, y);
    auto& v = by_age[static_cast<size_t>(a)];
    const size_t k = SelectAligned(rng, v, r);
    for (size_t j = 0; j < k; ++j) {
      Child& c = children[static_cast<size_t>(v[j])];
      c.flags &= static_cast<uint8_t>(~(kAway | kMigrant));
      c.res = c.hukou;
      c.moved = 2;  // returned this year: enters from outside the county
    }
  }
}

void CountyWorld::Impl::ApplyOutcomes(int y) {
  Rng rng = Stream(kStreamOutcome, y * 2 + 1);
  std::vector<int> junior_grads;
  for (size_t i = 0; i < children.size(); ++i) {
    Child& c = children[i];
    c.moved = 0;
    if (c.flags & kGone) continue;
    const Outcome o = c.outcome;
    c.outcome = Outcome::kNone;
    c.prev_school = -1;
    c.entry = 1;
    if (o == Outcome::kDeceased) {
      c.flags |= kGone;
      continue;
    }
    const bool leave = (c.flags & kLeaveAfter) || o == Outcome::kOut;
    c.flags &= static_cast<uint8_t>(~kLeaveAfter);
    const Stage st = static_cast<Stage>(c.stage);
    if (o == Outcome::kGraduate) {
      if (st == Stage::kKindergarten) {
        c.stage = StageIndex(Stage::kPrimary);
        c.grade = 1;
        c.school = -1;
      } else if (st == Stage::kPrimary) {
        c.stage = StageIndex(Stage::kJunior);
        c.grade = 1;
        c.school = -1;
      } else if (st == Stage::kJunior) {
        c.stage = 0;
        c.school = -1;
        if (!leave) junior_grads.push_back(static_cast<int>(i));
      } else if (st == Stage::kSpecial) {
        c.stage = 0;
        c.school = -1;
        c.flags |= kDropped;
      } else {
        c.flags |= kGone;  // completed 高中阶段: an adult now
        continue;
      }
    } else if (o == Outcome::kContinue) {
      ++c.grade;
    } else if (o == Outcome::kDropout) {
      c.stage = 0;
      c.school = -1;
      c.flags |= kDropped;
      if (AgeAtSchoolYear(c.birth, y) >= 15 && rng.Bernoulli(p.dropout_leave)) {
        c.flags |= kGone;
        continue;
      }
    }
    // kSuspend: same grade, same school.
    if (leave) {
      c.stage = 0;
      c.school = -1;
      c.moved = 3;  // left this year: cannot return before next year
      c.flags |= kAway;
      c.flags &= static_cast<uint8_t>(~kMigrant);
      c.move_to = 0xFF;
      if (AgeAtSchoolYear(c.birth, y) >= 15) c.flags |= kGone;
      continue;
    }
    if (c.move_to != 0xFF) {
      c.res = c.move_to;
      c.move_to = 0xFF;
      c.moved = 1;
      if (c.res != c.hukou) c.flags |= kMigrant;
      if (c.flags & kLeftBehind) {
        if (rng.Bernoulli(0.7)) c.flags &= static_cast<uint8_t>(~kLeftBehind);
      }
    }
  }
  // 初中 graduates who stay: 普通高中, 中职 or no further schooling.
  const size_t k_leave = SelectAligned(rng, junior_grads, p.leave_after_junior);
  for (size_t j = 0; j < k_leave; ++j) {
    Child& c = children[static_cast<size_t>(junior_grads[j])];
    c.flags |= kGone;
  }
  std::vector<int> stay(junior_grads.begin() + static_cast<std::ptrdiff_t>(k_leave),
                        junior_grads.end());
  const size_t k_gen = SelectAligned(rng, stay, p.senior_general_share);
  std::vector<int> rest(stay.begin() + static_cast<std::ptrdiff_t>(k_gen), stay.end());
  const size_t k_voc =
      SelectAligned(rng, rest, p.senior_vocational_share / (1.0 - p.senior_general_share));
  for (size_t j = 0; j < stay.size(); ++j) {
    Child& c = children[static_cast<size_t>(stay[j])];
    if (j < k_gen) {
      c.stage = StageIndex(Stage::kGeneralSenior);
      c.grade = 1;
    } else {
      c.flags |= kDropped;
    }
  }
  for (size_t j = 0; j < k_voc; ++j) {
    Child& c = children[static_cast<size_t>(rest[j])];
    c.stage = StageIndex(Stage::kVocational);
    c.grade = 1;
    c.flags &= static_cast<uint8_t>(~kDropped);
  }
}

void CountyWorld::Impl::Compact() {
  children.erase(std::remove_if(children.begin(), children.end(),
                                [](const Child& c) { return (c.flags & kGone) != 0; }),
                 children.end());
}

// ---- Placement at 9月1日 ---------------------------------------------------------------------

int CountyWorld::Impl::SectionLimit(const SimSchool& s, Stage st, int y) const {
  if (st == Stage::kKindergarten || st == Stage::kSpecial) return 1 << 30;
  if (y < p.admission_cap_start) return 1 << 30;
  int cap = y < p.admission_cap_60_from ? 66 : (y < p.admission_cap_55_from ? 60 : 55);
  if (y >= p.admission_cap_std_from) cap = st == Stage::kPrimary ? 48 : 52;
  int sections = 0;
  for (int k = 1; k <= 6; ++k) {
    if (s.Serves(static_cast<Stage>(k))) {
      sections += std::max(1, s.MaxGrade(static_cast<Stage>(k), y));
    }
  }
  const double rooms_per = std::max(1.0, static_cast<double>(s.rooms) / std::max(1, sections));
  return static_cast<int>(cap * rooms_per);
}

double CountyWorld::Impl::Appeal(const SimSchool& s, int y) const {
  double a = s.appeal;
  if (s.prestige) a *= 1.0 + p.prestige_gain * Clamp01((y - 2005) / 10.0);
  if (s.rec.opened_year > kHistoryStartYear) {
    a *= Lerp(p.new_school_appeal, 1.0,
              (y - s.rec.opened_year) / static_cast<double>(std::max(1, p.new_school_maturing)));
  }
  return a;
}

namespace {

struct Pending {
  int child;
  uint8_t stage;
  uint8_t grade;
  uint8_t kind;  // 0 entrant (在读), 1 transfer inside the county, 2 from outside
  int16_t prev;
  bool prefer_public = true;  // kindergarten entrants: apply to the public kindergarten first
};

}  // namespace

void CountyWorld::Impl::Place(int y) {
  Rng rng = Stream(kStreamPlacement, y);
  Rng kg_rng = Stream(kStreamKindergarten, y);
  for (int st = 1; st <= 6; ++st) {
    auto& area = area_schools[static_cast<size_t>(st)];
    area.assign(tws.size(), {});
    county_schools[static_cast<size_t>(st)].clear();
    seat_schools[static_cast<size_t>(st)].clear();
    for (size_t i = 0; i < schools.size(); ++i) {
      const SimSchool& s = schools[i];
      if (!s.OpenIn(y) || !s.Serves(static_cast<Stage>(st))) continue;
      county_schools[static_cast<size_t>(st)].push_back(static_cast<int>(i));
      if (tws[static_cast<size_t>(s.tw)].zone == Zone::kSeat) {
        seat_schools[static_cast<size_t>(st)].push_back(static_cast<int>(i));
      } else {
        area[static_cast<size_t>(s.tw)].push_back(static_cast<int>(i));
      }
    }
    for (int t : seat_tws) area[static_cast<size_t>(t)] = seat_schools[static_cast<size_t>(st)];
  }
  for (auto& s : schools) {
    for (auto& row : s.count) row.fill(0);
    s.enrolled = 0;
  }
  const bool initial = !rooms_initialised;
  std::vector<Pending> pending;
  // KG entry candidates by (township, age).
  std::vector<std::array<std::vector<int>, 3>> kg_cands(tws.size());
  for (size_t i = 0; i < children.size(); ++i) {
    Child& c = children[i];
    c.class_idx = -1;
    if ((c.flags & kGone) || (c.flags & kAway)) continue;
    const int a = AgeAtSchoolYear(c.birth, y);
    if (a < 0) continue;
    if (c.stage != 0) {
      const Stage st = static_cast<Stage>(c.stage);
      if (c.school >= 0) {
        SimSchool& s = schools[static_cast<size_t>(c.school)];
        const bool fits = s.OpenIn(y) && s.Serves(st) && c.grade <= s.MaxGrade(st, y);
        if (fits && c.moved == 0) {
          ++s.count[c.stage][c.grade];
          ++s.enrolled;
          continue;
        }
        pending.push_back({static_cast<int>(i), c.stage, c.grade, 1, c.school});
        continue;
      }
      pending.push_back({static_cast<int>(i), c.stage, c.grade, 0, -1});
      continue;
    }
    if (c.flags & kDropped) continue;
    const uint8_t kind = c.moved == 2 ? 2 : 0;
    if (a >= 3 && a <= 5) {
      kg_cands[c.res][static_cast<size_t>(a - 3)].push_back(static_cast<int>(i));
    } else if (a >= 6 && a <= 14) {
      if (c.flags & kSpecialNeeds) {
        pending.push_back({static_cast<int>(i), static_cast<uint8_t>(Stage::kSpecial),
                           static_cast<uint8_t>(a - 5), kind, -1});
      } else if (a <= 11) {
        pending.push_back({static_cast<int>(i), static_cast<uint8_t>(Stage::kPrimary),
                           static_cast<uint8_t>(a - 5), static_cast<uint8_t>(a == 6 ? 0 : kind),
                           -1});
      } else {
        pending.push_back({static_cast<int>(i), static_cast<uint8_t>(Stage::kJunior),
                           static_cast<uint8_t>(a - 11), static_cast<uint8_t>(a == 12 ? 0 : kind),
                           -1});
      }
    } else if (initial && a >= 15 && a <= 17 && !(c.flags & kSpecialNeeds)) {
      const double u = rng.Uniform();
      if (u < p.senior_general_share) {
        pending.push_back({static_cast<int>(i), static_cast<uint8_t>(Stage::kGeneralSenior),
                           static_cast<uint8_t>(a - 14), 0, -1});
      } else if (u < p.senior_general_share + p.senior_vocational_share) {
        pending.push_back({static_cast<int>(i), static_cast<uint8_t>(Stage::kVocational),
                           static_cast<uint8_t>(a - 14), 0, -1});
      }
    }
  }
  const double t = (y - 2000) / 15.0;
  for (size_t tw = 0; tw < tws.size(); ++tw) {
    for (int a = 0; a < 3; ++a) {
      auto& v = kg_cands[tw][static_cast<size_t>(a)];
      double pe =
          Lerp(p.kg_entry_2000[static_cast<size_t>(a)], p.kg_entry_2015[static_cast<size_t>(a)], t);
      if (initial) {
        // Cumulative participation for the initial stock.
        double out = 1;
        for (int b = 0; b <= a; ++b) {
          out *= 1 - Lerp(p.kg_entry_2000[static_cast<size_t>(b)],
                          p.kg_entry_2015[static_cast<size_t>(b)], t);
        }
        pe = 1 - out;
      }
      const size_t k = SelectAligned(kg_rng, v, pe);
      std::vector<int> entrants(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k));
      const double pref =
          tws[tw].zone == Zone::kSeat ? p.kg_prefer_public_seat : p.kg_prefer_public_rural;
      const size_t k_pub = SelectAligned(kg_rng, entrants, pref);
      for (size_t j = 0; j < entrants.size(); ++j) {
        pending.push_back({entrants[j], static_cast<uint8_t>(Stage::kKindergarten),
                           static_cast<uint8_t>(a + 1), 0, -1, j < k_pub});
      }
    }
  }
  // Fair order for capacity: a random permutation.
  for (size_t i = pending.size(); i > 1; --i) {
    std::swap(pending[i - 1], pending[static_cast<size_t>(rng.Below(i))]);
  }
  for (const Pending& pe : pending) {
    Child& c = children[static_cast<size_t>(pe.child)];
    const Stage st = static_cast<Stage>(pe.stage);
    const int s = ChooseSchool(st == Stage::kKindergarten ? kg_rng : rng, c, st, pe.grade, y,
                               pe.prefer_public);
    if (s < 0) {
      c.stage = 0;
      c.school = -1;
      continue;
    }
    c.stage = pe.stage;
    c.grade = pe.grade;
    c.school = static_cast<int16_t>(s);
    c.entry = pe.kind == 0 ? 1 : 2;
    c.prev_school = pe.kind == 1 ? pe.prev : (pe.kind == 2 ? -2 : -1);
    if (pe.kind == 1 && pe.prev == s) {
      c.entry = 1;
      c.prev_school = -1;
    }
    ++schools[static_cast<size_t>(s)].count[pe.stage][pe.grade];
    ++schools[static_cast<size_t>(s)].enrolled;
  }
}

int CountyWorld::Impl::ChooseSchool(Rng& rng, const Child& c, Stage st, int grade, int y,
                                    bool prefer_public) {
  const Township& home = tws[c.res];
  const bool seat = home.zone == Zone::kSeat;
  // Candidate schools and their preference weights.
  auto& cands = cands_buffer;
  cands.clear();
  const size_t sti = static_cast<size_t>(st);
  auto serves = [&](const SimSchool& s) { return grade <= s.MaxGrade(st, y); };
  if (st == Stage::kSpecial || st == Stage::kVocational || st == Stage::kGeneralSenior) {
    for (int i : county_schools[sti]) {
      const SimSchool& s = schools[static_cast<size_t>(i)];
      if (!serves(s)) continue;
      double w = Appeal(s, y);
      if (st == Stage::kGeneralSenior && s.tw == c.res) w *= 2.5;
      cands.push_back({i, w});
    }
  } else if (st == Stage::kJunior) {
    const bool to_seat =
        !seat && rng.Bernoulli(home.zone == Zone::kCentral ? p.rural_to_seat_junior * 0.7
                                                           : p.rural_to_seat_junior);
    for (int i : to_seat ? seat_schools[sti] : area_schools[sti][c.res]) {
      if (serves(schools[static_cast<size_t>(i)])) {
        cands.push_back({i, Appeal(schools[static_cast<size_t>(i)], y)});
      }
    }
    if (cands.empty()) {
      for (int i : seat_schools[sti]) {
        if (serves(schools[static_cast<size_t>(i)])) {
          cands.push_back({i, Appeal(schools[static_cast<size_t>(i)], y)});
        }
      }
    }
  } else {
    for (int i : area_schools[sti][c.res]) {
      const SimSchool& s = schools[static_cast<size_t>(i)];
      if (!serves(s)) continue;
      double w = Appeal(s, y);
      if (seat && s.tw == c.res) w *= 3;
      cands.push_back({i, w});
    }
    if (st == Stage::kPrimary && !seat && !cands.empty()) {
      // Rural catchments: the central school takes a rising share; the rest go to the village
      // school of their village.
      const double central =
          Lerp(p.rural_central_share_2000, p.rural_central_share_2020, (y - 2000) / 20.0);
      int best = -1;
      for (const auto& [i, w] : cands) {
        if (best < 0 ||
            schools[static_cast<size_t>(i)].appeal > schools[static_cast<size_t>(best)].appeal) {
          best = i;
        }
      }
      std::vector<int> village;
      for (const auto& [i, w] : cands) {
        if (i != best) village.push_back(i);
      }
      if (c.village < central || village.empty() || home.zone == Zone::kCentral) {
        if (home.zone != Zone::kCentral || village.empty()) {
          cands.assign(1, {best, 1.0});
        }
      } else {
        const double pos = (c.village - central) / (1 - central);
        const int v = village[std::min(
            village.size() - 1, static_cast<size_t>(pos * static_cast<double>(village.size())))];
        cands.assign(1, {v, 1.0});
        // Fallback to the central school if the village school is full.
        cands.push_back({best, 0.0});
      }
    }
  }
  if (cands.empty()) return -1;
  auto load = [&](int i) {
    const SimSchool& s = schools[static_cast<size_t>(i)];
    if (st == Stage::kKindergarten) {
      const double fill = s.rec.is_public ? p.kg_public_fill : p.kg_private_fill;
      return s.enrolled / std::max(1.0, s.rooms * fill);
    }
    return s.count[static_cast<size_t>(st)][static_cast<size_t>(grade)] /
           static_cast<double>(std::max(1, SectionLimit(s, st, y)));
  };
  auto has_room = [&](int i) {
    const SimSchool& s = schools[static_cast<size_t>(i)];
    if (st == Stage::kKindergarten) {
      if (!rooms_initialised) return true;
      if (!s.rec.is_public) return true;  // private kindergartens take everyone (and grow)
      return s.enrolled < s.rooms * p.kg_public_fill;
    }
    return s.count[static_cast<size_t>(st)][static_cast<size_t>(grade)] < SectionLimit(s, st, y);
  };
  if (st == Stage::kKindergarten) {
    // Apply to the public kindergarten first (most families), else a private one.
    const bool want_public = prefer_public;
    for (int pass = 0; pass < 2; ++pass) {
      const bool pub = (pass == 0) == want_public;
      double total = 0;
      for (const auto& [i, w] : cands) {
        if (schools[static_cast<size_t>(i)].rec.is_public == pub && has_room(i)) total += w;
      }
      if (total <= 0) continue;
      double u = rng.Uniform() * total;
      for (const auto& [i, w] : cands) {
        if (schools[static_cast<size_t>(i)].rec.is_public != pub || !has_room(i)) continue;
        u -= w;
        if (u < 0) return i;
      }
    }
    int best = cands.front().first;
    for (const auto& [i, w] : cands) {
      if (load(i) < load(best)) best = i;
    }
    return best;
  }
  // Preferred school: entrants are shared among the candidates in proportion to their weights
  // (the candidate with the highest weight per pupil already admitted to the grade), so school
  // loads follow catchment sizes rather than luck; if it is full, the least loaded one with room.
  int pick = cands.front().first;
  double best_score = -1;
  for (const auto& [i, w] : cands) {
    const double score =
        w / (1.0 + schools[static_cast<size_t>(i)]
                       .count[static_cast<size_t>(st)][static_cast<size_t>(grade)]);
    if (score > best_score) {
      best_score = score;
      pick = i;
    }
  }
  if (has_room(pick)) return pick;
  int best = -1;
  for (const auto& [i, w] : cands) {
    if (has_room(i) && (best < 0 || load(i) < load(best))) best = i;
  }
  if (best >= 0) return best;
  // Everything in the area is full: the school with the lowest load packs one more.
  best = cands.front().first;
  for (const auto& [i, w] : cands) {
    if (load(i) < load(best)) best = i;
  }
  return best;
}

// ---- Classes --------------------------------------------------------------------------------

void CountyWorld::Impl::FormClasses(int y) {
  classes.clear();
  std::vector<std::vector<int>> members(schools.size());
  for (size_t i = 0; i < children.size(); ++i) {
    const Child& c = children[i];
    if ((c.flags & kGone) || c.stage == 0 || c.school < 0 || (c.flags & kAway)) continue;
    members[static_cast<size_t>(c.school)].push_back(static_cast<int>(i));
  }
  const double policy = y <= 2015 ? p.senior_policy_2015
                        : y <= 2020
                            ? Lerp(p.senior_policy_2015, p.senior_policy_2020, (y - 2015) / 5.0)
                            : Lerp(p.senior_policy_2020, p.senior_policy_2025, (y - 2020) / 5.0);
  for (size_t si = 0; si < schools.size(); ++si) {
    SimSchool& s = schools[si];
    s.senior_policy = static_cast<int>(std::lround(policy + s.policy_offset));
    for (auto& row : s.classes) row.fill(0);
    s.n_classes = 0;
    s.excess = 0;
    auto& m = members[si];
    if (m.empty()) continue;
    // Sections and the packing of classrooms: every section gets ceil(n / standard) classes if
    // the rooms allow; otherwise rooms go one by one to the section with the largest classes.
    struct Section {
      int stage, grade, n, std_size, k;
    };
    std::vector<Section> secs;
    int need = 0;
    for (int st = 1; st <= 6; ++st) {
      for (int g = 1; g <= 9; ++g) {
        const int n = s.count[static_cast<size_t>(st)][static_cast<size_t>(g)];
        if (n == 0) continue;
        const int sz = StandardClassSize(static_cast<Stage>(st), g);
        const int policy = st == static_cast<int>(Stage::kGeneralSenior) ? s.senior_policy : sz;
        const int k = (n + policy - 1) / policy;
        secs.push_back({st, g, n, sz, k});
        need += k;
        s.excess += std::max(0.0, static_cast<double>(n - sz * 1.0));
      }
    }
    const int rooms = std::max<int>(s.rooms, static_cast<int>(secs.size()));
    if (need > rooms) {
      for (auto& sec : secs) sec.k = 1;
      int left = rooms - static_cast<int>(secs.size());
      while (left > 0) {
        Section* worst = nullptr;
        double worst_ratio = 1.0;
        for (auto& sec : secs) {
          const double ratio = static_cast<double>(sec.n) / sec.k / sec.std_size;
          if (ratio > worst_ratio) {
            worst_ratio = ratio;
            worst = &sec;
          }
        }
        if (!worst) break;
        ++worst->k;
        --left;
      }
    }
    // Pupils beyond what the school's classes are meant to hold (its own policy size for senior
    // sections): the classroom shortage the investment decision looks at.
    s.excess = 0;
    for (const auto& sec : secs) {
      const int target = sec.stage == static_cast<int>(Stage::kGeneralSenior)
                             ? std::max(sec.std_size, s.senior_policy)
                             : sec.std_size;
      s.excess += std::max(0.0, static_cast<double>(sec.n - sec.k * target));
    }
    // Order by (stage, grade, key, index): sort packed 64-bit keys, children are not touched.
    {
      std::vector<std::pair<uint64_t, int>> order(m.size());
      for (size_t j = 0; j < m.size(); ++j) {
        const Child& c = children[static_cast<size_t>(m[j])];
        order[j] = {(static_cast<uint64_t>(c.stage) << 56) |
                        (static_cast<uint64_t>(c.grade) << 48) |
                        (static_cast<uint64_t>(c.key) << 16),
                    m[j]};
      }
      std::sort(order.begin(), order.end());
      for (size_t j = 0; j < m.size(); ++j) m[j] = order[j].second;
    }
    size_t pos = 0;
    for (const auto& sec : secs) {
      s.classes[static_cast<size_t>(sec.stage)][static_cast<size_t>(sec.grade)] =
          static_cast<int16_t>(sec.k);
      const int first_class = static_cast<int>(classes.size());
      for (int j = 0; j < sec.k; ++j) {
        SimClass cl;
        cl.id = (static_cast<int64_t>(spec.index) + 1) * 10'000'000'000LL + next_class_serial++;
        cl.school = static_cast<int>(si);
        cl.stage = static_cast<uint8_t>(sec.stage);
        cl.grade = static_cast<uint8_t>(sec.grade);
        cl.number = static_cast<uint8_t>(j + 1);
        classes.push_back(cl);
      }
      s.n_classes += sec.k;
      // Class sizes inside a crowded grade differ a little (实验班, late arrivals placed where
      // there is a desk): class j's share follows a fixed per-school pattern of ±class_size_spread.
      std::vector<int> sizes(static_cast<size_t>(sec.k), 0);
      {
        std::vector<double> w(static_cast<size_t>(sec.k));
        double wsum = 0;
        for (int j = 0; j < sec.k; ++j) {
          const double u =
              static_cast<double>(
                  MixKeys({0x434C53ULL, si, static_cast<uint64_t>(sec.stage),
                           static_cast<uint64_t>(sec.grade), static_cast<uint64_t>(j)}) >>
                  11) *
              0x1.0p-53;
          // Only crowded sections show it: with enough rooms every class keeps to the standard.
          const bool crowded = sec.n > sec.k * sec.std_size;
          w[static_cast<size_t>(j)] = 1.0 + (crowded ? p.class_size_spread : 0.0) * (2 * u - 1);
          wsum += w[static_cast<size_t>(j)];
        }
        int given = 0;
        std::vector<std::pair<double, int>> rem;
        for (int j = 0; j < sec.k; ++j) {
          const double exact = sec.n * w[static_cast<size_t>(j)] / wsum;
          sizes[static_cast<size_t>(j)] = static_cast<int>(exact);
          given += sizes[static_cast<size_t>(j)];
          rem.push_back({exact - sizes[static_cast<size_t>(j)], j});
        }
        std::sort(rem.begin(), rem.end(), [](const auto& a, const auto& b) {
          return a.first != b.first ? a.first > b.first : a.second < b.second;
        });
        for (size_t r = 0; given < sec.n; ++r, ++given)
          ++sizes[static_cast<size_t>(rem[r % rem.size()].second)];
      }
      int cls = first_class;
      int left_in_class = sizes[0];
      for (int j = 0; j < sec.n; ++j) {
        while (left_in_class == 0) left_in_class = sizes[static_cast<size_t>(++cls - first_class)];
        --left_in_class;
        Child& c = children[static_cast<size_t>(m[pos + static_cast<size_t>(j)])];
        c.class_idx = cls;
        ++classes[static_cast<size_t>(cls)].size;
      }
      pos += static_cast<size_t>(sec.n);
    }
  }
}

// ---- Health ---------------------------------------------------------------------------------

void CountyWorld::Impl::UpdateHealth(int y) {
  for (auto& c : children) {
    if ((c.flags & kGone) || c.stage == 0 || c.myopic) continue;
    const Stage st = static_cast<Stage>(c.stage);
    double h = 0;
    if (st == Stage::kPrimary) h = p.myopia_onset_primary * (0.5 + 0.2 * c.grade);
    if (st == Stage::kJunior || st == Stage::kSpecial) h = p.myopia_onset_junior;
    if (st == Stage::kGeneralSenior || st == Stage::kVocational) h = p.myopia_onset_senior;
    if (h <= 0) continue;
    uint64_t k =
        MixKeys({spec.seed, static_cast<uint64_t>(c.id), static_cast<uint64_t>(y), kStreamHealth});
    if (static_cast<double>(k >> 11) * 0x1.0p-53 < h) c.myopic = 1;
  }
}

// ---- Year-end outcomes ------------------------------------------------------------------------

void CountyWorld::Impl::DecideOutcomes(int y) {
  Rng rng = Stream(kStreamOutcome, y * 2);
  const double junior_drop = Lerp(p.dropout_junior_2010, p.dropout_junior_2020, (y - 2010) / 10.0);
  std::array<std::vector<int>, 15> out_cands;
  std::array<std::vector<int>, 15> urban_cands;
  for (size_t i = 0; i < children.size(); ++i) {
    Child& c = children[i];
    c.outcome = Outcome::kNone;
    c.move_to = 0xFF;
    if ((c.flags & kGone) || (c.flags & kAway)) continue;
    const int a_next = AgeAtSchoolYear(c.birth, y + 1);
    if (a_next < 0) continue;
    const double death = a_next <= 1 ? p.death_rate_infant : p.death_rate_child;
    if (rng.Bernoulli(death)) {
      c.outcome = Outcome::kDeceased;
      if (c.stage == 0) c.flags |= kGone;
      continue;
    }
    if (c.stage != 0) {
      const Stage st = static_cast<Stage>(c.stage);
      double drop = 0;
      switch (st) {
        case Stage::kPrimary:
          drop = p.dropout_primary;
          break;
        case Stage::kJunior:
          drop = junior_drop;
          break;
        case Stage::kGeneralSenior:
          drop = p.dropout_senior;
          break;
        case Stage::kVocational:
          drop = p.dropout_vocational;
          break;
        default:
          break;
      }
      if (rng.Bernoulli(drop)) {
        c.outcome = Outcome::kDropout;
        continue;
      }
      if (st != Stage::kKindergarten && rng.Bernoulli(p.suspend_rate)) {
        c.outcome = Outcome::kSuspend;
        continue;
      }
      c.outcome = c.grade >= GradesOf(st) ? Outcome::kGraduate : Outcome::kContinue;
      if (st == Stage::kGeneralSenior || st == Stage::kVocational) continue;
    }
    if (a_next <= 14) out_cands[static_cast<size_t>(a_next)].push_back(static_cast<int>(i));
  }
  const double h = p.out_hazard_max * Clamp01((y + 1 - 2006) / 10.0);
  for (int a = 0; a < 15; ++a) {
    auto& v = out_cands[static_cast<size_t>(a)];
    // Juniors (and those about to enter junior) rarely leave before 中考.
    std::vector<int> junior, other;
    for (int i : v) {
      const Child& c = children[static_cast<size_t>(i)];
      const bool jr =
          c.stage == static_cast<uint8_t>(Stage::kJunior) ||
          (c.stage == static_cast<uint8_t>(Stage::kPrimary) && c.outcome == Outcome::kGraduate);
      (jr || a > 11 ? junior : other).push_back(i);
    }
    for (int pass = 0; pass < 2; ++pass) {
      auto& group = pass == 0 ? other : junior;
      const size_t k = SelectAligned(rng, group, pass == 0 ? h : p.out_hazard_junior);
      for (size_t j = 0; j < k; ++j) {
        Child& c = children[static_cast<size_t>(group[j])];
        if (c.stage != 0 && (c.outcome == Outcome::kContinue || c.outcome == Outcome::kSuspend)) {
          c.outcome = Outcome::kOut;
        } else {
          c.flags |= kLeaveAfter;
        }
      }
      for (size_t j = k; j < group.size(); ++j) {
        const Child& c = children[static_cast<size_t>(group[j])];
        if (Rural(c.res)) urban_cands[static_cast<size_t>(a)].push_back(group[j]);
      }
    }
  }
  const double u = y < 2015 ? Lerp(p.urbanise_2000, p.urbanise_2015, (y - 2000) / 15.0)
                            : Lerp(p.urbanise_2015, p.urbanise_2025, (y - 2015) / 10.0);
  // Destination weights: the townships' own sizes.
  for (int a = 0; a < 15; ++a) {
    auto& v = urban_cands[static_cast<size_t>(a)];
    const size_t k = SelectAligned(rng, v, u);
    for (size_t j = 0; j < k; ++j) {
      Child& c = children[static_cast<size_t>(v[j])];
      const auto& dest = rng.Bernoulli(p.urbanise_to_seat) ? seat_tws : central_tws;
      double total = 0;
      for (int d : dest) total += tws[static_cast<size_t>(d)].weight;
      double x = rng.Uniform() * total;
      int chosen = dest.back();
      for (int d : dest) {
        x -= tws[static_cast<size_t>(d)].weight;
        if (x < 0) {
          chosen = d;
          break;
        }
      }
      c.move_to = static_cast<uint8_t>(chosen);
    }
  }
}

// ---- Adults -----------------------------------------------------------------------------------

void CountyWorld::Impl::UpdateAdults(int y) {
  // Residents aged 17 last year (counted before they leave school and the simulation) enter the
  // adult stock at 18.
  std::vector<double> eighteen = std::move(resident17);
  resident17.assign(tws.size(), 0);
  for (const auto& c : children) {
    if ((c.flags & kGone) || (c.flags & kAway)) continue;
    if (AgeAtSchoolYear(c.birth, y) == 17) resident17[c.res] += 1;
  }
  if (y == kHistoryStartYear) return;
  const double u = y < 2015 ? Lerp(p.urbanise_2000, p.urbanise_2015, (y - 2000) / 15.0)
                            : Lerp(p.urbanise_2015, p.urbanise_2025, (y - 2015) / 10.0);
  for (size_t t = 0; t < tws.size(); ++t) {
    auto& a = adults[t];
    for (int age = 64; age > 18; --age) {
      const double mort = age < 45 ? 0.001 : (age < 55 ? 0.003 : 0.007);
      const double mig = age < 25 ? -0.04 : (age < 35 ? -0.01 : 0.005);
      a[static_cast<size_t>(age)] = a[static_cast<size_t>(age - 1)] * (1 - mort + mig);
    }
    a[18] = eighteen[t] * 0.96;
  }
  // Urbanisation of working-age adults (half the children's hazard: parents move with children).
  std::vector<double> moved(65, 0);
  for (size_t t = 0; t < tws.size(); ++t) {
    if (!Rural(static_cast<int>(t))) continue;
    for (int age = 18; age <= 64; ++age) {
      const double m = adults[t][static_cast<size_t>(age)] * u * 0.5;
      adults[t][static_cast<size_t>(age)] -= m;
      moved[static_cast<size_t>(age)] += m;
    }
  }
  double wsum = 0;
  for (size_t t = 0; t < tws.size(); ++t) {
    if (!Rural(static_cast<int>(t))) wsum += tws[t].weight;
  }
  for (size_t t = 0; t < tws.size(); ++t) {
    if (Rural(static_cast<int>(t))) continue;
    for (int age = 18; age <= 64; ++age) {
      adults[t][static_cast<size_t>(age)] += moved[static_cast<size_t>(age)] * tws[t].weight / wsum;
    }
  }
}

}  // namespace zj::sim
