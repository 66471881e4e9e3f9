// MemoryStore: the Store contract over ordered maps (see memory_store.h). Reference checks mirror
// the SQLite foreign keys and use the same messages (store_messages.h).
#include "zj/storage/memory_store.h"

#include <algorithm>
#include <limits>
#include <tuple>

#include "store_messages.h"
#include "zj/storage/sqlite_store.h"

namespace zj::storage {

namespace {
constexpr int64_t kMinId = std::numeric_limits<int64_t>::min();
constexpr int kMinInt = std::numeric_limits<int>::min();
}  // namespace

MemoryStore::MemoryStore() = default;
MemoryStore::~MemoryStore() = default;

template <typename Map>
Map& MemoryStore::Mutable(Table<Map>& t) {
  if (in_transaction_ && !t.saved) t.saved = t.rows;
  return t.rows;
}

template <typename F>
void MemoryStore::ForEachTable(F f) {
  f(info_);
  f(admin_units_);
  f(schools_);
  f(facilities_);
  f(classes_);
  f(students_);
  f(enrolments_);
  f(health_);
  f(teachers_);
  f(teacher_years_);
  f(population_);
  f(births_);
  f(map_layers_);
  f(data_values_);
  f(tasks_);
  f(milestones_);
  f(progress_);
  f(evidence_);
  f(plans_);
}

Status MemoryStore::Fail(Status s) {
  if (in_transaction_ && transaction_error_.ok()) transaction_error_ = s;
  return s;
}

// ---- metadata -----------------------------------------------------------------------------------

Result<model::DatabaseInfo> MemoryStore::GetInfo() {
  model::DatabaseInfo info = info_.rows;
  info.schema_version = CurrentSchemaVersion();
  return info;
}

Status MemoryStore::SetInfo(const model::DatabaseInfo& info) {
  model::DatabaseInfo& m = Mutable(info_);
  m = info;
  m.schema_version = 0;  // managed: reported by GetInfo
  return Status::Ok();
}

// ---- transactions -------------------------------------------------------------------------------

Status MemoryStore::RunInTransaction(const std::function<Status()>& fn) {
  if (in_transaction_) return internal::NestedTransactionError();
  in_transaction_ = true;
  transaction_error_ = Status::Ok();
  auto finish = [this](bool commit) {
    in_transaction_ = false;
    ForEachTable([commit](auto& t) {
      if (t.saved && !commit) t.rows = std::move(*t.saved);
      t.saved.reset();
    });
  };
  Status s;
  try {
    s = fn();
  } catch (...) {
    finish(false);
    throw;
  }
  if (s.ok()) s = transaction_error_;
  transaction_error_ = Status::Ok();
  finish(s.ok());
  return s;
}

// ---- writes -------------------------------------------------------------------------------------

Status MemoryStore::PutAdminUnits(const std::vector<model::AdminUnit>& v) {
  auto& m = Mutable(admin_units_);
  for (const auto& r : v) m.insert_or_assign(r.code, r);
  return Status::Ok();
}

Status MemoryStore::PutSchools(const std::vector<model::School>& v) {
  auto& m = Mutable(schools_);
  for (const auto& r : v) m.insert_or_assign(r.code, r);
  return Status::Ok();
}

Status MemoryStore::PutFacilities(const std::vector<model::Facility>& v) {
  for (const auto& r : v) {
    if (!schools_.rows.contains(r.school_code)) {
      return Fail(internal::MissingSchool(internal::Describe(r), r.school_code));
    }
  }
  auto& m = Mutable(facilities_);
  for (const auto& r : v) m.insert_or_assign({r.year, r.school_code}, r);
  return Status::Ok();
}

Status MemoryStore::PutClasses(const std::vector<model::Class>& v) {
  for (const auto& r : v) {
    if (!schools_.rows.contains(r.school_code)) {
      return Fail(internal::MissingSchool(internal::Describe(r), r.school_code));
    }
  }
  auto& m = Mutable(classes_);
  for (const auto& r : v) m.insert_or_assign(r.id, r);
  return Status::Ok();
}

Status MemoryStore::PutStudents(const std::vector<model::Student>& v) {
  auto& m = Mutable(students_);
  for (const auto& r : v) m.insert_or_assign(r.id, r);
  return Status::Ok();
}

Status MemoryStore::PutEnrolments(const std::vector<model::Enrolment>& v) {
  for (const auto& r : v) {
    if (!students_.rows.contains(r.student_id)) {
      return Fail(internal::MissingStudent(internal::Describe(r), r.student_id));
    }
    if (!schools_.rows.contains(r.school_code)) {
      return Fail(internal::MissingSchool(internal::Describe(r), r.school_code));
    }
  }
  auto& m = Mutable(enrolments_);
  for (const auto& r : v) m.insert_or_assign({r.year, r.student_id}, r);
  return Status::Ok();
}

Status MemoryStore::PutHealthRecords(const std::vector<model::HealthRecord>& v) {
  for (const auto& r : v) {
    if (!students_.rows.contains(r.student_id)) {
      return Fail(internal::MissingStudent(internal::Describe(r), r.student_id));
    }
  }
  auto& m = Mutable(health_);
  for (const auto& r : v) m.insert_or_assign({r.year, r.student_id}, r);
  return Status::Ok();
}

Status MemoryStore::PutTeachers(const std::vector<model::Teacher>& v) {
  auto& m = Mutable(teachers_);
  for (const auto& r : v) m.insert_or_assign(r.id, r);
  return Status::Ok();
}

Status MemoryStore::PutTeacherYears(const std::vector<model::TeacherYear>& v) {
  for (const auto& r : v) {
    if (!teachers_.rows.contains(r.teacher_id)) {
      return Fail(internal::MissingTeacher(internal::Describe(r), r.teacher_id));
    }
    if (!schools_.rows.contains(r.school_code)) {
      return Fail(internal::MissingSchool(internal::Describe(r), r.school_code));
    }
  }
  auto& m = Mutable(teacher_years_);
  for (const auto& r : v) m.insert_or_assign({r.year, r.teacher_id}, r);
  return Status::Ok();
}

Status MemoryStore::PutPopulation(const std::vector<model::PopulationCount>& v) {
  auto& m = Mutable(population_);
  for (const auto& r : v) m.insert_or_assign({r.township_code, r.year, r.age}, r);
  return Status::Ok();
}

Status MemoryStore::PutBirths(const std::vector<model::BirthCount>& v) {
  auto& m = Mutable(births_);
  for (const auto& r : v) m.insert_or_assign({r.township_code, r.year, r.month}, r);
  return Status::Ok();
}

Status MemoryStore::PutDataValues(const std::vector<model::DataValue>& v) {
  auto& m = Mutable(data_values_);
  for (const auto& r : v) m.insert_or_assign({r.code, r.unit_code, r.year}, r);
  return Status::Ok();
}

Status MemoryStore::PutTasks(const std::vector<model::Task>& v) {
  for (const auto& r : v) {
    if (Status s = internal::CheckTask(r); !s.ok()) return Fail(s);
  }
  auto& m = Mutable(tasks_);
  for (const auto& r : v) m.insert_or_assign(r.id, r);
  return Status::Ok();
}

Status MemoryStore::PutMilestones(const std::vector<model::Milestone>& v) {
  for (const auto& r : v) {
    if (Status s = internal::CheckMilestone(r); !s.ok()) return Fail(s);
    if (!tasks_.rows.contains(r.task_id)) {
      return Fail(internal::MissingTask("节点 " + std::to_string(r.seq), r.task_id));
    }
  }
  auto& m = Mutable(milestones_);
  for (const auto& r : v) m.insert_or_assign({r.task_id, r.seq}, r);
  return Status::Ok();
}

Status MemoryStore::PutTaskProgress(const std::vector<model::TaskProgress>& v) {
  for (const auto& r : v) {
    if (Status s = internal::CheckProgress(r); !s.ok()) return Fail(s);
    if (!tasks_.rows.contains(r.task_id)) {
      return Fail(internal::MissingTask("进展 " + std::to_string(r.seq), r.task_id));
    }
  }
  auto& m = Mutable(progress_);
  for (const auto& r : v) m.insert_or_assign({r.task_id, r.seq}, r);
  return Status::Ok();
}

Status MemoryStore::PutEvidence(const std::vector<model::Evidence>& v) {
  for (const auto& r : v) {
    if (Status s = internal::CheckEvidence(r); !s.ok()) return Fail(s);
    if (!progress_.rows.contains({r.task_id, r.progress_seq})) {
      return Fail(internal::MissingTask(
          "佐证材料 " + r.file_name + "（进展 " + std::to_string(r.progress_seq) + "）",
          r.task_id));
    }
  }
  auto& m = Mutable(evidence_);
  for (const auto& r : v) m.insert_or_assign(r.id, r);
  return Status::Ok();
}

// ---- reads --------------------------------------------------------------------------------------

namespace {
template <typename Map>
auto Values(const Map& m) {
  std::vector<typename Map::mapped_type> out;
  out.reserve(m.size());
  for (const auto& [key, value] : m) out.push_back(value);
  return out;
}

// Values of a map keyed (year, …) whose key year is `year`.
template <typename Map, typename MinRest>
auto ValuesOfYear(const Map& m, int year, MinRest min_rest) {
  std::vector<typename Map::mapped_type> out;
  for (auto it = m.lower_bound({year, min_rest}); it != m.end() && it->first.first == year; ++it) {
    out.push_back(it->second);
  }
  return out;
}
}  // namespace

Result<std::vector<model::AdminUnit>> MemoryStore::ListAdminUnits() {
  return Values(admin_units_.rows);
}

Result<std::vector<model::School>> MemoryStore::ListSchools() { return Values(schools_.rows); }

Result<std::optional<model::School>> MemoryStore::GetSchool(const std::string& code) {
  auto it = schools_.rows.find(code);
  if (it == schools_.rows.end()) return std::optional<model::School>();
  return std::optional<model::School>(it->second);
}

Result<std::vector<model::Facility>> MemoryStore::ListFacilities(int year) {
  return ValuesOfYear(facilities_.rows, year, std::string());
}

Result<std::vector<model::Class>> MemoryStore::ListClasses(int year) {
  std::vector<model::Class> out;
  for (const auto& [id, c] : classes_.rows) {
    if (c.year == year) out.push_back(c);
  }
  return out;
}

Result<std::vector<model::Student>> MemoryStore::ListStudents(int year) {
  if (year == 0) return Values(students_.rows);
  std::vector<model::Student> out;
  const auto& m = enrolments_.rows;
  for (auto it = m.lower_bound({year, kMinId}); it != m.end() && it->first.first == year; ++it) {
    out.push_back(students_.rows.at(it->first.second));  // present: enrolments are checked
  }
  return out;
}

Result<std::optional<model::Student>> MemoryStore::FindStudentByIdNumber(
    const std::string& id_number) {
  for (const auto& [id, s] : students_.rows) {
    if (s.id_number == id_number) return std::optional<model::Student>(s);
  }
  return std::optional<model::Student>();
}

Result<std::vector<model::Enrolment>> MemoryStore::ListEnrolments(int year) {
  return ValuesOfYear(enrolments_.rows, year, kMinId);
}

Result<std::vector<model::HealthRecord>> MemoryStore::ListHealthRecords(int year) {
  return ValuesOfYear(health_.rows, year, kMinId);
}

Result<std::vector<model::Teacher>> MemoryStore::ListTeachers() { return Values(teachers_.rows); }

Result<std::vector<model::TeacherYear>> MemoryStore::ListTeacherYears(int year) {
  return ValuesOfYear(teacher_years_.rows, year, std::string());
}

Result<std::vector<model::PopulationCount>> MemoryStore::ListPopulation(int year) {
  std::vector<model::PopulationCount> out;
  for (const auto& [key, p] : population_.rows) {
    if (year == 0 || p.year == year) out.push_back(p);
  }
  return out;
}

Result<std::vector<model::BirthCount>> MemoryStore::ListBirths() { return Values(births_.rows); }

Status MemoryStore::PutMapLayer(const model::MapLayer& layer) {
  Mutable(map_layers_).insert_or_assign(layer.name, layer);
  return Status::Ok();
}

Result<std::optional<model::MapLayer>> MemoryStore::GetMapLayer(const std::string& name) {
  auto it = map_layers_.rows.find(name);
  if (it == map_layers_.rows.end()) return std::optional<model::MapLayer>();
  return std::optional<model::MapLayer>(it->second);
}

Status MemoryStore::DeleteMapLayer(const std::string& name) {
  Mutable(map_layers_).erase(name);
  return Status::Ok();
}

Result<std::vector<model::DataValue>> MemoryStore::ListDataValues(const std::string& code) {
  if (code.empty()) return Values(data_values_.rows);
  std::vector<model::DataValue> out;
  const auto& m = data_values_.rows;
  for (auto it = m.lower_bound({code, std::string(), kMinInt});
       it != m.end() && std::get<0>(it->first) == code; ++it) {
    out.push_back(it->second);
  }
  return out;
}

Result<std::vector<model::Task>> MemoryStore::ListTasks() { return Values(tasks_.rows); }

Result<std::optional<model::Task>> MemoryStore::GetTask(const std::string& id) {
  auto it = tasks_.rows.find(id);
  if (it == tasks_.rows.end()) return std::optional<model::Task>();
  return std::optional<model::Task>(it->second);
}

namespace {
// Values of a map keyed (task, seq) for one task, or all when task_id is empty.
template <typename Map>
auto ValuesOfTask(const Map& m, const std::string& task_id) {
  if (task_id.empty()) return Values(m);
  std::vector<typename Map::mapped_type> out;
  for (auto it = m.lower_bound({task_id, kMinInt}); it != m.end() && it->first.first == task_id;
       ++it) {
    out.push_back(it->second);
  }
  return out;
}
}  // namespace

Result<std::vector<model::Milestone>> MemoryStore::ListMilestones(const std::string& task_id) {
  return ValuesOfTask(milestones_.rows, task_id);
}

Result<std::vector<model::TaskProgress>> MemoryStore::ListTaskProgress(const std::string& task_id) {
  return ValuesOfTask(progress_.rows, task_id);
}

// Ordered by (task, progress seq, id) like SQLite's index order.
Result<std::vector<model::Evidence>> MemoryStore::ListEvidence(const std::string& task_id) {
  std::vector<model::Evidence> out;
  for (const auto& [id, e] : evidence_.rows) {
    if (task_id.empty() || e.task_id == task_id) out.push_back(e);
  }
  std::sort(out.begin(), out.end(), [](const model::Evidence& a, const model::Evidence& b) {
    return std::tie(a.task_id, a.progress_seq, a.id) < std::tie(b.task_id, b.progress_seq, b.id);
  });
  return out;
}

// ---- plans --------------------------------------------------------------------------------------

Status MemoryStore::PutPlan(const model::StoredPlan& plan) {
  auto& m = Mutable(plans_);
  if (!m.emplace(std::pair{plan.id, plan.version}, plan).second) {
    return Fail(Status::AlreadyExists("规划 " + plan.id + " 的版本 " +
                                      std::to_string(plan.version) + " 已存在"));
  }
  return Status::Ok();
}

Result<std::vector<model::StoredPlan>> MemoryStore::ListPlans() {
  std::vector<model::StoredPlan> out;
  for (const auto& [key, p] : plans_.rows) {
    if (!out.empty() && out.back().id == p.id) {
      out.back() = p;  // a higher version of the same id (the map is ordered by (id, version))
    } else {
      out.push_back(p);
    }
  }
  return out;
}

Result<std::optional<model::StoredPlan>> MemoryStore::GetPlan(const std::string& id) {
  auto it = plans_.rows.lower_bound({id, std::numeric_limits<int>::max()});
  if (it == plans_.rows.begin()) return std::optional<model::StoredPlan>();
  --it;
  if (it->first.first != id) return std::optional<model::StoredPlan>();
  return std::optional<model::StoredPlan>(it->second);
}

Status MemoryStore::DeletePlan(const std::string& id) {
  auto& m = Mutable(plans_);
  auto first = m.lower_bound({id, kMinInt});
  auto last = m.lower_bound({id, std::numeric_limits<int>::max()});
  if (last != m.end() && last->first.first == id) ++last;
  if (first == last) return Fail(Status::NotFound("没有规划：" + id));
  m.erase(first, last);
  return Status::Ok();
}

Result<std::vector<int>> MemoryStore::ListYears() {
  std::vector<int> out;
  const auto& m = enrolments_.rows;
  for (auto it = m.begin(); it != m.end(); it = m.lower_bound({it->first.first + 1, kMinId})) {
    out.push_back(it->first.first);
  }
  return out;
}

Result<int64_t> MemoryStore::CountEnrolments(int year) {
  const auto& m = enrolments_.rows;
  return static_cast<int64_t>(
      std::distance(m.lower_bound({year, kMinId}), m.lower_bound({year + 1, kMinId})));
}

Result<model::StoreCounts> MemoryStore::Counts() {
  auto n = [](const auto& t) { return static_cast<int64_t>(t.rows.size()); };
  model::StoreCounts c;
  c.admin_units = n(admin_units_);
  c.schools = n(schools_);
  c.facilities = n(facilities_);
  c.classes = n(classes_);
  c.students = n(students_);
  c.enrolments = n(enrolments_);
  c.health_records = n(health_);
  c.teachers = n(teachers_);
  c.teacher_years = n(teacher_years_);
  c.population = n(population_);
  c.births = n(births_);
  c.data_values = n(data_values_);
  c.tasks = n(tasks_);
  c.milestones = n(milestones_);
  c.task_progress = n(progress_);
  c.evidence = n(evidence_);
  return c;
}

}  // namespace zj::storage
