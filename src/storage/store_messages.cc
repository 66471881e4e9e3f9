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

Status MissingTask(const std::string& record, const std::string& task_id) {
  return Status::InvalidArgument(record + "引用的任务 " + task_id + " 不存在");
}

Status CheckTask(const model::Task& r) {
  if (r.id.empty()) return Status::InvalidArgument("任务编号不能为空");
  if (r.title.empty()) return Status::InvalidArgument("任务 " + r.id + " 的名称不能为空");
  if (r.unit_code.empty()) return Status::InvalidArgument("任务 " + r.id + " 缺少责任单位");
  if (!r.due_date.valid()) return Status::InvalidArgument("任务 " + r.id + " 缺少完成期限");
  if (r.start_date.valid() && r.start_date > r.due_date) {
    return Status::InvalidArgument("任务 " + r.id + " 的开始日期晚于完成期限");
  }
  if (r.planned_quantity < 0) return Status::InvalidArgument("任务 " + r.id + " 的计划数量为负");
  return Status::Ok();
}

Status CheckMilestone(const model::Milestone& r) {
  const std::string what = "任务 " + r.task_id + " 的节点 " + std::to_string(r.seq);
  if (r.seq < 1) return Status::InvalidArgument(what + "：序号须为正整数");
  if (r.title.empty()) return Status::InvalidArgument(what + "：名称不能为空");
  if (!r.due_date.valid()) return Status::InvalidArgument(what + "：缺少到期日期");
  return Status::Ok();
}

Status CheckProgress(const model::TaskProgress& r) {
  const std::string what = "任务 " + r.task_id + " 的进展 " + std::to_string(r.seq);
  if (r.seq < 1) return Status::InvalidArgument(what + "：序号须为正整数");
  if (!r.report_date.valid()) return Status::InvalidArgument(what + "：缺少报告日期");
  if (!(r.percent >= 0 && r.percent <= 100)) {
    return Status::InvalidArgument(what + "：完成百分比须在 0–100 之间");
  }
  if (r.quantity < 0) return Status::InvalidArgument(what + "：完成数量为负");
  return Status::Ok();
}

Status CheckEvidence(const model::Evidence& r) {
  if (r.id.empty()) return Status::InvalidArgument("佐证材料编号不能为空");
  if (r.file_name.empty()) return Status::InvalidArgument("佐证材料 " + r.id + " 缺少文件名");
  if (r.size < 0) return Status::InvalidArgument("佐证材料 " + r.id + " 的大小为负");
  return Status::Ok();
}

Status ReadOnlyError() {
  return Status::FailedPrecondition("数据库以只读方式打开，不能写入 (store is read-only)");
}
Status NestedTransactionError() {
  return Status::FailedPrecondition("事务不能嵌套 (transactions do not nest)");
}

}  // namespace zj::storage::internal
