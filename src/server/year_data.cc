// Builders of the per-year server caches (see year_data.h).
#include "year_data.h"

#include <algorithm>

namespace zj::server {

Result<ClassNames> BuildClassNames(model::Store& store, int year) {
  ZJ_ASSIGN_OR_RETURN(std::vector<model::Class> classes, store.ListClasses(year));
  ClassNames names;
  for (const model::Class& c : classes) names.emplace(c.id, c.name);
  return names;
}

Result<Roster> BuildRoster(model::Store& store, int year) {
  Roster r;
  ZJ_ASSIGN_OR_RETURN(r.students, store.ListStudents(year));
  ZJ_ASSIGN_OR_RETURN(std::vector<model::Enrolment> enrolments, store.ListEnrolments(year));
  ZJ_ASSIGN_OR_RETURN(std::vector<model::Class> classes, store.ListClasses(year));
  ZJ_ASSIGN_OR_RETURN(r.teachers, store.ListTeachers());
  ZJ_ASSIGN_OR_RETURN(std::vector<model::TeacherYear> teacher_years, store.ListTeacherYears(year));
  std::unordered_map<int64_t, int32_t> student_index;
  student_index.reserve(r.students.size());
  for (size_t i = 0; i < r.students.size(); ++i) {
    student_index.emplace(r.students[i].id, static_cast<int32_t>(i));
  }
  for (const model::Enrolment& e : enrolments) {
    auto it = student_index.find(e.student_id);
    if (it == student_index.end()) continue;
    r.students_by_school[e.school_code].push_back({it->second, e});
  }
  // Within a school: by stage, grade, class, then student id.
  for (auto& [code, rows] : r.students_by_school) {
    std::sort(
        rows.begin(), rows.end(), [](const Roster::StudentRow& a, const Roster::StudentRow& b) {
          return std::tie(a.enrolment.stage, a.enrolment.grade, a.enrolment.class_id,
                          a.enrolment.student_id) < std::tie(b.enrolment.stage, b.enrolment.grade,
                                                             b.enrolment.class_id,
                                                             b.enrolment.student_id);
        });
  }
  std::unordered_map<std::string, int32_t> teacher_index;
  for (size_t i = 0; i < r.teachers.size(); ++i) {
    teacher_index.emplace(r.teachers[i].id, static_cast<int32_t>(i));
  }
  for (const model::TeacherYear& t : teacher_years) {
    auto it = teacher_index.find(t.teacher_id);
    r.teachers_by_school[t.school_code].push_back({it == teacher_index.end() ? -1 : it->second, t});
  }
  for (const model::Class& c : classes) r.class_names.emplace(c.id, c.name);
  return r;
}

}  // namespace zj::server
