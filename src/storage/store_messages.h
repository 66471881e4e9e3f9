// Messages shared by SqliteStore and MemoryStore (internal to storage), so that both stores name a
// bad record in exactly the same words.
#pragma once

#include <cstdint>
#include <string>

#include "zj/common/status.h"
#include "zj/model/records.h"

namespace zj::storage::internal {

// "设施记录（学校 5001234567，2020学年）" …
std::string Describe(const model::Facility& r);
std::string Describe(const model::Class& r);
std::string Describe(const model::Enrolment& r);
std::string Describe(const model::HealthRecord& r);
std::string Describe(const model::TeacherYear& r);

// kInvalidArgument: "<record>引用的学校 X 不存在" …
Status MissingSchool(const std::string& record, const std::string& school_code);
Status MissingStudent(const std::string& record, int64_t student_id);
Status MissingTeacher(const std::string& record, const std::string& teacher_id);
Status MissingTask(const std::string& record, const std::string& task_id);
// Field checks of ledger records shared by both stores; Ok or kInvalidArgument.
Status CheckTask(const model::Task& r);
Status CheckMilestone(const model::Milestone& r);
Status CheckProgress(const model::TaskProgress& r);
Status CheckEvidence(const model::Evidence& r);

Status ReadOnlyError();
Status NestedTransactionError();

}  // namespace zj::storage::internal
