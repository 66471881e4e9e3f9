// Teachers of a demo county: staffing each school to its need (enrolment ÷ ratio, at least a
// number per class), redeploying surpluses (交流轮岗), hiring young graduates, retiring at 60,
// promotions through the 职称 series, in-service degree upgrades, certification, the county's
// 骨干教师 designations, school cadres and 双师型 vocational teachers.
#include <algorithm>
#include <cmath>

#include "names.h"
#include "world_impl.h"
#include "zj/common/id_number.h"

namespace zj::sim {

using model::Stage;

namespace {

struct StageNeed {
  double ratio, per_class;
};

StageNeed NeedOf(const ModelParams& p, Stage st) {
  switch (st) {
    case Stage::kKindergarten:
      return {p.ratio_kg, p.per_class_kg};
    case Stage::kPrimary:
      return {p.ratio_primary, p.per_class_primary};
    case Stage::kJunior:
      return {p.ratio_junior, p.per_class_junior};
    case Stage::kGeneralSenior:
      return {p.ratio_senior, p.per_class_senior};
    case Stage::kVocational:
      return {p.ratio_vocational, p.per_class_vocational};
    case Stage::kSpecial:
      return {p.ratio_special, p.per_class_special};
  }
  return {20, 1};
}

uint32_t PickSubjects(Rng& rng, Stage st) {
  using namespace model;
  const double u = rng.Uniform();
  switch (st) {
    case Stage::kKindergarten:
      return kSubjectPreschool;
    case Stage::kPrimary: {
      uint32_t s = u < 0.36   ? kSubjectChinese
                   : u < 0.66 ? kSubjectMath
                   : u < 0.74 ? kSubjectEnglish
                   : u < 0.82 ? kSubjectPE
                   : u < 0.88 ? kSubjectMusic
                   : u < 0.94 ? kSubjectArt
                   : u < 0.97 ? kSubjectScience
                              : kSubjectIT;
      if (rng.Bernoulli(0.18)) s |= rng.Bernoulli(0.5) ? kSubjectScience : kSubjectSocial;
      return s;
    }
    case Stage::kVocational:
      if (u < 0.58) return kSubjectVocational;
      return u < 0.68   ? kSubjectChinese
             : u < 0.78 ? kSubjectMath
             : u < 0.86 ? kSubjectEnglish
             : u < 0.93 ? kSubjectPE
                        : kSubjectIT;
    case Stage::kSpecial:
      return kSubjectOther;
    default:
      return u < 0.16   ? kSubjectChinese
             : u < 0.32 ? kSubjectMath
             : u < 0.46 ? kSubjectEnglish
             : u < 0.68 ? kSubjectScience
             : u < 0.83 ? kSubjectSocial
             : u < 0.90 ? kSubjectPE
             : u < 0.93 ? kSubjectMusic
             : u < 0.96 ? kSubjectArt
                        : kSubjectIT;
  }
}

// 最高学历 of a new hire by stage and year (GB/T 4658: 14 硕士, 21 本科, 31 专科, 41 中专).
uint8_t HireEducation(Rng& rng, Stage st, int y) {
  const double t = std::clamp((y - 2000) / 20.0, 0.0, 1.0);
  double master = 0, bachelor = 0, college = 0;
  switch (st) {
    case Stage::kKindergarten:
      master = 0.0;
      bachelor = 0.10 + 0.35 * t;
      college = 0.45;
      break;
    case Stage::kPrimary:
      master = 0.012 * t;
      bachelor = 0.15 + 0.55 * t;
      college = 0.55;
      break;
    case Stage::kJunior:
      master = 0.04 * t;
      bachelor = 0.45 + 0.45 * t;
      college = 0.5;
      break;
    default:
      master = 0.12 * t;
      bachelor = 0.85;
      college = 0.1;
      break;
  }
  const double u = rng.Uniform();
  if (u < master) return 14;
  if (u < master + bachelor) return 21;
  if (u < master + bachelor + college) return 31;
  return 41;
}

}  // namespace

void CountyWorld::Impl::StaffSchools(int y) {
  Rng rng = Stream(kStreamTeachers, y);
  const bool initial = teachers.empty();
  // Retirement and other departures.
  for (auto& t : teachers) {
    if (t.school < 0) continue;
    const int age = AgeAtSchoolYear(t.birth, y);
    if (age >= p.retirement_age || !schools[static_cast<size_t>(t.school)].OpenIn(y) ||
        rng.Bernoulli(age < 30 ? 0.012 : 0.004)) {
      if (!schools[static_cast<size_t>(t.school)].OpenIn(y) && age < p.retirement_age) {
        t.school = -2;  // redeploy below
      } else {
        t.school = -1;
        t.cadre = false;
      }
    }
  }
  // Need and current staff per (school, stage, full-time).
  const size_t n_s = schools.size();
  std::vector<std::array<int, 7>> need(n_s), have(n_s), support_need(n_s), support_have(n_s);
  for (size_t i = 0; i < n_s; ++i) {
    const SimSchool& s = schools[i];
    need[i].fill(0);
    support_need[i].fill(0);
    if (!s.OpenIn(y)) continue;
    for (int st = 1; st <= 6; ++st) {
      int n = 0, k = 0;
      for (int g = 1; g <= 9; ++g) {
        n += s.count[static_cast<size_t>(st)][static_cast<size_t>(g)];
        k += s.classes[static_cast<size_t>(st)][static_cast<size_t>(g)];
      }
      if (n == 0) continue;
      const StageNeed sn = NeedOf(p, static_cast<Stage>(st));
      const int nd = static_cast<int>(std::ceil(std::max(n / sn.ratio, k * sn.per_class)));
      need[i][static_cast<size_t>(st)] = nd;
      support_need[i][static_cast<size_t>(st)] =
          static_cast<int>(std::lround(nd * p.support_staff_share));
    }
  }
  for (auto& h : have) h.fill(0);
  for (auto& h : support_have) h.fill(0);
  std::array<std::vector<int>, 7> pool;  // teachers to redeploy, by stage
  for (size_t ti = 0; ti < teachers.size(); ++ti) {
    SimTeacher& t = teachers[ti];
    if (t.school == -2) {
      pool[t.stage].push_back(static_cast<int>(ti));
      continue;
    }
    if (t.school < 0) continue;
    const size_t s = static_cast<size_t>(t.school);
    auto& counter = t.full_time ? have[s] : support_have[s];
    const auto& target = t.full_time ? need[s] : support_need[s];
    // Surplus beyond 10% (at least 2) is redeployed, never cadres.
    if (t.full_time && counter[t.stage] >= target[t.stage] + std::max(2, target[t.stage] / 10) &&
        !t.cadre) {
      t.school = -2;
      pool[t.stage].push_back(static_cast<int>(ti));
      continue;
    }
    ++counter[t.stage];
  }
  auto hire = [&](size_t s, int st, bool full_time) {
    SimTeacher t;
    const Stage stage = static_cast<Stage>(st);
    const SimSchool& sc = schools[s];
    int age = initial ? 22 + static_cast<int>(rng.Below(37)) : 22 + static_cast<int>(rng.Below(6));
    if (initial && rng.Bernoulli(0.25)) age = 35 + static_cast<int>(rng.Below(20));
    const double female = stage == Stage::kKindergarten ? 0.97
                          : stage == Stage::kPrimary    ? 0.68
                          : stage == Stage::kJunior     ? 0.55
                                                        : 0.48;
    t.gender = rng.Bernoulli(female) ? 2 : 1;
    const int by = y - age - (rng.Bernoulli(0.6) ? 1 : 0);
    t.birth = Date{by, 1 + static_cast<int>(rng.Below(12)), 1};
    t.birth.day =
        1 + static_cast<int>(rng.Below(static_cast<uint64_t>(DaysInMonth(by, t.birth.month))));
    const int64_t slot = (t.birth.ToDays() * 2 + t.gender) ^ (int64_t{1} << 40);
    int& last = id_seq[slot];
    last = last == 0 ? (t.gender == 1 ? 901 : 900) : last + 2;
    if (last > 999) last = t.gender == 1 ? 901 : 900;
    t.id = MakeIdNumber(spec.code, t.birth, last);
    t.serial = next_teacher_serial++;
    t.school = static_cast<int16_t>(s);
    t.stage = static_cast<uint8_t>(st);
    t.full_time = full_time;
    t.subjects = full_time ? PickSubjects(rng, stage) : model::kSubjectOther;
    const int service = age - 22;
    t.hired = static_cast<int16_t>(y - service);
    int edu_year = std::max(1975, y - service);
    t.education = HireEducation(rng, stage, edu_year);
    if (initial) {
      // Titles of the long-serving staff by years of service.
      t.title = service < 1    ? 0
                : service < 5  ? 1 + (rng.Bernoulli(0.6) ? 1 : 0)
                : service < 14 ? (rng.Bernoulli(0.55) ? 3 : 2)
                               : (rng.Bernoulli(0.22) ? 4 : 3);
      t.title_since = static_cast<int16_t>(y - static_cast<int>(rng.Below(6)));
    }
    const bool private_kg = !sc.rec.is_public;
    t.certified = private_kg ? rng.Bernoulli(0.50) : rng.Bernoulli(0.97);
    t.on_staff = sc.rec.is_public && rng.Bernoulli(stage == Stage::kKindergarten ? 0.55 : 0.93);
    if (stage == Stage::kVocational && (t.subjects & model::kSubjectVocational)) {
      t.dual = rng.Bernoulli(initial ? 0.2 : 0.3);
    }
    if (!full_time) t.title = 0;
    teachers.push_back(std::move(t));
  };
  for (size_t s = 0; s < n_s; ++s) {
    for (int st = 1; st <= 6; ++st) {
      int gap = need[s][static_cast<size_t>(st)] - have[s][static_cast<size_t>(st)];
      auto& pl = pool[static_cast<size_t>(st)];
      while (gap > 0 && !pl.empty()) {
        SimTeacher& t = teachers[static_cast<size_t>(pl.back())];
        pl.pop_back();
        t.school = static_cast<int16_t>(s);
        t.cadre = false;
        --gap;
      }
      for (; gap > 0; --gap) hire(s, st, true);
      for (int g =
               support_need[s][static_cast<size_t>(st)] - support_have[s][static_cast<size_t>(st)];
           g > 0; --g) {
        hire(s, st, false);
      }
    }
  }
  // Redeployable teachers not needed anywhere stay at a school of their stage as surplus.
  for (int st = 1; st <= 6; ++st) {
    for (int ti : pool[static_cast<size_t>(st)]) {
      SimTeacher& t = teachers[static_cast<size_t>(ti)];
      int best = -1;
      for (size_t s = 0; s < n_s; ++s) {
        if (need[s][static_cast<size_t>(st)] > 0 &&
            (best < 0 || need[s][static_cast<size_t>(st)] >
                             need[static_cast<size_t>(best)][static_cast<size_t>(st)])) {
          best = static_cast<int>(s);
        }
      }
      t.school = static_cast<int16_t>(best);
      if (best < 0) t.cadre = false;
    }
  }
  // Drop long-gone teachers that were never written (keeps memory flat).
  if (teachers.size() > 4096) {
    teachers.erase(std::remove_if(teachers.begin(), teachers.end(),
                                  [](const SimTeacher& t) { return t.school < 0 && !t.written; }),
                   teachers.end());
  }
}

void CountyWorld::Impl::DevelopTeachers(int y) {
  Rng rng = Stream(kStreamTeachers, y * 2 + 1);
  std::vector<int> eligible;
  std::vector<int> county_backbone;
  std::vector<int> cadres_per_school(schools.size(), 0);
  for (size_t i = 0; i < teachers.size(); ++i) {
    SimTeacher& t = teachers[i];
    if (t.school < 0) continue;
    const int age = AgeAtSchoolYear(t.birth, y);
    const int service = y - t.hired;
    if (t.full_time) {
      // 职称: 三级 after a probation year, then 二级, 一级, 高级 with waiting times and quotas.
      const int in_title = y - t.title_since;
      double up = 0;
      switch (t.title) {
        case 0:
          up = service >= 1 ? 0.85 : 0;
          break;
        case 1:
          up = in_title >= 1 ? 0.6 : 0;
          break;
        case 2:
          up = in_title >= 5 ? 0.16 : 0;
          break;
        case 3:
          up = in_title >= 8 && age >= 33 ? 0.055 : 0;
          break;
        case 4:
          up = in_title >= 8 && t.backbone >= 3 ? 0.01 : 0;
          break;
        default:
          break;
      }
      if (schools[static_cast<size_t>(t.school)].rec.is_public == false && t.title == 0) up *= 0.3;
      if (up > 0 && rng.Bernoulli(up)) {
        ++t.title;
        t.title_since = static_cast<int16_t>(y);
      }
      // In-service degrees (函授/自考) for teachers under 45.
      if (age < 45) {
        if (t.education == 41 && rng.Bernoulli(0.06))
          t.education = 31;
        else if (t.education == 31 && rng.Bernoulli(0.045))
          t.education = 21;
        else if (t.education == 21 && rng.Bernoulli(0.003))
          t.education = 14;
      }
      if (!t.certified && rng.Bernoulli(0.12)) t.certified = true;
      if (t.stage == static_cast<uint8_t>(Stage::kVocational) &&
          (t.subjects & model::kSubjectVocational) && !t.dual && rng.Bernoulli(0.02)) {
        t.dual = true;
      }
      if (t.backbone >= 2 && rng.Bernoulli(p.backbone_lapse)) t.backbone = 1;
      if (t.backbone >= 2) county_backbone.push_back(static_cast<int>(i));
      if (t.backbone < 2 && t.title >= 3 && service >= 5 && age <= 55) {
        eligible.push_back(static_cast<int>(i));
      }
      if (t.backbone == 0 && t.title >= 2 && rng.Bernoulli(0.03)) t.backbone = 1;  // 校级
    }
    t.training = static_cast<float>(40 + rng.Below(81));
    if (t.cadre) ++cadres_per_school[static_cast<size_t>(t.school)];
  }
  // 骨干教师: the county designates a yearly quota.
  const int quota = y < 2016
                        ? p.backbone_quota_before_2016
                        : (y <= 2020 ? p.backbone_quota_2016_2020 : p.backbone_quota_after_2020);
  const double scaled = quota * spec.scale;
  const size_t n = eligible.size();
  size_t k = static_cast<size_t>(
      std::min<double>(static_cast<double>(n), std::floor(scaled + rng.Uniform())));
  for (size_t i = 0; i < k; ++i) {
    std::swap(eligible[i], eligible[i + static_cast<size_t>(rng.Below(n - i))]);
    SimTeacher& t = teachers[static_cast<size_t>(eligible[i])];
    const double u = rng.Uniform();
    t.backbone = u < p.backbone_national_share ? 4 : (u < p.backbone_city_share ? 3 : 2);
    t.backbone_since = static_cast<int16_t>(y);
  }
  // 名师 among city/national backbone teachers (a small, slowly growing group).
  for (int i : county_backbone) {
    SimTeacher& t = teachers[static_cast<size_t>(i)];
    if (t.backbone >= 3 && !t.master && rng.Bernoulli(0.025)) t.master = true;
  }
  // School cadres: 1 + one per 12 classes (at most 6); vacancies go to experienced teachers.
  std::vector<std::vector<int>> candidates(schools.size());
  for (size_t i = 0; i < teachers.size(); ++i) {
    const SimTeacher& t = teachers[i];
    if (t.school < 0 || !t.full_time || t.cadre) continue;
    const int age = AgeAtSchoolYear(t.birth, y);
    if (age >= 32 && age <= 54 && t.title >= 2)
      candidates[static_cast<size_t>(t.school)].push_back(static_cast<int>(i));
  }
  for (size_t s = 0; s < schools.size(); ++s) {
    if (!schools[s].OpenIn(y)) continue;
    const int posts = std::min(6, 1 + schools[s].n_classes / 12);
    auto& c = candidates[s];
    for (int have = cadres_per_school[s]; have < posts && !c.empty(); ++have) {
      const size_t j = static_cast<size_t>(rng.Below(c.size()));
      teachers[static_cast<size_t>(c[j])].cadre = true;
      c.erase(c.begin() + static_cast<std::ptrdiff_t>(j));
    }
  }
}

}  // namespace zj::sim
