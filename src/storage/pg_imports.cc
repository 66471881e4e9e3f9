// The import journal on PostgreSQL (interface in zj/model/import_log.h; the SQLite one is
// sqlite_imports.cc): tables import_run and import_change, and the few operations the importer
// needs beyond Store (deleting a row an import added, the largest surrogate id, one enrolment
// row). It uses the PgStore's own connection, so journal writes inside Store::RunInTransaction
// commit or roll back with the data.
#include <string>

#include "pg_connection.h"
#include "snapshot_cache_sql.h"
#include "zj/storage/import_log.h"
#include "zj/storage/pg_store.h"

namespace zj::storage {
namespace {

using internal::PgArrays;
using internal::PgConnection;
using internal::PgInt;
using internal::PgInt64;
using internal::PgParams;
using internal::PgResult;
using internal::PgText;

// Ids as SQLite's INTEGER PRIMARY KEY gives them (largest + 1); a second import committing the
// same id at the same moment fails on the primary key and rolls back.
constexpr char kInsertRun[] =
    "INSERT INTO import_run (id, \"user\", started_at, file_name, sha256, table_name, year, "
    "rows_read, rows_added, rows_changed, rows_unchanged, undone_at, undone_by) "
    "SELECT coalesce(max(id), 0) + 1, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12 "
    "FROM import_run RETURNING id";
constexpr char kUpdateRun[] =
    "UPDATE import_run SET rows_read = $2, rows_added = $3, rows_changed = $4, "
    "rows_unchanged = $5, undone_at = $6, undone_by = $7 WHERE id = $1";
#define ZJ_RUN_COLUMNS                                                                     \
  "id, \"user\", started_at, file_name, sha256, table_name, year, rows_read, rows_added, " \
  "rows_changed, rows_unchanged, undone_at, undone_by"
constexpr char kSelectRuns[] = "SELECT " ZJ_RUN_COLUMNS " FROM import_run ORDER BY id";
constexpr char kSelectRun[] = "SELECT " ZJ_RUN_COLUMNS " FROM import_run WHERE id = $1";
#undef ZJ_RUN_COLUMNS
// All changes of one call in one statement; seq continues after the import's largest.
constexpr char kInsertChanges[] =
    "INSERT INTO import_change (import_id, seq, table_name, row_key, before) "
    "SELECT $1::bigint, m.seq + r.n, r.table_name, r.row_key, r.before "
    "FROM (SELECT coalesce(max(seq), 0) AS seq FROM import_change WHERE import_id = $1::bigint) "
    "AS m, "
    "unnest($2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS r (table_name, row_key, before, "
    "n)";
constexpr char kSelectChanges[] =
    "SELECT table_name, row_key, before FROM import_change WHERE import_id = $1 ORDER BY seq";
constexpr char kMaxStudent[] = "SELECT coalesce(max(id), 0) FROM student";
constexpr char kMaxClass[] = "SELECT coalesce(max(id), 0) FROM class";
constexpr char kStudentIdNumbers[] = "SELECT id_number FROM student";
constexpr char kFindEnrolment[] =
    "SELECT student_id, year, school_code, class_id, stage, grade, status, prev_school_code "
    "FROM enrolment WHERE year = $1 AND student_id = $2";
// Every table an import writes feeds the snapshots or not (snapshot_cache_sql.h); a deleted row
// of one that does drops every cached year, as in SQLite.
constexpr char kBumpEpoch[] = "UPDATE snapshot_epoch SET epoch = epoch + 1 WHERE id = 1";
constexpr char kDeleteAllSnapshots[] = "DELETE FROM snapshot_cache";

// DELETE by table: the key fields of ImportChange::key ('|'-separated) bind $1, $2, $3.
struct DeleteSql {
  const char* table;
  const char* sql;
  const char* types;  // per key field: 't' text, 'i' integer
};
constexpr DeleteSql kDeletes[] = {
    {"school", "DELETE FROM school WHERE code = $1", "t"},
    {"facility", "DELETE FROM facility WHERE year = $1 AND school_code = $2", "it"},
    {"class", "DELETE FROM class WHERE id = $1", "i"},
    {"student", "DELETE FROM student WHERE id = $1", "i"},
    {"enrolment", "DELETE FROM enrolment WHERE year = $1 AND student_id = $2", "ii"},
    {"teacher", "DELETE FROM teacher WHERE id = $1", "t"},
    {"teacher_year", "DELETE FROM teacher_year WHERE year = $1 AND teacher_id = $2", "it"},
    {"population", "DELETE FROM population WHERE township_code = $1 AND year = $2 AND age = $3",
     "tii"},
    {"birth", "DELETE FROM birth WHERE township_code = $1 AND year = $2 AND month = $3", "tii"},
    {"data_value", "DELETE FROM data_value WHERE code = $1 AND unit_code = $2 AND year = $3",
     "tti"},
};

model::ImportRecord ReadRun(const PGresult* r, int i) {
  model::ImportRecord m;
  m.id = PgInt64(r, i, 0);
  m.user = std::string(PgText(r, i, 1));
  m.started_at = PgInt64(r, i, 2);
  m.file_name = std::string(PgText(r, i, 3));
  m.sha256 = std::string(PgText(r, i, 4));
  m.table = std::string(PgText(r, i, 5));
  m.year = PgInt(r, i, 6);
  m.rows_read = PgInt64(r, i, 7);
  m.rows_added = PgInt64(r, i, 8);
  m.rows_changed = PgInt64(r, i, 9);
  m.rows_unchanged = PgInt64(r, i, 10);
  m.undone_at = PgInt64(r, i, 11);
  m.undone_by = std::string(PgText(r, i, 12));
  return m;
}

class PgImportLog final : public model::ImportLog {
 public:
  explicit PgImportLog(PgConnection& db) : db_(db) {}

  Result<int64_t> AddImport(const model::ImportRecord& r) override {
    PgParams p;
    p.Add(r.user).Add(r.started_at).Add(r.file_name).Add(r.sha256).Add(r.table).Add(r.year);
    p.Add(r.rows_read).Add(r.rows_added).Add(r.rows_changed).Add(r.rows_unchanged);
    p.Add(r.undone_at).Add(r.undone_by);
    ZJ_ASSIGN_OR_RETURN(PgResult res, db_.Run(kInsertRun, p));
    return PgInt64(res.get(), 0, 0);
  }

  Status UpdateImport(const model::ImportRecord& r) override {
    PgParams p;
    p.Add(r.id).Add(r.rows_read).Add(r.rows_added).Add(r.rows_changed).Add(r.rows_unchanged);
    p.Add(r.undone_at).Add(r.undone_by);
    ZJ_ASSIGN_OR_RETURN(PgResult res, db_.Run(kUpdateRun, p));
    if (std::string_view(PQcmdTuples(res.get())) == "0") {
      return Status::NotFound("没有编号为 " + std::to_string(r.id) + " 的导入记录");
    }
    return Status::Ok();
  }

  Status AddChanges(int64_t import_id, const std::vector<model::ImportChange>& changes) override {
    if (changes.empty()) return Status::Ok();
    PgArrays arrays(3);
    for (const model::ImportChange& c : changes) arrays.AddRow(c.table, c.key, c.before);
    PgParams id;
    id.Add(import_id);
    return db_.Run(kInsertChanges, arrays.Finish(std::move(id))).status();
  }

  Result<std::vector<model::ImportRecord>> ListImports() override {
    ZJ_ASSIGN_OR_RETURN(PgResult r, db_.Run(kSelectRuns));
    std::vector<model::ImportRecord> out;
    out.reserve(static_cast<size_t>(PQntuples(r.get())));
    for (int i = 0; i < PQntuples(r.get()); ++i) out.push_back(ReadRun(r.get(), i));
    return out;
  }

  Result<std::optional<model::ImportRecord>> GetImport(int64_t id) override {
    ZJ_ASSIGN_OR_RETURN(PgResult r, db_.Run(kSelectRun, PgParams().Add(id)));
    if (PQntuples(r.get()) == 0) return std::optional<model::ImportRecord>();
    return std::optional<model::ImportRecord>(ReadRun(r.get(), 0));
  }

  Result<std::vector<model::ImportChange>> ListChanges(int64_t import_id) override {
    ZJ_ASSIGN_OR_RETURN(PgResult r, db_.Run(kSelectChanges, PgParams().Add(import_id)));
    std::vector<model::ImportChange> out;
    out.reserve(static_cast<size_t>(PQntuples(r.get())));
    for (int i = 0; i < PQntuples(r.get()); ++i) {
      out.push_back({std::string(PgText(r.get(), i, 0)), std::string(PgText(r.get(), i, 1)),
                     std::string(PgText(r.get(), i, 2))});
    }
    return out;
  }

  Status DeleteRow(const std::string& table, const std::string& key) override {
    for (const auto& d : kDeletes) {
      if (table != d.table) continue;
      std::vector<std::string> parts;
      size_t start = 0;
      while (true) {
        size_t bar = key.find('|', start);
        parts.push_back(key.substr(start, bar == std::string::npos ? bar : bar - start));
        if (bar == std::string::npos) break;
        start = bar + 1;
      }
      std::string_view types = d.types;
      if (parts.size() != types.size()) {
        return Status::DataLoss("导入日志中的记录键无效：" + table + " " + key);
      }
      PgParams p;
      for (size_t i = 0; i < parts.size(); ++i) {
        if (types[i] == 'i') {
          p.Add(static_cast<int64_t>(std::stoll(parts[i].empty() ? "0" : parts[i])));
        } else {
          p.Add(parts[i]);
        }
      }
      // In a savepoint: a row still referenced is refused without aborting the caller's
      // transaction (SQLite's statement-level failure leaves it usable too).
      ZJ_RETURN_IF_ERROR(db_.Exec("SAVEPOINT zj_delete"));
      auto res = db_.Run(d.sql, p);
      if (!res.ok()) {
        const bool constraint = db_.LastWasConstraintViolation();
        ZJ_RETURN_IF_ERROR(db_.Exec("ROLLBACK TO SAVEPOINT zj_delete"));
        ZJ_RETURN_IF_ERROR(db_.Exec("RELEASE SAVEPOINT zj_delete"));
        if (constraint) {
          return Status::FailedPrecondition("无法删除 " + table + " " + key +
                                            "：其他数据仍引用这条记录");
        }
        return res.status();
      }
      ZJ_RETURN_IF_ERROR(db_.Exec("RELEASE SAVEPOINT zj_delete"));
      if (std::string_view(PQcmdTuples(res->get())) == "0") {
        return Status::NotFound("记录已不存在：" + table + " " + key);
      }
      if (internal::TableFeedsSnapshots(table)) {
        ZJ_RETURN_IF_ERROR(db_.Run(kBumpEpoch).status());
        return db_.Run(kDeleteAllSnapshots).status();
      }
      return Status::Ok();
    }
    return Status::InvalidArgument("未知的表：" + table);
  }

  Result<int64_t> MaxId(const std::string& table) override {
    if (table == "student") return db_.QueryInt(kMaxStudent);
    if (table == "class") return db_.QueryInt(kMaxClass);
    return Status::InvalidArgument("没有自增编号的表：" + table);
  }

  Result<std::optional<model::Enrolment>> FindEnrolment(int year, int64_t student_id) override {
    ZJ_ASSIGN_OR_RETURN(PgResult res,
                        db_.Run(kFindEnrolment, PgParams().Add(year).Add(student_id)));
    const PGresult* r = res.get();
    if (PQntuples(r) == 0) return std::optional<model::Enrolment>();
    model::Enrolment e;
    e.student_id = PgInt64(r, 0, 0);
    e.year = PgInt(r, 0, 1);
    e.school_code = std::string(PgText(r, 0, 2));
    e.class_id = PgInt64(r, 0, 3);
    e.stage = internal::PgEnum<model::Stage>(r, 0, 4);
    e.grade = PgInt(r, 0, 5);
    e.status = internal::PgEnum<model::EnrolmentStatus>(r, 0, 6);
    e.prev_school_code = std::string(PgText(r, 0, 7));
    return std::optional<model::Enrolment>(std::move(e));
  }

  Status ForEachStudentIdNumber(const std::function<void(std::string_view)>& fn) override {
    ZJ_ASSIGN_OR_RETURN(PgResult r, db_.Run(kStudentIdNumbers));
    for (int i = 0; i < PQntuples(r.get()); ++i) fn(PgText(r.get(), i, 0));
    return Status::Ok();
  }

 private:
  PgConnection& db_;
};

}  // namespace

std::unique_ptr<model::ImportLog> NewPgImportLog(PgStore& store) {
  return std::make_unique<PgImportLog>(store.connection());
}

}  // namespace zj::storage
