// In-memory import journal over any Store (see zj/io/memory_import_log.h).
#include "zj/io/memory_import_log.h"

#include <algorithm>

#include "zj/common/school_year.h"

namespace zj::io {
namespace {

class MemoryImportLog final : public model::ImportLog {
 public:
  explicit MemoryImportLog(model::Store& store) : store_(store) {}

  Result<int64_t> AddImport(const model::ImportRecord& r) override {
    model::ImportRecord copy = r;
    copy.id = static_cast<int64_t>(runs_.size()) + 1;
    runs_.push_back(copy);
    changes_.emplace_back();
    return copy.id;
  }
  Status UpdateImport(const model::ImportRecord& r) override {
    if (r.id < 1 || r.id > static_cast<int64_t>(runs_.size())) {
      return Status::NotFound("没有编号为 " + std::to_string(r.id) + " 的导入记录");
    }
    runs_[static_cast<size_t>(r.id - 1)] = r;
    return Status::Ok();
  }
  Status AddChanges(int64_t id, const std::vector<model::ImportChange>& c) override {
    if (id < 1 || id > static_cast<int64_t>(runs_.size()))
      return Status::NotFound("导入记录不存在");
    auto& v = changes_[static_cast<size_t>(id - 1)];
    v.insert(v.end(), c.begin(), c.end());
    return Status::Ok();
  }
  Result<std::vector<model::ImportRecord>> ListImports() override { return runs_; }
  Result<std::optional<model::ImportRecord>> GetImport(int64_t id) override {
    if (id < 1 || id > static_cast<int64_t>(runs_.size())) {
      return std::optional<model::ImportRecord>();
    }
    return std::optional<model::ImportRecord>(runs_[static_cast<size_t>(id - 1)]);
  }
  Result<std::vector<model::ImportChange>> ListChanges(int64_t id) override {
    if (id < 1 || id > static_cast<int64_t>(runs_.size())) {
      return std::vector<model::ImportChange>();
    }
    return changes_[static_cast<size_t>(id - 1)];
  }
  Status DeleteRow(const std::string&, const std::string&) override {
    return Status::FailedPrecondition("内存数据库不支持撤销导入");
  }
  Result<int64_t> MaxId(const std::string& table) override {
    int64_t max = 0;
    if (table == "student") {
      ZJ_ASSIGN_OR_RETURN(auto students, store_.ListStudents(0));
      for (const auto& s : students) max = std::max(max, s.id);
      return max;
    }
    if (table == "class") {
      for (int y = kFirstSchoolYear; y <= kLastSchoolYear; ++y) {
        ZJ_ASSIGN_OR_RETURN(auto classes, store_.ListClasses(y));
        for (const auto& c : classes) max = std::max(max, c.id);
      }
      return max;
    }
    return Status::InvalidArgument("没有自增编号的表：" + table);
  }
  Result<std::optional<model::Enrolment>> FindEnrolment(int year, int64_t student_id) override {
    ZJ_ASSIGN_OR_RETURN(auto rows, store_.ListEnrolments(year));
    for (auto& e : rows) {
      if (e.student_id == student_id) return std::optional<model::Enrolment>(std::move(e));
    }
    return std::optional<model::Enrolment>();
  }
  Status ForEachStudentIdNumber(const std::function<void(std::string_view)>& fn) override {
    ZJ_ASSIGN_OR_RETURN(auto students, store_.ListStudents(0));
    for (const auto& s : students) fn(s.id_number);
    return Status::Ok();
  }

 private:
  model::Store& store_;
  std::vector<model::ImportRecord> runs_;
  std::vector<std::vector<model::ImportChange>> changes_;
};

}  // namespace

std::unique_ptr<model::ImportLog> NewMemoryImportLog(model::Store& store) {
  return std::make_unique<MemoryImportLog>(store);
}

}  // namespace zj::io
