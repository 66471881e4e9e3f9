// Shared fixture of the sim tests (header-only; tests/CMakeLists.txt compiles *_test.cc files): the
// default demo county (seed 1) generated once per test binary into a MemoryStore and read back
// through the Store interface, plus the figure computations the calibration test compares with
// tests/sim/cases/calibration.csv. Everything is counted from the records read back, as the
// indicator engine will.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

#include "zj/common/date.h"
#include "zj/model/store.h"
#include "zj/sim/demo.h"
#include "zj/storage/memory_store.h"

namespace zj::sim::testing {

struct YearData {
  std::vector<model::Facility> facilities;
  std::vector<model::Class> classes;
  std::vector<model::Enrolment> enrolments;
  std::vector<model::HealthRecord> health;
  std::vector<model::TeacherYear> teacher_years;
  std::vector<model::PopulationCount> population;
};

struct DemoData {
  DemoOptions options;
  model::DatabaseInfo info;
  std::vector<model::AdminUnit> units;
  std::vector<model::School> schools;
  std::vector<model::Student> students;
  std::vector<model::Teacher> teachers;
  std::vector<model::BirthCount> births;
  std::vector<int> years;
  std::map<int, YearData> by_year;
  double seconds = 0;  // generation time
};

using model::Stage;

template <typename T>
T Must(Result<T> r) {
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  if (!r.ok()) return T{};
  return std::move(r).value();
}

inline uint64_t Fnv(uint64_t h, const std::string& s) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

inline std::unique_ptr<DemoData> Generate(const DemoOptions& options) {
  auto d = std::make_unique<DemoData>();
  d->options = options;
  storage::MemoryStore store;
  const auto t0 = std::chrono::steady_clock::now();
  Status s = GenerateDemo(options, store);
  d->seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_TRUE(s.ok()) << s.ToString();
  d->info = Must(store.GetInfo());
  d->units = Must(store.ListAdminUnits());
  d->schools = Must(store.ListSchools());
  d->students = Must(store.ListStudents(0));
  d->teachers = Must(store.ListTeachers());
  d->births = Must(store.ListBirths());
  d->years = Must(store.ListYears());
  for (int y : d->years) {
    YearData& yd = d->by_year[y];
    yd.facilities = Must(store.ListFacilities(y));
    yd.classes = Must(store.ListClasses(y));
    yd.enrolments = Must(store.ListEnrolments(y));
    yd.health = Must(store.ListHealthRecords(y));
    yd.teacher_years = Must(store.ListTeacherYears(y));
    yd.population = Must(store.ListPopulation(y));
  }
  return d;
}

inline const DemoData& SharedDemo() {
  static const std::unique_ptr<DemoData> d = [] {
    DemoOptions o;
    o.seed = 1;
    o.first_year = 2012;
    o.last_year = 2025;
    return Generate(o);
  }();
  return *d;
}

inline uint64_t Digest(const DemoData& d) {
  uint64_t h = 1469598103934665603ULL;
  std::ostringstream os;
  os << d.info.synthetic << d.info.county_code << d.info.created_by << '\n';
  for (const auto& u : d.units)
    os << u.code << u.name << static_cast<int>(u.level) << u.parent_code << u.urban_rural << '\n';
  for (const auto& s : d.schools) {
    os << s.code << s.name << s.type_code << s.is_public << s.inclusive
       << static_cast<int>(s.rating) << s.township_code << s.urban_rural << s.boarding
       << s.opened_year << s.closed_year << '\n';
  }
  h = Fnv(h, os.str());
  os.str("");
  for (const auto& s : d.students) {
    os << s.id << s.id_number << s.name << static_cast<int>(s.gender) << s.ethnicity
       << s.birth_date.ToString() << s.hukou_township << s.migrant << s.left_behind << s.disability
       << s.financial_aid << '\n';
  }
  for (const auto& t : d.teachers)
    os << t.id << t.name << static_cast<int>(t.gender) << t.birth_date.ToString() << '\n';
  for (const auto& b : d.births) os << b.township_code << b.year << b.month << b.count << '\n';
  h = Fnv(h, os.str());
  for (const auto& [y, yd] : d.by_year) {
    os.str("");
    for (const auto& f : yd.facilities) {
      os << f.school_code << f.year << f.teaching_area_m2 << f.sports_area_m2
         << f.equipment_value_yuan << f.multimedia_rooms << f.computers << f.books << f.music_rooms
         << f.art_rooms << f.labs << f.classrooms << f.beds << f.interactive_terminals << '\n';
    }
    for (const auto& c : yd.classes)
      os << c.id << c.school_code << c.year << static_cast<int>(c.stage) << c.grade << c.name
         << '\n';
    for (const auto& e : yd.enrolments) {
      os << e.student_id << e.year << e.school_code << e.class_id << static_cast<int>(e.stage)
         << e.grade << static_cast<int>(e.status) << e.prev_school_code << '\n';
    }
    for (const auto& r : yd.health) {
      os << r.student_id << r.year << r.exam_done << (r.myopia ? (*r.myopia ? 1 : 0) : 2)
         << (r.fitness_score ? *r.fitness_score : -1) << '\n';
    }
    for (const auto& t : yd.teacher_years) {
      os << t.teacher_id << t.year << t.school_code << t.full_time << static_cast<int>(t.stage)
         << t.subjects << t.education << static_cast<int>(t.title) << static_cast<int>(t.backbone)
         << t.master_teacher << t.dual_qualified << t.certified << t.on_staff << t.cadre
         << t.training_hours << '\n';
    }
    for (const auto& p : yd.population) os << p.township_code << p.year << p.age << p.count << '\n';
    h = Fnv(h, os.str());
  }
  return h;
}

inline std::map<std::string, double> ComputeFigures(const DemoData& d, int year) {
  std::map<std::string, double> f;
  auto it = d.by_year.find(year);
  if (it == d.by_year.end()) return f;
  const YearData& yd = it->second;
  std::unordered_map<std::string, const model::School*> school;
  for (const auto& s : d.schools) school[s.code] = &s;

  std::map<Stage, int64_t> enrolled;
  std::unordered_map<int64_t, int> class_size;
  int64_t kg_public = 0, kg_inclusive = 0, graduates_junior = 0;
  for (const auto& e : yd.enrolments) {
    if (!model::CountsAsEnrolled(e.status)) continue;
    ++enrolled[e.stage];
    ++class_size[e.class_id];
    if (e.stage == Stage::kKindergarten) {
      const model::School* s = school[e.school_code];
      if (s->is_public) ++kg_public;
      if (s->is_public || s->inclusive) ++kg_inclusive;
    }
    if (e.stage == Stage::kJunior && e.grade == 3 &&
        e.status == model::EnrolmentStatus::kGraduated) {
      ++graduates_junior;
    }
  }
  f["kindergarten_enrolment"] = static_cast<double>(enrolled[Stage::kKindergarten]);
  f["primary_enrolment"] = static_cast<double>(enrolled[Stage::kPrimary]);
  f["junior_enrolment"] = static_cast<double>(enrolled[Stage::kJunior]);
  f["general_senior_enrolment"] = static_cast<double>(enrolled[Stage::kGeneralSenior]);
  f["vocational_enrolment"] = static_cast<double>(enrolled[Stage::kVocational]);

  int large = 0, standard = 0, counted = 0;
  for (const auto& c : yd.classes) {
    const int n = class_size[c.id];
    if (c.stage == Stage::kPrimary || c.stage == Stage::kJunior) large += n >= 56 ? 1 : 0;
    if (c.stage == Stage::kPrimary || c.stage == Stage::kJunior ||
        c.stage == Stage::kGeneralSenior) {
      ++counted;
      standard += n <= (c.stage == Stage::kPrimary ? 45 : 50) ? 1 : 0;
    }
  }
  f["large_classes_56plus"] = large;
  f["standard_size_class_share"] = 100.0 * standard / std::max(1, counted);

  int64_t pop_3_5 = 0, pop_15_17 = 0;
  for (const auto& p : yd.population) {
    if (p.age >= 3 && p.age <= 5) pop_3_5 += p.count;
    if (p.age >= 15 && p.age <= 17) pop_15_17 += p.count;
  }
  const double kg = static_cast<double>(enrolled[Stage::kKindergarten]);
  f["preschool_gross_enrolment_rate"] = 100.0 * kg / std::max<int64_t>(1, pop_3_5);
  f["public_kindergarten_share"] = 100.0 * static_cast<double>(kg_public) / std::max(1.0, kg);
  f["inclusive_kindergarten_coverage"] =
      100.0 * static_cast<double>(kg_inclusive) / std::max(1.0, kg);
  f["senior_stage_gross_enrolment_rate"] =
      100.0 * static_cast<double>(enrolled[Stage::kGeneralSenior] + enrolled[Stage::kVocational]) /
      std::max<int64_t>(1, pop_15_17);
  auto g1 = d.by_year.find(year - 8);
  if (g1 != d.by_year.end()) {
    int64_t entrants = 0;
    for (const auto& e : g1->second.enrolments) {
      if (model::CountsAsEnrolled(e.status) && e.stage == Stage::kPrimary && e.grade == 1)
        ++entrants;
    }
    f["nine_year_consolidation_rate"] =
        100.0 * static_cast<double>(graduates_junior) / std::max<int64_t>(1, entrants);
  }

  // Teachers.
  std::unordered_map<std::string, const model::Teacher*> teacher;
  for (const auto& t : d.teachers) teacher[t.id] = &t;
  int64_t full_time = 0, backbone = 0, masters = 0, ft_primary = 0, ft_junior = 0,
          vocational_subject = 0, dual = 0, kg_teachers = 0, kg_certified = 0, cadres = 0,
          cadres_young = 0;
  for (const auto& t : yd.teacher_years) {
    if (t.cadre) {
      ++cadres;
      if (AgeAtSchoolYear(teacher[t.teacher_id]->birth_date, year) < 45) ++cadres_young;
    }
    if (!t.full_time) continue;
    ++full_time;
    if (t.backbone >= model::BackboneLevel::kCounty) ++backbone;
    if (t.education >= 11 && t.education <= 19) ++masters;
    if (t.stage == Stage::kPrimary) ++ft_primary;
    if (t.stage == Stage::kJunior) ++ft_junior;
    if (t.stage == Stage::kVocational && (t.subjects & model::kSubjectVocational)) {
      ++vocational_subject;
      if (t.dual_qualified) ++dual;
    }
    if (t.stage == Stage::kKindergarten) {
      ++kg_teachers;
      if (t.certified) ++kg_certified;
    }
  }
  f["backbone_teachers_county_plus"] = static_cast<double>(backbone);
  f["teacher_master_share"] =
      100.0 * static_cast<double>(masters) / std::max<int64_t>(1, full_time);
  f["pupil_teacher_ratio_primary"] =
      static_cast<double>(enrolled[Stage::kPrimary]) / std::max<int64_t>(1, ft_primary);
  f["pupil_teacher_ratio_junior"] =
      static_cast<double>(enrolled[Stage::kJunior]) / std::max<int64_t>(1, ft_junior);
  f["dual_qualified_share"] =
      100.0 * static_cast<double>(dual) / std::max<int64_t>(1, vocational_subject);
  f["kindergarten_teacher_certified"] =
      100.0 * static_cast<double>(kg_certified) / std::max<int64_t>(1, kg_teachers);
  f["cadres_under_45_share"] =
      100.0 * static_cast<double>(cadres_young) / std::max<int64_t>(1, cadres);
  f["cadres"] = static_cast<double>(cadres);

  // Health.
  int64_t exams = 0, tested = 0, pass = 0, good = 0, screened = 0, myopic = 0;
  for (const auto& h : yd.health) {
    exams += h.exam_done ? 1 : 0;
    if (h.fitness_score) {
      ++tested;
      pass += *h.fitness_score >= 60 ? 1 : 0;
      good += *h.fitness_score >= 80 ? 1 : 0;
    }
    if (h.myopia) {
      ++screened;
      myopic += *h.myopia ? 1 : 0;
    }
  }
  f["health_exam_rate"] =
      100.0 * static_cast<double>(exams) / std::max<size_t>(1, yd.health.size());
  f["fitness_pass_rate"] = 100.0 * static_cast<double>(pass) / std::max<int64_t>(1, tested);
  f["fitness_good_rate"] = 100.0 * static_cast<double>(good) / std::max<int64_t>(1, tested);
  f["myopia_rate"] = 100.0 * static_cast<double>(myopic) / std::max<int64_t>(1, screened);
  return f;
}

}  // namespace zj::sim::testing
