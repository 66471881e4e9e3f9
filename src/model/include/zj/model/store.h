// The Store interface: persistence of the registries behind one abstraction, with a SQLite
// implementation (zj/storage/sqlite_store.h, the default) and an in-memory one for tests
// (zj/storage/memory_store.h). One shared test suite runs against both.
//
// Contract for every implementation:
// - Put* calls upsert by natural key (school code, class id, student id, (student, year), teacher
//   id, (teacher, year), (township, year, age), (township, year, month), (code, unit, year)).
//   They validate references the implementation can check cheaply (e.g. foreign keys in SQLite)
//   and return kInvalidArgument naming the offending record.
// - RunInTransaction(fn) runs fn; if fn returns non-ok (or a write inside fails) every write made
//   inside is undone and the store is exactly as before. Transactions do not nest.
// - List* return records ordered by their natural key.
// - A Store is used from one thread at a time unless the implementation says otherwise; the
//   server opens one Store per worker thread (SQLite in WAL mode allows concurrent readers).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "zj/common/status.h"
#include "zj/model/accounts.h"
#include "zj/model/records.h"

namespace zj::model {

struct StoreCounts {
  int64_t admin_units = 0, schools = 0, facilities = 0, classes = 0, students = 0, enrolments = 0,
          health_records = 0, teachers = 0, teacher_years = 0, population = 0, births = 0,
          data_values = 0, tasks = 0, milestones = 0, task_progress = 0, evidence = 0;
};

// Lean rows for loading the engine's yearly snapshots: only the columns a snapshot reads. Text
// views point into storage owned by the store and are valid during the callback only.
struct EnrolmentFacts {
  int64_t student_id = 0;
  std::string_view school_code;
  int64_t class_id = 0;
  Stage stage = Stage::kPrimary;
  int grade = 1;
  EnrolmentStatus status = EnrolmentStatus::kEnrolled;
};
struct StudentFacts {
  int64_t id = 0;
  Gender gender = Gender::kUnknown;
  Date birth_date;
  bool migrant = false;
  bool left_behind = false;
  int disability = 0;
};

// An uploaded map layer (GeoJSON text, validated by zj::service::ImportTownshipMap), by name:
// "townships" holds the county's 乡镇 boundaries.
struct MapLayer {
  std::string name;
  std::string geojson;
  int64_t updated_at = 0;  // unix seconds
  std::string updated_by;
};

class Store {
 public:
  virtual ~Store() = default;

  // ---- metadata ----
  virtual Result<DatabaseInfo> GetInfo() = 0;
  virtual Status SetInfo(const DatabaseInfo& info) = 0;  // schema_version is ignored (managed)

  // ---- transactions ----
  virtual Status RunInTransaction(const std::function<Status()>& fn) = 0;

  // ---- writes (upserts) ----
  virtual Status PutAdminUnits(const std::vector<AdminUnit>& v) = 0;
  virtual Status PutSchools(const std::vector<School>& v) = 0;
  virtual Status PutFacilities(const std::vector<Facility>& v) = 0;
  virtual Status PutClasses(const std::vector<Class>& v) = 0;
  virtual Status PutStudents(const std::vector<Student>& v) = 0;
  virtual Status PutEnrolments(const std::vector<Enrolment>& v) = 0;
  virtual Status PutHealthRecords(const std::vector<HealthRecord>& v) = 0;
  virtual Status PutTeachers(const std::vector<Teacher>& v) = 0;
  virtual Status PutTeacherYears(const std::vector<TeacherYear>& v) = 0;
  virtual Status PutPopulation(const std::vector<PopulationCount>& v) = 0;
  virtual Status PutBirths(const std::vector<BirthCount>& v) = 0;
  virtual Status PutDataValues(const std::vector<DataValue>& v) = 0;
  // Work ledger: tasks by id, milestones by (task, seq), progress by (task, seq), evidence by id.
  // Milestones, progress and evidence must reference an existing task (kInvalidArgument).
  virtual Status PutTasks(const std::vector<Task>& v) = 0;
  virtual Status PutMilestones(const std::vector<Milestone>& v) = 0;
  virtual Status PutTaskProgress(const std::vector<TaskProgress>& v) = 0;
  virtual Status PutEvidence(const std::vector<Evidence>& v) = 0;

  // ---- reads ----
  virtual Result<std::vector<AdminUnit>> ListAdminUnits() = 0;
  virtual Result<std::vector<School>> ListSchools() = 0;
  virtual Result<std::optional<School>> GetSchool(const std::string& code) = 0;
  virtual Result<std::vector<Facility>> ListFacilities(int year) = 0;
  virtual Result<std::vector<Class>> ListClasses(int year) = 0;
  // Students with an enrolment row in `year`; all students when year is 0.
  virtual Result<std::vector<Student>> ListStudents(int year) = 0;
  virtual Result<std::optional<Student>> FindStudentByIdNumber(const std::string& id_number) = 0;
  virtual Result<std::vector<Enrolment>> ListEnrolments(int year) = 0;
  virtual Result<std::vector<HealthRecord>> ListHealthRecords(int year) = 0;
  virtual Result<std::vector<Teacher>> ListTeachers() = 0;
  virtual Result<std::vector<TeacherYear>> ListTeacherYears(int year) = 0;
  // Population rows of `year`; all years when year is 0.
  virtual Result<std::vector<PopulationCount>> ListPopulation(int year) = 0;
  virtual Result<std::vector<BirthCount>> ListBirths() = 0;
  // Data values with this code; all when code is empty.
  virtual Result<std::vector<DataValue>> ListDataValues(const std::string& code) = 0;

  virtual Result<std::vector<Task>> ListTasks() = 0;
  virtual Result<std::optional<Task>> GetTask(const std::string& id) = 0;
  // Rows of one task; of every task when task_id is empty.
  virtual Result<std::vector<Milestone>> ListMilestones(const std::string& task_id) = 0;
  virtual Result<std::vector<TaskProgress>> ListTaskProgress(const std::string& task_id) = 0;
  virtual Result<std::vector<Evidence>> ListEvidence(const std::string& task_id) = 0;

  // ---- lean scans (snapshot loading) ----
  // The rows of ListEnrolments(year) / ListStudents(year), in the same order, reduced to the
  // columns above and passed to fn one at a time without building records. The base versions
  // read the List* results; SqliteStore reads only the needed columns.
  virtual Status ScanEnrolments(int year, const std::function<void(const EnrolmentFacts&)>& fn);
  virtual Status ScanStudents(int year, const std::function<void(const StudentFacts&)>& fn);

  // ---- snapshot cache (derived data: serialised engine snapshots of one school year) ----
  // A store that keeps them invalidates a year's entry in the same transaction as any write to the
  // records it is built from (every year's on a write to students, teachers, schools or units) and
  // counts those invalidations in an epoch. The base versions keep nothing.
  //
  // The invalidation epoch now; read it before reading the records a snapshot is built from.
  virtual Result<int64_t> SnapshotEpoch() { return int64_t{0}; }
  // The stored snapshot of `year` when its fingerprint equals `fingerprint`, else nullopt.
  virtual Result<std::optional<std::string>> ReadSnapshotCache(int year,
                                                               std::string_view fingerprint) {
    (void)year;
    (void)fingerprint;
    return std::optional<std::string>();
  }
  // Stores `data` for `year` if the epoch is still `epoch` (no record changed since it was read);
  // returns whether it was stored. Read-only stores and open transactions store nothing.
  virtual Result<bool> WriteSnapshotCache(int year, int64_t epoch, std::string_view fingerprint,
                                          std::string_view data) {
    (void)year;
    (void)epoch;
    (void)fingerprint;
    (void)data;
    return false;
  }

  // ---- a second reader (parallel snapshot loading) ----
  // Another store reading the same committed data on its own connection, for a second loading
  // thread (LoadHistory); nullptr when this store cannot have one (the base version: memory
  // stores; a store inside a transaction, whose uncommitted rows another connection cannot see).
  virtual Result<std::unique_ptr<Store>> OpenReader() { return std::unique_ptr<Store>(); }

  // ---- the audit log ----
  // Appends one hash-chained audit entry through this store, as part of the current transaction
  // (RunInTransaction) when there is one — so a change and the entry that records it commit
  // together or not at all — else in a transaction of its own. Fills seq, prev_hash and hash
  // (hash_fn: zj::service::AuditEntryHash). The base version has no audit log:
  // kFailedPrecondition.
  // By value: the stores fill the entry in and return it.
  // NOLINTNEXTLINE(performance-unnecessary-value-param)
  virtual Result<AuditEntry> AppendAudit(AuditEntry /*entry*/, const AuditHashFn& /*hash_fn*/) {
    return Status::FailedPrecondition("此存储没有审计日志 (this store keeps no audit log)");
  }

  // ---- map layers ----
  // Put replaces the layer of that name; Get returns nullopt when there is none; Delete of a
  // missing layer is Ok. Writes join the current transaction like every Put. The base versions
  // keep no layers: kFailedPrecondition.
  virtual Status PutMapLayer(const MapLayer& layer) {
    (void)layer;
    return Status::FailedPrecondition("此存储不保存地图 (this store keeps no map layers)");
  }
  virtual Result<std::optional<MapLayer>> GetMapLayer(const std::string& name) {
    (void)name;
    return std::optional<MapLayer>();
  }
  virtual Status DeleteMapLayer(const std::string& name) {
    (void)name;
    return Status::FailedPrecondition("此存储不保存地图 (this store keeps no map layers)");
  }

  // ---- plans (规划, docs/plan.md) ----
  // Versioned plan files. The base versions keep none: PutPlan and DeletePlan are
  // kFailedPrecondition, the reads are empty.
  //
  // Stores a new version of a plan (plan.version must be the next one for its id).
  virtual Status PutPlan(const StoredPlan& plan) {
    (void)plan;
    return Status::FailedPrecondition("此存储不保存规划 (this store keeps no plans)");
  }
  // The current (highest) version of every plan, by id.
  virtual Result<std::vector<StoredPlan>> ListPlans() { return std::vector<StoredPlan>(); }
  // The current version of one plan, nullopt when there is none.
  virtual Result<std::optional<StoredPlan>> GetPlan(const std::string& id) {
    (void)id;
    return std::optional<StoredPlan>();
  }
  // Removes every version of a plan; kNotFound when there is none.
  virtual Status DeletePlan(const std::string& id) {
    (void)id;
    return Status::FailedPrecondition("此存储不保存规划 (this store keeps no plans)");
  }

  // School years that have enrolment rows, ascending.
  virtual Result<std::vector<int>> ListYears() = 0;
  // Enrolment rows of one school year.
  virtual Result<int64_t> CountEnrolments(int year) = 0;
  virtual Result<StoreCounts> Counts() = 0;
};

}  // namespace zj::model
