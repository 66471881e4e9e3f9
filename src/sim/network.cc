// The school network of a demo county: which schools exist where (and which open later, following
// the plan's 十三五 and 十四五 building programmes), their classrooms, the yearly classroom
// investment that relieves crowded schools, closures of emptied village teaching points, and the
// facilities reported each year.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

#include "names.h"
#include "world_impl.h"
#include "zj/sim/demo.h"

namespace zj::sim {

using model::Stage;

namespace {

std::string Short(const std::string& township) {
  for (const char* suffix : {"街道", "镇", "乡"}) {
    const std::string s(suffix);
    if (township.size() > s.size() &&
        township.compare(township.size() - s.size(), s.size(), s) == 0) {
      return township.substr(0, township.size() - s.size());
    }
  }
  return township;
}

const char* Ordinal(int n) {
  static const char* kNum[] = {"零", "一", "二",   "三",   "四",   "五",   "六",   "七",  "八",
                               "九", "十", "十一", "十二", "十三", "十四", "十五", "十六"};
  return n >= 0 && n <= 16 ? kNum[n] : "多";
}

constexpr const char* kKgWords[] = {"蓝天",   "阳光", "七彩", "童心", "启明", "博爱",  "金色摇篮",
                                    "小太阳", "育苗", "春蕾", "贝贝", "新星", "花朵",  "彩虹",
                                    "快乐",   "明珠", "天天", "乐乐", "童趣", "小天使"};

}  // namespace

void CountyWorld::Impl::BuildNetwork() {
  // The network of a county depends on its position only, not on the seed: the seed changes the
  // people, not the schools (so that calibration does not hinge on a lucky draw of schools).
  Rng rng = Rng::ForKeys({0x4E4554574F524BULL, static_cast<uint64_t>(spec.index)});
  std::set<std::string> names;
  int serial = 0;
  const std::string county = spec.name;
  auto unique = [&](std::string name) {
    std::string n = name;
    for (int k = 2; names.count(n); ++k) n = name + "（" + Ordinal(k) + "）";
    names.insert(n);
    return n;
  };
  auto add = [&](int type, int tw, const std::string& name, bool pub, int opened, double appeal,
                 int rooms) -> SimSchool& {
    SimSchool s;
    char code[32];
    std::snprintf(code, sizeof code, "3150%02d%04d", spec.index % 100, ++serial);
    s.rec.code = code;
    s.rec.name = unique(name);
    s.rec.type_code = type;
    s.rec.is_public = pub;
    s.rec.inclusive = pub;
    s.rec.township_code = tws[static_cast<size_t>(tw)].code;
    s.rec.urban_rural = tws[static_cast<size_t>(tw)].urban_rural;
    s.rec.opened_year = opened;
    s.tw = tw;
    for (Stage st : model::StagesOfSchoolType(type)) s.stage_mask |= 1u << static_cast<int>(st);
    s.max_primary_grade = type == 218 ? 3 : 6;
    s.appeal = appeal;
    s.planned_rooms = rooms > 0;
    s.phased = opened > kHistoryStartYear && type != 111;
    s.planned_total = rooms;
    s.rooms = s.phased ? 0 : rooms;
    s.policy_offset = rng.Uniform() * 6.0 - 3.0;
    if (type == 218 || (type == 211 && appeal < 0.5)) s.rec.urban_rural = 220;
    schools.push_back(std::move(s));
    return schools.back();
  };
  auto old_year = [&]() { return rng.Range(1952, 1996); };
  auto kg_rating = [&](SimSchool& s, bool pub) {
    const double u = rng.Uniform();
    s.rec.rating = pub ? (u < 0.35 ? model::KindergartenRating::kFirst
                                   : (u < 0.85 ? model::KindergartenRating::kSecond
                                               : model::KindergartenRating::kThird))
                       : (u < 0.08 ? model::KindergartenRating::kFirst
                                   : (u < 0.45 ? model::KindergartenRating::kSecond
                                               : model::KindergartenRating::kThird));
  };
  auto private_kg = [&](int tw, int opened) {
    const std::string& place = tws[static_cast<size_t>(tw)].zone == Zone::kSeat
                                   ? county
                                   : tws[static_cast<size_t>(tw)].name;
    SimSchool& s = add(111, tw, place + kKgWords[rng.Below(std::size(kKgWords))] + "幼儿园", false,
                       opened, 0.6 + 0.8 * rng.Uniform(), 0);
    // Most private kindergartens are recognised as 普惠性 (fees capped, subsidised).
    s.rec.inclusive = rng.Bernoulli(tws[static_cast<size_t>(tw)].zone == Zone::kSeat ? 0.62 : 0.78);
    kg_rating(s, false);
    s.rooms = 0;
  };

  // County seat (the 街道).
  const auto& seat = seat_tws;
  auto seat_at = [&](size_t i) { return seat[i % seat.size()]; };
  {
    // Long-standing primaries, by the 街道's size.
    const int kSeatPrimaries[] = {3, 2, 2, 1};
    int n = 1;
    for (size_t i = 0; i < seat.size(); ++i) {
      for (int k = 0; k < kSeatPrimaries[i % 4]; ++k, ++n) {
        SimSchool& s = add(211, seat[i], county + "城区第" + Ordinal(n) + "小学", true, old_year(),
                           0.8 + 0.4 * rng.Uniform(), 0);
        s.prestige = n <= 2;
      }
    }
    // 十三五 new schools (plan: 新建中小学6所) and 十四五 planned ones.
    add(211, seat_at(1), county + "城区第" + Ordinal(n++) + "小学", true, 2016, 1.0, 36);
    add(211, seat_at(0), county + "城区第" + Ordinal(n++) + "小学", true, 2017, 1.0, 36);
    add(211, seat_at(3), county + "城区第" + Ordinal(n++) + "小学", true, 2019, 1.0, 36);
    add(211, seat_at(2), county + "城北小学", true, 2022, 1.0, 36);
    add(211, seat_at(3), county + "科创小学", true, 2023, 1.0, 30);
    add(312, seat_at(1), county + "城东九年制学校", true, 2017, 1.0, 45);
    for (int k = 1; k <= 3; ++k) {
      SimSchool& s = add(311, seat_at(static_cast<size_t>(k - 1)),
                         county + "第" + Ordinal(k) + "初级中学", true, old_year(), 1.0, 0);
      s.prestige = k == 1;
    }
    add(311, seat_at(3), county + "第四初级中学", true, 2018, 1.0, 30);
    add(311, seat_at(0), county + "第五初级中学", true, 2021, 1.0, 30);
    add(311, seat_at(1), county + "城南初级中学", true, 2023, 1.0, 30);
    add(341, seat_at(3), county + "第一中学", true, old_year(), 1.0, 0);
    add(342, seat_at(0), county + "第一高级中学", true, old_year(), 1.6, 0);
    add(342, seat_at(1), county + "第二高级中学", true, old_year(), 1.3, 0);
    add(365, seat_at(2), county + "职业教育中心", true, old_year(), 0.82, 0);
    add(361, seat_at(3), county + "启航职业学校", false, 2005, 0.18, 24);
    add(514, seat_at(0), county + "特殊教育学校", true, 1995, 1.0, 0);
    // Kindergartens: long-standing public ones, the 十三五 new public ones (plan: 新建公办幼儿园
    // 8所: five in the seat, three in the central towns), one planned later, private ones.
    for (int k = 1; k <= 3; ++k) {
      SimSchool& s = add(111, seat_at(static_cast<size_t>(k - 1)),
                         county + "第" + Ordinal(k) + "幼儿园", true, old_year(), 1.0, 15);
      s.rec.rating = model::KindergartenRating::kFirst;
    }
    for (int k = 0; k < 5; ++k) {
      SimSchool& s = add(111, seat_at(static_cast<size_t>(k)),
                         county + "第" + Ordinal(k + 4) + "幼儿园", true, 2016 + k, 1.0, 12);
      kg_rating(s, true);
    }
    SimSchool& later = add(111, seat_at(2), county + "第九幼儿园", true, 2022, 1.0, 12);
    kg_rating(later, true);
    for (int k = 0; k < 30; ++k)
      private_kg(seat_at(static_cast<size_t>(rng.Below(seat.size()))), rng.Range(1994, 2014));
  }
  // Central towns.
  for (size_t i = 0; i < central_tws.size(); ++i) {
    const int tw = central_tws[i];
    const std::string& tn = tws[static_cast<size_t>(tw)].name;
    add(211, tw, tn + "中心小学", true, old_year(), 1.0, 0);
    for (int k = 0; k < 2; ++k) {
      add(211, tw, tn + PlaceName(rng.Next()) + "村小学", true, old_year(), 0.3, 0);
    }
    add(218, tw, tn + PlaceName(rng.Next()) + "教学点", true, old_year(), 0.3, 0);
    if (i == 1) add(211, tw, tn + "第二小学", true, 2018, 1.0, 30);
    if (i == 0) add(211, tw, tn + "第二小学", true, 2022, 1.0, 30);
    add(341, tw, county + Short(tn) + "中学", true, old_year(), 1.0, 0);
    SimSchool& kg = add(111, tw, tn + "中心幼儿园", true, rng.Range(2003, 2008), 1.0, 0);
    kg_rating(kg, true);
    SimSchool& kg2 = add(111, tw, tn + "第二中心幼儿园", true, 2017 + static_cast<int>(i), 1.0, 9);
    kg_rating(kg2, true);
    for (int k = 0; k < 5; ++k) private_kg(tw, rng.Range(2000, 2014));
  }
  // Other towns and 乡.
  for (size_t tw = 0; tw < tws.size(); ++tw) {
    const Township& t = tws[tw];
    if (t.zone == Zone::kSeat || t.zone == Zone::kCentral) continue;
    const int itw = static_cast<int>(tw);
    const bool xiang = t.zone == Zone::kXiang;
    if (xiang || rng.Bernoulli(0.6)) {
      add(312, itw, t.name + "九年制学校", true, old_year(), 1.0, 0);
    } else {
      add(211, itw, t.name + "中心小学", true, old_year(), 1.0, 0);
      add(311, itw, t.name + "中学", true, old_year(), 1.0, 0);
    }
    const int villages = xiang ? 1 : 1 + static_cast<int>(rng.Below(3));
    for (int k = 0; k < villages; ++k) {
      add(211, itw, t.name + PlaceName(rng.Next()) + "村小学", true, old_year(), 0.3, 0);
    }
    const int points = 1 + static_cast<int>(rng.Below(xiang ? 2 : 3));
    for (int k = 0; k < points; ++k) {
      add(218, itw, t.name + PlaceName(rng.Next()) + "教学点", true, old_year(), 0.3, 0);
    }
    SimSchool& kg = add(111, itw, t.name + "中心幼儿园", true, rng.Range(2009, 2014), 1.0, 0);
    kg_rating(kg, true);
    const int privates =
        xiang ? static_cast<int>(rng.Below(2)) : 1 + static_cast<int>(rng.Below(2));
    for (int k = 0; k < privates; ++k) private_kg(itw, rng.Range(2002, 2012));
  }
  for (auto& s : schools) {
    if (s.Serves(Stage::kJunior) || s.Serves(Stage::kGeneralSenior) || s.rec.type_code == 312) {
      s.rec.boarding =
          tws[static_cast<size_t>(s.tw)].zone != Zone::kSeat || s.Serves(Stage::kGeneralSenior);
    }
  }
}

// Schools standing in the first simulated year were built for the enrolment they had then.
void CountyWorld::Impl::InitialiseRooms() {
  for (auto& s : schools) {
    if (s.planned_rooms || !s.OpenIn(year)) continue;
    int need = 0;
    int sections = 0;
    for (int st = 1; st <= 6; ++st) {
      for (int g = 1; g <= 9; ++g) {
        const int n = s.count[static_cast<size_t>(st)][static_cast<size_t>(g)];
        if (n == 0) continue;
        ++sections;
        const int sz = StandardClassSize(static_cast<Stage>(st), g);
        need += (n + sz - 1) / sz;
      }
    }
    const Zone z = tws[static_cast<size_t>(s.tw)].zone;
    // Schools were built with more or less room than their enrolment needed (deterministic per
    // school, from its code): seat schools were the tightest.
    const double u =
        static_cast<double>(MixKeys({0x524F4F4DULL, std::stoull(s.rec.code)}) >> 11) * 0x1.0p-53;
    double headroom = z == Zone::kSeat      ? p.seat_headroom_min + u * p.seat_headroom_spread
                      : z == Zone::kCentral ? p.central_headroom
                                            : 1.25;
    if (s.Serves(Stage::kKindergarten)) {
      const double fill = s.rec.is_public ? p.kg_public_fill : p.kg_private_fill;
      need = static_cast<int>(std::ceil(s.enrolled / fill));
      headroom = 1.1;
    }
    s.rooms = std::max(sections, static_cast<int>(std::ceil(need * headroom)));
    if (s.rooms == 0 && s.Serves(Stage::kKindergarten)) s.rooms = 3;
  }
}

void CountyWorld::Impl::Invest(int y) {
  if (!rooms_initialised) return;
  Rng rng = Stream(kStreamNetwork, y);
  // Schools opening this year: kindergartens without planned rooms are sized for the township.
  for (auto& s : schools) {
    if (s.rec.opened_year != y || s.rooms > 0 || s.planned_rooms) continue;
    if (s.Serves(Stage::kKindergarten)) {
      if (s.rec.is_public) {
        int kids = 0;
        for (const auto& c : children) {
          if ((c.flags & (kGone | kAway)) || c.res != s.tw) continue;
          const int a = AgeAtSchoolYear(c.birth, y);
          if (a >= 3 && a <= 5) ++kids;
        }
        s.rooms = std::max(
            3, static_cast<int>(std::lround(kids * p.kg_public_room_share / p.kg_public_fill)));
      } else {
        s.rooms = 4 + static_cast<int>(rng.Below(5));
      }
    } else {
      s.rooms = 12;
    }
  }
  // Phased new schools build their classrooms as their grades fill.
  for (auto& s : schools) {
    if (!s.phased || !s.OpenIn(y) || s.planned_total == 0) continue;
    int have = 0, full = 0;
    for (Stage st : {Stage::kPrimary, Stage::kJunior, Stage::kGeneralSenior, Stage::kVocational}) {
      if (!s.Serves(st)) continue;
      have += s.MaxGrade(st, y);
      full += st == Stage::kPrimary ? s.max_primary_grade : GradesOf(st);
    }
    if (full > 0) {
      s.rooms = std::max(s.rooms, (s.planned_total * have + full - 1) / full);
    }
  }
  // Private kindergartens grow with demand (and shrink slowly when it falls).
  for (auto& s : schools) {
    if (!s.OpenIn(y) || s.rec.is_public || !s.Serves(Stage::kKindergarten)) continue;
    const double cap = s.rooms * p.kg_private_fill;
    if (s.enrolled > cap * 0.95) {
      s.rooms += static_cast<int>(std::ceil((s.enrolled - cap * 0.9) / p.kg_private_fill));
    } else if (s.enrolled < cap * 0.6 && s.rooms > 3) {
      s.rooms -= 1;
    }
  }
  // The county's classroom budget goes to the most crowded primary/secondary schools.
  const int budget = y < 2016 ? p.invest_rooms_before_2016
                              : (y <= 2020 ? p.invest_rooms_2016_2020 : p.invest_rooms_after_2020);
  std::vector<int> order;
  for (size_t i = 0; i < schools.size(); ++i) {
    const SimSchool& s = schools[i];
    // 名校 in the old town are landlocked: no room to build (relief comes from the admission cap).
    if (s.OpenIn(y) && !s.Serves(Stage::kKindergarten) && s.excess > 0 && !s.prestige) {
      order.push_back(static_cast<int>(i));
    }
  }
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
    return schools[static_cast<size_t>(a)].excess > schools[static_cast<size_t>(b)].excess;
  });
  int left = budget;
  for (int i : order) {
    if (left <= 0) break;
    SimSchool& s = schools[static_cast<size_t>(i)];
    const int add = std::min({left, 6, static_cast<int>(std::ceil(s.excess / 45.0))});
    s.rooms += add;
    left -= add;
    s.equipment += add * 60000.0;
  }
  if (y >= 2016 && y <= 2020) {
    std::vector<int> kgs;
    for (size_t i = 0; i < schools.size(); ++i) {
      const SimSchool& s = schools[i];
      if (s.OpenIn(y) && s.rec.is_public && s.Serves(Stage::kKindergarten)) {
        kgs.push_back(static_cast<int>(i));
      }
    }
    std::stable_sort(kgs.begin(), kgs.end(), [&](int a, int b) {
      const auto& sa = schools[static_cast<size_t>(a)];
      const auto& sb = schools[static_cast<size_t>(b)];
      return sa.enrolled / std::max(1.0, sa.rooms * 1.0) >
             sb.enrolled / std::max(1.0, sb.rooms * 1.0);
    });
    int kg_left = p.kg_invest_rooms_2016_2020;
    for (int i : kgs) {
      if (kg_left <= 0) break;
      schools[static_cast<size_t>(i)].rooms += 2;
      kg_left -= 2;
    }
  }
}

// 撤点并校: teaching points and village schools left with very few pupils close; their pupils
// transfer to the central school (转入 with the closed school as prev_school).
void CountyWorld::Impl::CloseEmptySchools(int y) {
  if (!rooms_initialised) return;
  for (auto& s : schools) {
    if (!s.OpenIn(y) || s.rec.opened_year >= y) continue;
    const bool small_type = s.rec.type_code == 218 || (s.rec.type_code == 211 && s.appeal < 0.5);
    const bool private_kg = !s.rec.is_public && s.Serves(Stage::kKindergarten);
    if ((small_type && s.enrolled < 6) ||
        (private_kg && s.enrolled < 12 && y > s.rec.opened_year + 2)) {
      s.rec.closed_year = y;
    }
  }
}

void CountyWorld::Impl::UpdateFacilities(int y) {
  const double t = (y - 2005) / 15.0;
  const double mm_share = std::clamp(t, 0.05, 1.0);  // 网络多媒体教室 coverage
  const double pc_per_pupil = 0.03 + 0.10 * std::clamp(t, 0.0, 1.0);
  const double books_per_pupil_year = y >= 2016 ? 1.1 : 0.5;
  for (auto& s : schools) {
    if (!s.OpenIn(y)) continue;
    const Zone z = tws[static_cast<size_t>(s.tw)].zone;
    const bool kg = s.Serves(Stage::kKindergarten);
    const int pupils = s.enrolled;
    s.teaching_area = s.rooms * (kg ? 95.0 : 78.0) + 300.0;
    if (s.sports_area == 0) {
      const bool fresh = s.rec.opened_year >= 2016;
      s.sports_area =
          kg ? 400.0 + 30.0 * s.rooms
             : (z == Zone::kSeat && !fresh ? 3000.0 + 50.0 * s.rooms : 1800.0 + 260.0 * s.rooms);
    }
    if (y >= 2016 && z != Zone::kSeat) s.sports_area *= 1.01;
    const double per_pupil = y >= 2016 ? 260.0 : 120.0;
    s.equipment = s.equipment * 0.96 + pupils * per_pupil + (s.equipment == 0 ? pupils * 900.0 : 0);
    s.books = static_cast<int>(s.books * 0.98 + pupils * books_per_pupil_year +
                               (s.books == 0 ? pupils * 12 : 0));
    s.computers = std::max(s.computers, static_cast<int>(std::lround(pupils * pc_per_pupil)));
    s.multimedia = std::max(s.multimedia, static_cast<int>(std::lround(s.rooms * mm_share)));
    s.multimedia = std::min(s.multimedia, s.rooms);
    s.terminals =
        y >= 2016
            ? std::max(s.terminals, static_cast<int>(s.multimedia * 0.15 * std::min(5, y - 2015)))
            : s.terminals;
    s.terminals = std::min(s.terminals, s.multimedia);
    const int special_rooms = kg ? 0 : std::max(y >= 2015 ? 1 : 0, (s.n_classes + 11) / 12);
    s.music = std::max(s.music, special_rooms);
    s.art = std::max(s.art, special_rooms);
    if (s.Serves(Stage::kJunior) || s.Serves(Stage::kGeneralSenior)) {
      s.labs = std::max(s.labs, 2 + s.n_classes / 10);
    } else if (s.Serves(Stage::kPrimary)) {
      s.labs = std::max(s.labs, y >= 2012 ? 1 + s.n_classes / 24 : 0);
    }
    s.beds = s.rec.boarding ? std::max(s.beds, static_cast<int>(pupils * 0.55)) : 0;
  }
}

}  // namespace zj::sim
