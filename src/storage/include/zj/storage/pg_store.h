// PgStore: zj::model::Store on PostgreSQL (libpq), the second store beside SqliteStore, for a
// county that keeps its data on a database server. Same schema as the SQLite file (migrations
// translated one for one, src/storage/pg_migrations.cc), same record-level error messages, same
// audit hash chain. Opened by storage::OpenStore for a "postgresql://" or "postgres://" URL.
//
// The PostgreSQL side needs one database and one role that owns it (docs/postgresql.md); the
// tables are created in the role's current schema on first open.
//
// Thread safety: one PgStore (one connection) is used from one thread at a time; OpenReader gives
// a second connection for a second loading thread.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "zj/common/status.h"
#include "zj/model/store.h"
#include "zj/storage/options.h"

namespace zj::storage {

namespace internal {
class PgConnection;
class PgParams;
}  // namespace internal

// Whether `path` names a PostgreSQL database (a "postgresql://" or "postgres://" URL).
bool IsPostgresUrl(std::string_view path);

class PgStore final : public model::Store {
 public:
  // Connects to `url` and brings the schema up to CurrentSchemaVersion() in one transaction
  // (serialised between processes by an advisory lock). Errors:
  //   kIoError            the server cannot be reached or refuses the connection ("无法连接 …")
  //   kNotFound           the database holds no zhijiao tables and create_if_missing is false
  //   kInvalidArgument    the database (current schema) holds tables that zhijiao did not create;
  //                       nothing is changed
  //   kFailedPrecondition the schema is newer than this binary, or older and read_only forbids
  //                       the upgrade
  // options.cache_mib is ignored (the server manages its own buffers).
  static Result<std::unique_ptr<PgStore>> Open(const std::string& url, OpenOptions options = {});
  ~PgStore() override;
  PgStore(const PgStore&) = delete;
  PgStore& operator=(const PgStore&) = delete;

  const std::string& url() const { return url_; }
  bool read_only() const { return read_only_; }
  // The connection, for storage-internal code that must share this store's session.
  internal::PgConnection& connection() { return *db_; }

  // ---- model::Store (contract in zj/model/store.h; behaviour as SqliteStore's) ----
  Result<model::DatabaseInfo> GetInfo() override;
  Status SetInfo(const model::DatabaseInfo& info) override;
  // Nested calls return kFailedPrecondition. When fn fails, or any write inside fails (even if fn
  // ignores the error), everything is rolled back and the error is returned. A failed write
  // inside is undone at once (savepoint), so fn may go on reading.
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

  Status PutMapLayer(const model::MapLayer& layer) override;
  Result<std::optional<model::MapLayer>> GetMapLayer(const std::string& name) override;
  Status DeleteMapLayer(const std::string& name) override;

  Status PutPlan(const model::StoredPlan& plan) override;
  Result<std::vector<model::StoredPlan>> ListPlans() override;
  Result<std::optional<model::StoredPlan>> GetPlan(const std::string& id) override;
  Status DeletePlan(const std::string& id) override;
  Status ScanEnrolments(int year,
                        const std::function<void(const model::EnrolmentFacts&)>& fn) override;
  Status ScanStudents(int year, const std::function<void(const model::StudentFacts&)>& fn) override;
  Result<int64_t> SnapshotEpoch() override;
  Result<std::optional<std::string>> ReadSnapshotCache(int year,
                                                       std::string_view fingerprint) override;
  Result<bool> WriteSnapshotCache(int year, int64_t epoch, std::string_view fingerprint,
                                  std::string_view data) override;
  // A read-only store on a new connection to the same database; nullptr inside a transaction.
  Result<std::unique_ptr<model::Store>> OpenReader() override;
  // The same hash chain as SqliteStore (seq from 1, prev_hash of the newest row); appends are
  // serialised between connections by a transaction-scoped advisory lock. Unlike SQLite, no head
  // file is written (there is no database file to put it next to; docs/postgresql.md).
  Result<model::AuditEntry> AppendAudit(model::AuditEntry entry,
                                        const model::AuditHashFn& hash_fn) override;
  Result<std::vector<int>> ListYears() override;
  Result<int64_t> CountEnrolments(int year) override;
  Result<model::StoreCounts> Counts() override;

 private:
  PgStore(std::string url, bool read_only, std::unique_ptr<internal::PgConnection> db);

  // Runs `write` in its own transaction, or inside the open one in a savepoint (undone at once
  // on failure, the failure remembered for RunInTransaction); read-only: kFailedPrecondition.
  template <typename WriteFn>
  Status Write(WriteFn write);
  // Which cached snapshots a table's rows feed (as SqliteStore).
  enum class Feeds { kNone, kTheirYear, kEveryYear };
  // Upserts `rows` with the unnest() statement `sql` of `columns` array parameters;
  // add(arrays, row) appends one row's values. After a constraint failure explain(row) names the
  // first row whose reference is missing. Invalidates the snapshots the rows feed, in the same
  // transaction.
  template <typename Row, typename AddFn, typename ExplainFn>
  Status PutRows(const std::string& sql, int columns, const std::vector<Row>& rows, AddFn add,
                 ExplainFn explain, Feeds feeds = Feeds::kNone);
  // Runs the query and reads each row with read(result, row_index).
  template <typename Row, typename ReadFn>
  Result<std::vector<Row>> Query(const std::string& sql, const internal::PgParams& params,
                                 ReadFn read);
  // Whether the existence query finds a row.
  Result<bool> Exists(const std::string& sql, const internal::PgParams& params);
  // Drops the cached snapshots of `years` (every year's when empty) and bumps the epoch.
  Status InvalidateSnapshots(const std::vector<int>& years);

  std::string url_;
  bool read_only_ = false;
  std::unique_ptr<internal::PgConnection> db_;
  bool in_transaction_ = false;
  Status transaction_error_;  // first failed write inside RunInTransaction
};

}  // namespace zj::storage
