// Test fixtures for the indicator engine: a compact JSON description of a tiny county (units,
// schools, groups of identical students/teachers, classes, facilities, population, births, data
// values) expanded into a RecordSet. Format: tests/engine/cases/README.md. Header-only because
// tests/<module>/ compiles only *_test.cc files.
#pragma once

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "zj/common/status.h"
#include "zj/engine/snapshot.h"

namespace zj::engine::testing {

inline Result<nlohmann::json> ReadJsonFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Status::NotFound("cannot open " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  auto j = nlohmann::json::parse(ss.str(), nullptr, false);
  if (j.is_discarded()) return Status::InvalidArgument("bad JSON in " + path);
  return j;
}

inline Result<model::AdminLevel> LevelOf(const std::string& s) {
  if (s == "province") return model::AdminLevel::kProvince;
  if (s == "city") return model::AdminLevel::kCity;
  if (s == "county") return model::AdminLevel::kCounty;
  if (s == "township") return model::AdminLevel::kTownship;
  if (s == "village") return model::AdminLevel::kVillage;
  return Status::InvalidArgument("bad level " + s);
}

// Birth date giving `age` completed years on 31 August of `year`.
inline Date BirthForAge(int year, int age) { return Date{year - age - 1, 12, 1}; }

inline Result<RecordSet> RecordsFromFixture(const nlohmann::json& f) {
  using nlohmann::json;
  RecordSet r;
  try {
    for (const auto& u : f.value("units", json::array())) {
      model::AdminUnit au;
      au.code = u.at(0).get<std::string>();
      au.name = u.at(1).get<std::string>();
      ZJ_ASSIGN_OR_RETURN(au.level, LevelOf(u.at(2).get<std::string>()));
      au.parent_code = u.at(3).get<std::string>();
      r.admin_units.push_back(au);
    }
    for (const auto& s : f.value("schools", json::array())) {
      model::School sc;
      sc.code = s.at("code").get<std::string>();
      sc.name = s.value("name", sc.code);
      sc.type_code = s.at("type").get<int>();
      sc.township_code = s.at("township").get<std::string>();
      sc.is_public = s.value("public", true);
      sc.inclusive = s.value("inclusive", false);
      std::string rating = s.value("rating", "none");
      sc.rating = rating == "first"    ? model::KindergartenRating::kFirst
                  : rating == "second" ? model::KindergartenRating::kSecond
                  : rating == "third"  ? model::KindergartenRating::kThird
                                       : model::KindergartenRating::kNone;
      sc.urban_rural = s.value("urban_rural", 0);
      sc.opened_year = s.value("opened", 0);
      sc.closed_year = s.value("closed", 0);
      r.schools.push_back(sc);
    }
    for (const auto& c : f.value("classes", json::array())) {
      model::Class cl;
      cl.id = c.at("id").get<int64_t>();
      cl.school_code = c.at("school").get<std::string>();
      cl.year = c.at("year").get<int>();
      auto st = model::ParseStage(c.at("stage").get<std::string>());
      if (!st) return Status::InvalidArgument("bad stage in class");
      cl.stage = *st;
      cl.grade = c.value("grade", 1);
      r.classes.push_back(cl);
    }
    int64_t next_student = 1;
    for (const auto& g : f.value("students", json::array())) {
      int n = g.at("n").get<int>();
      int year = g.at("year").get<int>();
      auto st = model::ParseStage(g.at("stage").get<std::string>());
      auto status = model::ParseEnrolmentStatus(g.value("status", "enrolled"));
      if (!st || !status) return Status::InvalidArgument("bad stage/status in students");
      for (int i = 0; i < n; ++i) {
        model::Student s;
        s.id = next_student++;
        s.name = "学生" + std::to_string(s.id);
        s.birth_date = BirthForAge(year, g.value("age", 8));
        s.disability = g.value("disability", 0);
        s.migrant = g.value("migrant", false);
        s.gender =
            g.value("gender", "male") == "female" ? model::Gender::kFemale : model::Gender::kMale;
        r.students.push_back(s);
        model::Enrolment e;
        e.student_id = s.id;
        e.year = year;
        e.school_code = g.at("school").get<std::string>();
        e.class_id = g.value("class", 0);
        e.stage = *st;
        e.grade = g.value("grade", 1);
        e.status = *status;
        r.enrolments.push_back(e);
        if (g.contains("health")) {
          const auto& h = g["health"];
          model::HealthRecord hr;
          hr.student_id = s.id;
          hr.year = year;
          hr.exam_done = h.value("exam", false);
          if (h.contains("myopia")) hr.myopia = h["myopia"].get<bool>();
          if (h.contains("fitness")) hr.fitness_score = h["fitness"].get<double>();
          r.health_records.push_back(hr);
        }
      }
    }
    int next_teacher = 1;
    for (const auto& g : f.value("teachers", json::array())) {
      int n = g.at("n").get<int>();
      int year = g.at("year").get<int>();
      auto st = model::ParseStage(g.at("stage").get<std::string>());
      if (!st) return Status::InvalidArgument("bad stage in teachers");
      std::string backbone = g.value("backbone", "none");
      for (int i = 0; i < n; ++i) {
        model::Teacher t;
        t.id = "T" + std::to_string(next_teacher++);
        t.birth_date = BirthForAge(year, g.value("age", 40));
        r.teachers.push_back(t);
        model::TeacherYear ty;
        ty.teacher_id = t.id;
        ty.year = year;
        ty.school_code = g.at("school").get<std::string>();
        ty.full_time = g.value("full_time", true);
        ty.stage = *st;
        ty.subjects = model::ParseSubjects(g.value("subjects", "语文"));
        ty.education = g.value("education", 21);
        ty.backbone = backbone == "school"     ? model::BackboneLevel::kSchool
                      : backbone == "county"   ? model::BackboneLevel::kCounty
                      : backbone == "city"     ? model::BackboneLevel::kCity
                      : backbone == "national" ? model::BackboneLevel::kNational
                                               : model::BackboneLevel::kNone;
        ty.master_teacher = g.value("master", false);
        ty.dual_qualified = g.value("dual", false);
        ty.certified = g.value("certified", true);
        ty.cadre = g.value("cadre", false);
        ty.training_hours = g.value("training_hours", 0.0);
        r.teacher_years.push_back(ty);
      }
    }
    for (const auto& x : f.value("facilities", json::array())) {
      model::Facility fa;
      fa.school_code = x.at("school").get<std::string>();
      fa.year = x.at("year").get<int>();
      fa.teaching_area_m2 = x.value("teaching_area_m2", 0.0);
      fa.sports_area_m2 = x.value("sports_area_m2", 0.0);
      fa.equipment_value_yuan = x.value("equipment_value_yuan", 0.0);
      fa.multimedia_rooms = x.value("multimedia_rooms", 0);
      fa.computers = x.value("computers", 0);
      fa.books = x.value("books", 0);
      fa.interactive_terminals = x.value("interactive_terminals", 0);
      r.facilities.push_back(fa);
    }
    for (const auto& p : f.value("population", json::array())) {
      auto ages = p.at("ages");
      for (int a = ages.at(0).get<int>(); a <= ages.at(1).get<int>(); ++a) {
        r.population.push_back({p.at("unit").get<std::string>(), p.at("year").get<int>(), a,
                                p.at("count_each").get<int64_t>()});
      }
    }
    for (const auto& b : f.value("births", json::array())) {
      r.births.push_back({b.at("unit").get<std::string>(), b.at("year").get<int>(),
                          b.value("month", 0), b.at("count").get<int64_t>()});
    }
    for (const auto& d : f.value("data", json::array())) {
      model::DataValue dv;
      dv.code = d.at("code").get<std::string>();
      dv.unit_code = d.at("unit").get<std::string>();
      dv.year = d.at("year").get<int>();
      dv.value = d.at("value").get<double>();
      dv.source = d.value("source", "test");
      r.data_values.push_back(dv);
    }
  } catch (const std::exception& e) {
    return Status::InvalidArgument(std::string("bad fixture: ") + e.what());
  }
  return r;
}

}  // namespace zj::engine::testing
