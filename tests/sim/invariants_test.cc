// Structural invariants of the demo dataset: admin hierarchy, school codes and types, valid
// 身份证号 matching birth dates, references between records, one enrolment per student and year,
// class sizes matching enrolment rows, continuity of school careers, population consistent with
// the enrolled children.
#include <gtest/gtest.h>

#include <set>
#include <unordered_map>
#include <unordered_set>

#include "demo_fixture.h"
#include "zj/common/code_tables.h"
#include "zj/common/id_number.h"

namespace zj::sim::testing {
namespace {

using model::EnrolmentStatus;
using model::Stage;

TEST(InvariantsTest, DatabaseInfoMarksSyntheticData) {
  const DemoData& d = SharedDemo();
  EXPECT_TRUE(d.info.synthetic);
  EXPECT_EQ(d.info.county_code, "500235");
  EXPECT_EQ(d.info.created_by,
            "zhijiao demo --seed 1 --counties 1 --first-year 2012 --last-year 2025");
  std::vector<int> expected;
  for (int y = 2012; y <= 2025; ++y) expected.push_back(y);
  EXPECT_EQ(d.years, expected);
}

TEST(InvariantsTest, AdminHierarchyHasTheRealTownships) {
  const DemoData& d = SharedDemo();
  std::map<std::string, model::AdminUnit> u;
  for (const auto& a : d.units) u[a.code] = a;
  ASSERT_TRUE(u.count("50"));
  EXPECT_EQ(u["50"].name, "重庆市");
  ASSERT_TRUE(u.count("500235"));
  EXPECT_EQ(u["500235"].parent_code, "50");
  EXPECT_EQ(u["500235"].name, "云阳县");
  int townships = 0;
  for (const auto& a : d.units) {
    if (a.level != model::AdminLevel::kTownship) continue;
    ++townships;
    EXPECT_EQ(a.parent_code, "500235");
    EXPECT_EQ(a.code.substr(0, 6), "500235");
    EXPECT_FALSE(common::UrbanRuralName(a.urban_rural).empty()) << a.code;
  }
  EXPECT_EQ(townships, 42);
  EXPECT_EQ(u["500235001"].name, "双江街道");
  EXPECT_TRUE(u["500235001"].urban_rural == 111 || u["500235001"].urban_rural == 112);
  EXPECT_EQ(u["500235131"].urban_rural, 121);  // 江口镇, a central town
  EXPECT_EQ(u["500235242"].urban_rural, 220);  // 清水土家族乡
}

TEST(InvariantsTest, SchoolsHaveValidCodesTypesAndPlaces) {
  const DemoData& d = SharedDemo();
  std::set<std::string> townships;
  for (const auto& a : d.units) {
    if (a.level == model::AdminLevel::kTownship) townships.insert(a.code);
  }
  std::set<std::string> codes, names;
  std::map<int, int> by_type;
  int new_public_kg = 0, new_schools = 0;
  for (const auto& s : d.schools) {
    EXPECT_EQ(s.code.size(), 10u) << s.code;
    EXPECT_TRUE(codes.insert(s.code).second) << s.code;
    EXPECT_TRUE(names.insert(s.name).second) << s.name;
    EXPECT_TRUE(common::IsKnownSchoolType(s.type_code)) << s.type_code;
    EXPECT_TRUE(townships.count(s.township_code)) << s.name;
    EXPECT_FALSE(common::UrbanRuralName(s.urban_rural).empty()) << s.name;
    ++by_type[s.type_code];
    if (s.type_code == 111) {
      EXPECT_NE(s.rating, model::KindergartenRating::kNone) << s.name;
      if (s.is_public) EXPECT_TRUE(s.inclusive);
      if (s.is_public && s.opened_year >= 2016 && s.opened_year <= 2020) ++new_public_kg;
    } else if (s.opened_year >= 2016 && s.opened_year <= 2020 && s.type_code < 400) {
      ++new_schools;
    }
  }
  EXPECT_GE(d.schools.size(), 330u);
  EXPECT_LE(d.schools.size(), 450u);
  EXPECT_EQ(new_public_kg, 8);  // plan: 新建公办幼儿园8所 (十三五)
  EXPECT_EQ(new_schools, 6);    // plan: 新建中小学6所
  for (int t : {111, 211, 218, 311, 312, 341, 342, 365, 514}) EXPECT_GT(by_type[t], 0) << t;
  EXPECT_EQ(by_type[514], 1);
  int private_inclusive = 0, private_kg = 0;
  for (const auto& s : d.schools) {
    if (s.type_code == 111 && !s.is_public) {
      ++private_kg;
      private_inclusive += s.inclusive ? 1 : 0;
    }
  }
  EXPECT_GT(private_inclusive, private_kg / 2);
  EXPECT_LT(private_inclusive, private_kg);
}

TEST(InvariantsTest, StudentIdNumbersAreValidAndMatchBirthDates) {
  const DemoData& d = SharedDemo();
  ASSERT_GT(d.students.size(), 200000u);
  std::unordered_set<std::string> seen;
  for (const auto& s : d.students) {
    auto info = ValidateIdNumber(s.id_number);
    ASSERT_TRUE(info.ok()) << s.id_number << " " << info.status().ToString();
    EXPECT_EQ(info->address_code, "500235");
    EXPECT_EQ(info->birth_date, s.birth_date);
    EXPECT_EQ(info->male, s.gender == model::Gender::kMale);
    EXPECT_TRUE(seen.insert(s.id_number).second) << "duplicate " << s.id_number;
    EXPECT_GE(s.name.size(), 6u);  // two or three CJK characters
    EXPECT_LE(s.name.size(), 9u);
    if (!s.hukou_township.empty()) EXPECT_EQ(s.hukou_township.substr(0, 6), "500235");
  }
}

TEST(InvariantsTest, TeachersHaveValidIdsAndPlausibleAges) {
  const DemoData& d = SharedDemo();
  std::unordered_map<std::string, const model::Teacher*> teacher;
  for (const auto& t : d.teachers) {
    EXPECT_TRUE(ValidateIdNumber(t.id).ok()) << t.id;
    EXPECT_TRUE(teacher.emplace(t.id, &t).second);
  }
  std::set<std::string> schools;
  for (const auto& s : d.schools) schools.insert(s.code);
  for (const auto& [y, yd] : d.by_year) {
    for (const auto& ty : yd.teacher_years) {
      ASSERT_TRUE(teacher.count(ty.teacher_id));
      EXPECT_TRUE(schools.count(ty.school_code));
      const int age = AgeAtSchoolYear(teacher[ty.teacher_id]->birth_date, y);
      EXPECT_GE(age, 20);
      EXPECT_LT(age, 60);
      EXPECT_FALSE(common::EducationLevelName(ty.education).empty()) << ty.education;
      if (ty.dual_qualified) EXPECT_EQ(ty.stage, Stage::kVocational);
    }
  }
}

TEST(InvariantsTest, EnrolmentsReferenceExistingRecordsAndMatchTheirClasses) {
  const DemoData& d = SharedDemo();
  std::unordered_set<int64_t> students;
  for (const auto& s : d.students) students.insert(s.id);
  std::unordered_map<std::string, const model::School*> school;
  for (const auto& s : d.schools) school[s.code] = &s;
  std::unordered_set<int64_t> class_ids_all_years;
  for (const auto& [y, yd] : d.by_year) {
    std::unordered_map<int64_t, const model::Class*> cls;
    for (const auto& c : yd.classes) {
      cls[c.id] = &c;
      EXPECT_TRUE(class_ids_all_years.insert(c.id).second) << "class id reused " << c.id;
      ASSERT_TRUE(school.count(c.school_code));
      const auto stages = model::StagesOfSchoolType(school[c.school_code]->type_code);
      EXPECT_NE(std::find(stages.begin(), stages.end(), c.stage), stages.end()) << c.name;
    }
    std::unordered_map<int64_t, int> size;
    std::unordered_set<int64_t> enrolled;
    for (const auto& e : yd.enrolments) {
      EXPECT_TRUE(students.count(e.student_id));
      EXPECT_TRUE(enrolled.insert(e.student_id).second);
      auto it = cls.find(e.class_id);
      ASSERT_NE(it, cls.end()) << "enrolment without class";
      EXPECT_EQ(it->second->school_code, e.school_code);
      EXPECT_EQ(it->second->stage, e.stage);
      EXPECT_EQ(it->second->grade, e.grade);
      ++size[e.class_id];
      const model::School* s = school[e.school_code];
      EXPECT_LE(s->opened_year, y);
      EXPECT_TRUE(s->closed_year == 0 || s->closed_year > y) << s->name;
      if (!e.prev_school_code.empty()) {
        EXPECT_TRUE(school.count(e.prev_school_code));
        EXPECT_NE(e.prev_school_code, e.school_code);
      }
    }
    for (const auto& c : yd.classes) {
      EXPECT_GT(size[c.id], 0) << c.name << " is empty";
      if (c.stage == Stage::kSpecial) EXPECT_LE(size[c.id], 20);
    }
    // One health row per enrolment row.
    EXPECT_EQ(yd.health.size(), yd.enrolments.size());
  }
}

TEST(InvariantsTest, SchoolCareersAreContinuous) {
  const DemoData& d = SharedDemo();
  int checked = 0, transfers_in_county = 0;
  for (int y = 2012; y < 2025; ++y) {
    std::unordered_map<int64_t, const model::Enrolment*> next;
    for (const auto& e : d.by_year.at(y + 1).enrolments) next[e.student_id] = &e;
    for (const auto& e : d.by_year.at(y).enrolments) {
      auto it = next.find(e.student_id);
      const model::Enrolment* n = it == next.end() ? nullptr : it->second;
      const int last = e.stage == Stage::kSpecial ? 9 : model::DefaultGradeCount(e.stage);
      switch (e.status) {
        case EnrolmentStatus::kEnrolled:
        case EnrolmentStatus::kTransferredIn:
          // 在读: continues next year in the next grade of the same stage.
          ASSERT_NE(n, nullptr) << e.student_id << " " << y;
          EXPECT_EQ(n->stage, e.stage);
          EXPECT_EQ(n->grade, e.grade + 1);
          EXPECT_LT(e.grade, last);
          if (n->school_code != e.school_code) {
            // 转入 with the previous school — unless the new year already ended otherwise
            // (毕业, 转出 …), which the status then records; prev_school_code still says where
            // from.
            if (n->status == EnrolmentStatus::kEnrolled) ADD_FAILURE() << "school change as 在读";
            EXPECT_EQ(n->prev_school_code, e.school_code);
            ++transfers_in_county;
          }
          ++checked;
          break;
        case EnrolmentStatus::kSuspended:
          if (n) EXPECT_EQ(n->grade, e.grade);
          break;
        case EnrolmentStatus::kGraduated:
          EXPECT_EQ(e.grade, last);
          if (n && e.stage == Stage::kKindergarten) EXPECT_EQ(n->stage, Stage::kPrimary);
          if (n && e.stage == Stage::kPrimary) EXPECT_EQ(n->stage, Stage::kJunior);
          if (n) EXPECT_EQ(n->grade, 1);
          break;
        case EnrolmentStatus::kTransferredOut:
        case EnrolmentStatus::kDropout:
        case EnrolmentStatus::kDeceased:
          EXPECT_EQ(n, nullptr) << model::EnrolmentStatusNameZh(e.status);
          break;
      }
    }
  }
  EXPECT_GT(checked, 1000000);
  EXPECT_GT(transfers_in_county, 5000);  // rural → county seat and central towns, 教学点 → 中心校
}

TEST(InvariantsTest, PopulationCoversEveryTownshipAgeAndEnrolledChild) {
  const DemoData& d = SharedDemo();
  std::unordered_map<int64_t, Date> birth;
  for (const auto& s : d.students) birth[s.id] = s.birth_date;
  for (const auto& [y, yd] : d.by_year) {
    EXPECT_EQ(yd.population.size(), 42u * 65u);
    std::map<int, int64_t> pop, enrolled;
    for (const auto& p : yd.population) {
      EXPECT_GE(p.count, 0);
      pop[p.age] += p.count;
    }
    for (const auto& e : yd.enrolments) ++enrolled[AgeAtSchoolYear(birth[e.student_id], y)];
    for (int a = 0; a <= 17; ++a) {
      EXPECT_LE(enrolled[a], pop[a]) << "age " << a << " in " << y;
    }
    EXPECT_GT(pop[40], 5000);
    EXPECT_GT(pop[64], 1000);
  }
}

TEST(InvariantsTest, FacilitiesExistForOpenSchoolsAndGrow) {
  const DemoData& d = SharedDemo();
  for (int y : {2015, 2020}) {
    std::set<std::string> with_facility;
    for (const auto& f : d.by_year.at(y).facilities) {
      with_facility.insert(f.school_code);
      EXPECT_GT(f.classrooms, 0);
      EXPECT_GE(f.classrooms, f.multimedia_rooms);
      EXPECT_GT(f.teaching_area_m2, 0);
    }
    for (const auto& s : d.schools) {
      const bool open = s.opened_year <= y && (s.closed_year == 0 || s.closed_year > y);
      EXPECT_EQ(with_facility.count(s.code) == 1, open) << s.name << " " << y;
    }
  }
  auto total = [&](int y, auto field) {
    double t = 0;
    for (const auto& f : d.by_year.at(y).facilities) t += field(f);
    return t;
  };
  auto rooms = [](const model::Facility& f) { return static_cast<double>(f.multimedia_rooms); };
  EXPECT_GT(total(2020, rooms), total(2015, rooms));
}

TEST(InvariantsTest, HealthRowsArePlausible) {
  for (const auto& [y, yd] : SharedDemo().by_year) {
    for (const auto& h : yd.health) {
      if (h.fitness_score) {
        EXPECT_GE(*h.fitness_score, 0);
        EXPECT_LE(*h.fitness_score, 120);
      }
    }
  }
}

}  // namespace
}  // namespace zj::sim::testing
