// SqliteStore: the default, embedded implementation of zj::model::Store on SQLite (WAL journal,
// STRICT tables, foreign keys on). The schema is created and upgraded by an ordered list of
// migrations (src/storage/migrations.cc); SQL lives only in src/storage.
//
// Thread safety: one SqliteStore is used from one thread at a time. Several SqliteStores (in this
// or other processes) may open the same file: readers run concurrently with one writer (WAL);
// a writer waits up to the busy timeout for another writer.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "zj/common/status.h"
#include "zj/model/store.h"
#include "zj/storage/options.h"

namespace zj::storage {

namespace internal {
class Connection;
}

// Schema version this binary creates and understands (the number of migration steps).
int CurrentSchemaVersion();

class SqliteStore final : public model::Store {
 public:
  // Opens (and, with create_if_missing, creates) the zhijiao database at `path`, then brings its
  // schema up to CurrentSchemaVersion() in one transaction. Errors:
  //   kNotFound           the file does not exist and create_if_missing is false (nothing created)
  //   kInvalidArgument    the file is not a SQLite database, or is a SQLite database that zhijiao
  //                       did not create (no meta table); the file is left byte-identical
  //   kFailedPrecondition the database schema is newer than this binary ("请升级 zhijiao"), or it
  //                       is older and read_only forbids the upgrade
  //   kIoError            the file cannot be opened or read
  static Result<std::unique_ptr<SqliteStore>> Open(const std::string& path,
                                                   OpenOptions options = {});
  ~SqliteStore() override;
  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;

  const std::string& path() const { return path_; }
  bool read_only() const { return read_only_; }
  // The connection, for storage-internal extensions that must share this store's transactions
  // (the import journal, sqlite_imports.cc).
  internal::Connection& connection() { return *db_; }

  // ---- model::Store (contract in zj/model/store.h) ----
  // Writes on a read-only store return kFailedPrecondition. A Put outside RunInTransaction is
  // atomic (one transaction per call). A reference to a missing school, student or teacher
  // returns kInvalidArgument naming the record and the missing key.
  Result<model::DatabaseInfo> GetInfo() override;
  Status SetInfo(const model::DatabaseInfo& info) override;
  // Nested calls return kFailedPrecondition. When fn fails, or any write inside fails (even if fn
  // ignores the error), everything is rolled back and the error is returned.
  Status RunInTransaction(const std::function<Status()>& fn) override;

  Status PutAdminUnits(const std::vector<model::AdminUnit>& v) override;
  Status PutSchools(const std::vector<model::School>& v) override;
  Status PutFacilities(const std::vector<model::Facility>& v) override;
  Status PutClasses(const std::vector<model::Class>& v) override;
  Status PutStudents(const std::vector<model::Student>& v) override;
  Status PutEnrolments(const std::vector<model::Enrolment>& v) override;
  Status PutHealthRecords(const std::vector<model::HealthRecord>& v) override;
  Status PutTeachers(const std::vector<model::Teacher>& v) override;
  Status PutTeacherYears(const std::vector<model::TeacherYear>& v) override;
  Status PutPopulation(const std::vector<model::PopulationCount>& v) override;
  Status PutBirths(const std::vector<model::BirthCount>& v) override;
  Status PutDataValues(const std::vector<model::DataValue>& v) override;
  Status PutTasks(const std::vector<model::Task>& v) override;
  Status PutMilestones(const std::vector<model::Milestone>& v) override;
  Status PutTaskProgress(const std::vector<model::TaskProgress>& v) override;
  Status PutEvidence(const std::vector<model::Evidence>& v) override;

  Result<std::vector<model::AdminUnit>> ListAdminUnits() override;
  Result<std::vector<model::School>> ListSchools() override;
  Result<std::optional<model::School>> GetSchool(const std::string& code) override;
  Result<std::vector<model::Facility>> ListFacilities(int year) override;
  Result<std::vector<model::Class>> ListClasses(int year) override;
  Result<std::vector<model::Student>> ListStudents(int year) override;
  // When several students share an id number, the one with the smallest id.
  Result<std::optional<model::Student>> FindStudentByIdNumber(
      const std::string& id_number) override;
  Result<std::vector<model::Enrolment>> ListEnrolments(int year) override;
  Result<std::vector<model::HealthRecord>> ListHealthRecords(int year) override;
  Result<std::vector<model::Teacher>> ListTeachers() override;
  Result<std::vector<model::TeacherYear>> ListTeacherYears(int year) override;
  Result<std::vector<model::PopulationCount>> ListPopulation(int year) override;
  Result<std::vector<model::BirthCount>> ListBirths() override;
  Result<std::vector<model::DataValue>> ListDataValues(const std::string& code) override;
  Result<std::vector<model::Task>> ListTasks() override;
  Result<std::optional<model::Task>> GetTask(const std::string& id) override;
  Result<std::vector<model::Milestone>> ListMilestones(const std::string& task_id) override;
  Result<std::vector<model::TaskProgress>> ListTaskProgress(const std::string& task_id) override;
  Result<std::vector<model::Evidence>> ListEvidence(const std::string& task_id) override;
  Status ScanEnrolments(int year,
                        const std::function<void(const model::EnrolmentFacts&)>& fn) override;
  Status ScanStudents(int year, const std::function<void(const model::StudentFacts&)>& fn) override;
  Result<int64_t> SnapshotEpoch() override;
  Result<std::optional<std::string>> ReadSnapshotCache(int year,
                                                       std::string_view fingerprint) override;
  Result<bool> WriteSnapshotCache(int year, int64_t epoch, std::string_view fingerprint,
                                  std::string_view data) override;
  // A read-only store on the same file (small page cache); nullptr inside a transaction.
  Result<std::unique_ptr<model::Store>> OpenReader() override;
  Result<model::AuditEntry> AppendAudit(model::AuditEntry entry,
                                        const model::AuditHashFn& hash_fn) override;
  Status PutMapLayer(const model::MapLayer& layer) override;
  Result<std::optional<model::MapLayer>> GetMapLayer(const std::string& name) override;
  Status DeleteMapLayer(const std::string& name) override;
  Status PutPlan(const model::StoredPlan& plan) override;
  Result<std::vector<model::StoredPlan>> ListPlans() override;
  Result<std::optional<model::StoredPlan>> GetPlan(const std::string& id) override;
  Status DeletePlan(const std::string& id) override;
  Result<std::vector<int>> ListYears() override;
  Result<int64_t> CountEnrolments(int year) override;
  Result<model::StoreCounts> Counts() override;

 private:
  SqliteStore(std::string path, bool read_only, std::unique_ptr<internal::Connection> db);

  // Runs `write` inside the current transaction, or inside its own one when none is open; records
  // the first failure of a write made inside RunInTransaction.
  template <typename WriteFn>
  Status Write(WriteFn write);
  // Which cached snapshots a table's rows feed (see snapshot_cache_sql.h).
  enum class Feeds { kNone, kTheirYear, kEveryYear };
  // Upserts `rows` with the cached statement `sql`; bind(stmt, row) binds one row and
  // explain(row) turns a constraint failure into a message naming the record. Invalidates the
  // cached snapshots the rows feed, in the same transaction.
  template <typename Row, typename BindFn, typename ExplainFn>
  Status PutRows(const char* sql, const std::vector<Row>& rows, BindFn bind, ExplainFn explain,
                 Feeds feeds = Feeds::kNone);
  // Runs the cached query `sql` (bound by bind(stmt)) and reads each row with read(stmt); when
  // count_sql is given (same parameters), the result is sized by it first.
  template <typename Row, typename BindFn, typename ReadFn>
  Result<std::vector<Row>> Query(const char* sql, BindFn bind, ReadFn read,
                                 const char* count_sql = nullptr);
  // Whether the cached single-parameter existence query `sql` finds a row.
  template <typename Key>
  Result<bool> Exists(const char* sql, const Key& key);

  std::string path_;
  bool read_only_ = false;
  std::unique_ptr<internal::Connection> db_;
  bool in_transaction_ = false;
  // The audit entry appended last inside the open transaction: its head is recorded outside
  // the database once the transaction commits (zj/storage/audit_head.h).
  std::optional<std::pair<int64_t, std::string>> pending_audit_head_;
  Status transaction_error_;  // first failed write inside RunInTransaction
};

}  // namespace zj::storage
