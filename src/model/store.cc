// Base versions of the Store's lean scans, built on the List* reads (see store.h).
#include "zj/model/store.h"

namespace zj::model {

Status Store::ScanEnrolments(int year, const std::function<void(const EnrolmentFacts&)>& fn) {
  ZJ_ASSIGN_OR_RETURN(std::vector<Enrolment> rows, ListEnrolments(year));
  for (const Enrolment& r : rows) {
    fn(EnrolmentFacts{r.student_id, r.school_code, r.class_id, r.stage, r.grade, r.status});
  }
  return Status::Ok();
}

Status Store::ScanStudents(int year, const std::function<void(const StudentFacts&)>& fn) {
  ZJ_ASSIGN_OR_RETURN(std::vector<Student> rows, ListStudents(year));
  for (const Student& r : rows) {
    fn(StudentFacts{r.id, r.gender, r.birth_date, r.migrant, r.left_behind, r.disability});
  }
  return Status::Ok();
}

}  // namespace zj::model
