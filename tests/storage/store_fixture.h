// Test data for the storage suites: a small county fixture with every record type (unicode
// names, optional fields set and unset), and one-line dumps of every record so that listings
// compare field by field with readable diffs.
#pragma once

#include <sstream>
#include <string>
#include <vector>

#include "zj/model/store.h"

namespace zj::storage::testing {

// ---- dumps: every field of every record --------------------------------------------------------

inline std::string D(const model::AdminUnit& r) {
  std::ostringstream o;
  o << "AdminUnit{" << r.code << "|" << r.name << "|" << static_cast<int>(r.level) << "|"
    << r.parent_code << "|" << r.urban_rural << "}";
  return o.str();
}
inline std::string D(const model::School& r) {
  std::ostringstream o;
  o << "School{" << r.code << "|" << r.name << "|" << r.type_code << "|" << r.is_public << "|"
    << r.inclusive << "|" << static_cast<int>(r.rating) << "|" << r.township_code << "|"
    << r.urban_rural << "|" << r.boarding << "|" << r.opened_year << "|" << r.closed_year << "}";
  return o.str();
}
inline std::string D(const model::Facility& r) {
  std::ostringstream o;
  o.precision(17);
  o << "Facility{" << r.school_code << "|" << r.year << "|" << r.teaching_area_m2 << "|"
    << r.sports_area_m2 << "|" << r.equipment_value_yuan << "|" << r.multimedia_rooms << "|"
    << r.computers << "|" << r.books << "|" << r.music_rooms << "|" << r.art_rooms << "|" << r.labs
    << "|" << r.classrooms << "|" << r.beds << "|" << r.interactive_terminals << "}";
  return o.str();
}
inline std::string D(const model::Class& r) {
  std::ostringstream o;
  o << "Class{" << r.id << "|" << r.school_code << "|" << r.year << "|" << static_cast<int>(r.stage)
    << "|" << r.grade << "|" << r.name << "}";
  return o.str();
}
inline std::string D(const model::Student& r) {
  std::ostringstream o;
  o << "Student{" << r.id << "|" << r.id_number << "|" << r.name << "|"
    << static_cast<int>(r.gender) << "|" << r.ethnicity << "|" << r.birth_date.year << "-"
    << r.birth_date.month << "-" << r.birth_date.day << "|" << r.hukou_township << "|" << r.migrant
    << "|" << r.left_behind << "|" << r.disability << "|" << r.financial_aid << "}";
  return o.str();
}
inline std::string D(const model::Enrolment& r) {
  std::ostringstream o;
  o << "Enrolment{" << r.student_id << "|" << r.year << "|" << r.school_code << "|" << r.class_id
    << "|" << static_cast<int>(r.stage) << "|" << r.grade << "|" << static_cast<int>(r.status)
    << "|" << r.prev_school_code << "}";
  return o.str();
}
inline std::string D(const model::HealthRecord& r) {
  std::ostringstream o;
  o.precision(17);
  o << "Health{" << r.student_id << "|" << r.year << "|" << r.exam_done << "|";
  if (r.myopia) {
    o << *r.myopia;
  } else {
    o << "null";
  }
  o << "|";
  if (r.fitness_score) {
    o << *r.fitness_score;
  } else {
    o << "null";
  }
  o << "}";
  return o.str();
}
inline std::string D(const model::Teacher& r) {
  std::ostringstream o;
  o << "Teacher{" << r.id << "|" << r.name << "|" << static_cast<int>(r.gender) << "|"
    << r.birth_date.year << "-" << r.birth_date.month << "-" << r.birth_date.day << "}";
  return o.str();
}
inline std::string D(const model::TeacherYear& r) {
  std::ostringstream o;
  o.precision(17);
  o << "TeacherYear{" << r.teacher_id << "|" << r.year << "|" << r.school_code << "|" << r.full_time
    << "|" << static_cast<int>(r.stage) << "|" << r.subjects << "|" << r.education << "|"
    << static_cast<int>(r.title) << "|" << static_cast<int>(r.backbone) << "|" << r.master_teacher
    << "|" << r.dual_qualified << "|" << r.certified << "|" << r.on_staff << "|" << r.cadre << "|"
    << r.training_hours << "}";
  return o.str();
}
inline std::string D(const model::PopulationCount& r) {
  std::ostringstream o;
  o << "Population{" << r.township_code << "|" << r.year << "|" << r.age << "|" << r.count << "}";
  return o.str();
}
inline std::string D(const model::BirthCount& r) {
  std::ostringstream o;
  o << "Birth{" << r.township_code << "|" << r.year << "|" << r.month << "|" << r.count << "}";
  return o.str();
}
inline std::string D(const model::DataValue& r) {
  std::ostringstream o;
  o.precision(17);
  o << "DataValue{" << r.code << "|" << r.unit_code << "|" << r.year << "|" << r.value << "|"
    << r.unit << "|" << r.source << "|" << r.note << "}";
  return o.str();
}
inline std::string D(const model::DatabaseInfo& r) {
  std::ostringstream o;
  o << "Info{v" << r.schema_version << "|" << r.synthetic << "|" << r.county_code << "|"
    << r.created_by << "}";
  return o.str();
}
inline std::string D(const model::StoreCounts& c) {
  std::ostringstream o;
  o << "Counts{" << c.admin_units << "," << c.schools << "," << c.facilities << "," << c.classes
    << "," << c.students << "," << c.enrolments << "," << c.health_records << "," << c.teachers
    << "," << c.teacher_years << "," << c.population << "," << c.births << "," << c.data_values
    << "}";
  return o.str();
}
template <typename T>
std::vector<std::string> D(const std::vector<T>& v) {
  std::vector<std::string> out;
  for (const auto& r : v) out.push_back(D(r));
  return out;
}

// ---- the fixture -------------------------------------------------------------------------------

// Records of a tiny county, deliberately NOT in natural-key order (the stores must sort).
struct CountyFixture {
  std::vector<model::AdminUnit> admin_units;
  std::vector<model::School> schools;
  std::vector<model::Facility> facilities;
  std::vector<model::Class> classes;
  std::vector<model::Student> students;
  std::vector<model::Enrolment> enrolments;
  std::vector<model::HealthRecord> health;
  std::vector<model::Teacher> teachers;
  std::vector<model::TeacherYear> teacher_years;
  std::vector<model::PopulationCount> population;
  std::vector<model::BirthCount> births;
  std::vector<model::DataValue> data_values;
};

inline CountyFixture MakeCountyFixture() {
  using model::Stage;
  CountyFixture f;
  f.admin_units = {
      {"500235101000", "双江街道", model::AdminLevel::kTownship, "500235", 111},
      {"500235", "云阳县", model::AdminLevel::kCounty, "5002", 0},
      {"500235001000", "青龙街道", model::AdminLevel::kTownship, "500235", 112},
  };
  f.schools = {
      {"3150000002", "云阳县第二中学", 345, true, false, model::KindergartenRating::kNone,
       "500235101", 111, true, 1952, 0},
      {"2150000001", "双江小学（本部）", 211, false, false, model::KindergartenRating::kNone,
       "500235101", 112, false, 0, 2023},
      {"1150000003", "青龙幼儿园 Qinglong 🌟", 111, true, true, model::KindergartenRating::kSecond,
       "500235001", 121, false, 2019, 0},
  };
  f.facilities = {
      {"3150000002", 2021, 12345.5, 8000.25, 1.5e6, 30, 400, 60000, 3, 2, 8, 40, 1200, 35},
      {"2150000001", 2021, 3000.125, 2000, 250000.75, 12, 60, 15000, 1, 1, 2, 18, 0, 12},
      {"2150000001", 2020, 2999, 1999.5, 200000, 10, 50, 14000, 1, 0, 1, 18, 0, 10},
  };
  f.classes = {
      {9002, "2150000001", 2021, Stage::kPrimary, 3, "三年级（2）班"},
      {9001, "2150000001", 2020, Stage::kPrimary, 2, "二年级（2）班"},
      {8001, "3150000002", 2021, Stage::kGeneralSenior, 1, "高一（1）班"},
  };
  f.students = {
      {30,
       "500235201006150012",
       "阿卜杜热合曼·买买提",
       model::Gender::kMale,
       5,
       {2012, 6, 15},
       "",
       true,
       false,
       0,
       true},
      {10,
       "50023520130228002X",
       "欧阳娜娜",
       model::Gender::kFemale,
       1,
       {2013, 2, 28},
       "500235101",
       false,
       true,
       3,
       false},
      {20,
       "500235200601010017",
       "张三",
       model::Gender::kUnknown,
       1,
       {2006, 1, 1},
       "500235001",
       false,
       false,
       0,
       false},
  };
  f.enrolments = {
      {30, 2021, "2150000001", 9002, Stage::kPrimary, 3, model::EnrolmentStatus::kTransferredIn,
       "2150000009"},
      {10, 2021, "2150000001", 9002, Stage::kPrimary, 3, model::EnrolmentStatus::kEnrolled, ""},
      {10, 2020, "2150000001", 9001, Stage::kPrimary, 2, model::EnrolmentStatus::kEnrolled, ""},
      {20, 2021, "3150000002", 8001, Stage::kGeneralSenior, 1, model::EnrolmentStatus::kSuspended,
       ""},
      {20, 2023, "3150000002", 0, Stage::kGeneralSenior, 3, model::EnrolmentStatus::kGraduated, ""},
  };
  f.health = {
      {30, 2021, true, true, 88.5},
      {10, 2021, true, false, std::nullopt},
      {20, 2021, false, std::nullopt, std::nullopt},
      {10, 2020, false, std::nullopt, 101.25},
  };
  f.teachers = {
      {"T0002", "李老师", model::Gender::kFemale, {1985, 11, 30}},
      {"T0001", "王建国", model::Gender::kMale, {1970, 1, 1}},
  };
  f.teacher_years = {
      {"T0002", 2021, "2150000001", true, Stage::kPrimary,
       model::kSubjectChinese | model::kSubjectMusic, 21, model::TeacherTitle::kFirst,
       model::BackboneLevel::kCounty, true, false, true, true, false, 72.5},
      {"T0001", 2021, "3150000002", false, Stage::kGeneralSenior, model::kSubjectMath, 11,
       model::TeacherTitle::kFullSenior, model::BackboneLevel::kNational, false, true, false, false,
       true, 0},
      {"T0001", 2020, "3150000002", true, Stage::kGeneralSenior, model::kSubjectMath, 11,
       model::TeacherTitle::kSenior, model::BackboneLevel::kCity, false, false, true, true, true,
       120.25},
  };
  f.population = {
      {"500235101", 2021, 6, 1200},
      {"500235001", 2021, 6, 900},
      {"500235101", 2020, 6, 1150},
      {"500235101", 2021, 3, 1000},
  };
  f.births = {
      {"500235101", 2015, 0, 1300},
      {"500235001", 2016, 2, 80},
      {"500235001", 2016, 1, 75},
  };
  f.data_values = {
      {"fiscal_education_share", "500235", 2021, 4.25, "%", "统计公报", ""},
      {"edu_years", "500235", 2020, 9.5, "年", "人口普查", "第七次人口普查"},
      {"fiscal_education_share", "500235", 2020, 4.0, "%", "统计公报", "决算数"},
  };
  return f;
}

// Writes the whole fixture (parents before children).
inline Status PutCountyFixture(model::Store& s, const CountyFixture& f) {
  ZJ_RETURN_IF_ERROR(s.PutAdminUnits(f.admin_units));
  ZJ_RETURN_IF_ERROR(s.PutSchools(f.schools));
  ZJ_RETURN_IF_ERROR(s.PutFacilities(f.facilities));
  ZJ_RETURN_IF_ERROR(s.PutClasses(f.classes));
  ZJ_RETURN_IF_ERROR(s.PutStudents(f.students));
  ZJ_RETURN_IF_ERROR(s.PutEnrolments(f.enrolments));
  ZJ_RETURN_IF_ERROR(s.PutHealthRecords(f.health));
  ZJ_RETURN_IF_ERROR(s.PutTeachers(f.teachers));
  ZJ_RETURN_IF_ERROR(s.PutTeacherYears(f.teacher_years));
  ZJ_RETURN_IF_ERROR(s.PutPopulation(f.population));
  ZJ_RETURN_IF_ERROR(s.PutBirths(f.births));
  ZJ_RETURN_IF_ERROR(s.PutDataValues(f.data_values));
  return Status::Ok();
}

// Everything a store holds, as text: used to check that a failed write changed nothing.
inline std::vector<std::string> DumpAll(model::Store& s, const std::vector<int>& years) {
  std::vector<std::string> out;
  auto add = [&](const auto& result) {
    if (!result.ok()) {
      out.push_back("ERROR " + result.status().ToString());
      return;
    }
    for (auto& line : D(*result)) out.push_back(line);
  };
  auto info = s.GetInfo();
  out.push_back(info.ok() ? D(*info) : "ERROR " + info.status().ToString());
  auto counts = s.Counts();
  out.push_back(counts.ok() ? D(*counts) : "ERROR " + counts.status().ToString());
  add(s.ListAdminUnits());
  add(s.ListSchools());
  add(s.ListStudents(0));
  add(s.ListTeachers());
  add(s.ListPopulation(0));
  add(s.ListBirths());
  add(s.ListDataValues(""));
  auto y = s.ListYears();
  if (y.ok()) {
    for (int year : *y) out.push_back("year " + std::to_string(year));
  }
  for (int year : years) {
    add(s.ListFacilities(year));
    add(s.ListClasses(year));
    add(s.ListEnrolments(year));
    add(s.ListHealthRecords(year));
    add(s.ListTeacherYears(year));
    add(s.ListStudents(year));
  }
  return out;
}

inline const std::vector<int> kFixtureYears = {2019, 2020, 2021, 2022, 2023, 2024};

}  // namespace zj::storage::testing
