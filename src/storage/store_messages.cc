// Wording of the record-level errors both stores return (see store_messages.h).
#include "store_messages.h"

namespace zj::storage::internal {
namespace {
std::string Year(int year) { return std::to_string(year) + "学年"; }
}  // namespace

std::string Describe(const model::Facility& r) {
  return "设施记录（学校 " + r.school_code + "，" + Year(r.year) + "）";
}
std::string Describe(const model::Class& r) {
  return "班级记录（班级 " + std::to_string(r.id) + "，学校 " + r.school_code + "，" +
         Year(r.year) + "）";
}
std::string Describe(const model::Enrolment& r) {
  return "学籍记录（学生 " + std::to_string(r.student_id) + "，" + Year(r.year) + "）";
}
std::string Describe(const model::HealthRecord& r) {
  return "健康记录（学生 " + std::to_string(r.student_id) + "，" + Year(r.year) + "）";
}
std::string Describe(const model::TeacherYear& r) {
  return "教师任职记录（教师 " + r.teacher_id + "，" + Year(r.year) + "）";
}

Status MissingSchool(const std::string& record, const std::string& school_code) {
  return Status::InvalidArgument(record + "引用的学校 " + school_code + " 不存在");
}
Status MissingStudent(const std::string& record, int64_t student_id) {
  return Status::InvalidArgument(record + "引用的学生 " + std::to_string(student_id) + " 不存在");
}
Status MissingTeacher(const std::string& record, const std::string& teacher_id) {
  return Status::InvalidArgument(record + "引用的教师 " + teacher_id + " 不存在");
}

Status ReadOnlyError() {
  return Status::FailedPrecondition("数据库以只读方式打开，不能写入 (store is read-only)");
}
Status NestedTransactionError() {
  return Status::FailedPrecondition("事务不能嵌套 (transactions do not nest)");
}

}  // namespace zj::storage::internal
