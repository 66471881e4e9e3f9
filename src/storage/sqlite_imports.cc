// SQL of the import journal (import_run, import_change) and of the few operations the importer
// needs beyond Store: deleting a row an import added (undo), the largest surrogate id, and the
// enrolment row of one student in one year.
#include <sqlite3.h>

#include <string>

#include "snapshot_cache_sql.h"
#include "sqlite_connection.h"
#include "zj/storage/import_log.h"
#include "zj/storage/pg_store.h"
#include "zj/storage/sqlite_store.h"

namespace zj::storage {
namespace {

using internal::BindAll;
using internal::ColumnInt64;
using internal::ColumnText;
using internal::StatementScope;

constexpr char kInsertRun[] =
    "INSERT INTO import_run (user, started_at, file_name, sha256, table_name, year, rows_read, "
    "rows_added, rows_changed, rows_unchanged, undone_at, undone_by) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";
constexpr char kUpdateRun[] =
    "UPDATE import_run SET rows_read = ?2, rows_added = ?3, rows_changed = ?4, "
    "rows_unchanged = ?5, undone_at = ?6, undone_by = ?7 WHERE id = ?1";
constexpr char kSelectRuns[] =
    "SELECT id, user, started_at, file_name, sha256, table_name, year, rows_read, rows_added, "
    "rows_changed, rows_unchanged, undone_at, undone_by FROM import_run ORDER BY id";
constexpr char kSelectRun[] =
    "SELECT id, user, started_at, file_name, sha256, table_name, year, rows_read, rows_added, "
    "rows_changed, rows_unchanged, undone_at, undone_by FROM import_run WHERE id = ?1";
constexpr char kInsertChange[] =
    "INSERT INTO import_change (import_id, seq, table_name, row_key, before) "
    "VALUES (?1, ?2, ?3, ?4, ?5)";
constexpr size_t kChangesPerInsert = 64;  // rows per multi-row INSERT of AddChanges
constexpr char kMaxSeq[] = "SELECT coalesce(max(seq), 0) FROM import_change WHERE import_id = ?1";
constexpr char kSelectChanges[] =
    "SELECT table_name, row_key, before FROM import_change WHERE import_id = ?1 ORDER BY seq";
constexpr char kMaxStudent[] = "SELECT coalesce(max(id), 0) FROM student";
constexpr char kMaxClass[] = "SELECT coalesce(max(id), 0) FROM class";
// SQLite answers this from the narrower index student_by_id_number (a covering index scan).
constexpr char kStudentIdNumbers[] = "SELECT id_number FROM student";
constexpr char kFindEnrolment[] =
    "SELECT student_id, year, school_code, class_id, stage, grade, status, prev_school_code "
    "FROM enrolment WHERE year = ?1 AND student_id = ?2";

// DELETE by table: the key fields of ImportChange::key ('|'-separated) bind ?1, ?2, ?3.
struct DeleteSql {
  const char* table;
  const char* sql;
  const char* types;  // per key field: 't' text, 'i' integer
};
constexpr DeleteSql kDeletes[] = {
    {"school", "DELETE FROM school WHERE code = ?1", "t"},
    {"facility", "DELETE FROM facility WHERE year = ?1 AND school_code = ?2", "it"},
    {"class", "DELETE FROM class WHERE id = ?1", "i"},
    {"student", "DELETE FROM student WHERE id = ?1", "i"},
    {"enrolment", "DELETE FROM enrolment WHERE year = ?1 AND student_id = ?2", "ii"},
    {"teacher", "DELETE FROM teacher WHERE id = ?1", "t"},
    {"teacher_year", "DELETE FROM teacher_year WHERE year = ?1 AND teacher_id = ?2", "it"},
    {"population", "DELETE FROM population WHERE township_code = ?1 AND year = ?2 AND age = ?3",
     "tii"},
    {"birth", "DELETE FROM birth WHERE township_code = ?1 AND year = ?2 AND month = ?3", "tii"},
    {"data_value", "DELETE FROM data_value WHERE code = ?1 AND unit_code = ?2 AND year = ?3",
     "tti"},
};

model::ImportRecord ReadRun(sqlite3_stmt* s) {
  model::ImportRecord r;
  r.id = ColumnInt64(s, 0);
  r.user = ColumnText(s, 1);
  r.started_at = ColumnInt64(s, 2);
  r.file_name = ColumnText(s, 3);
  r.sha256 = ColumnText(s, 4);
  r.table = ColumnText(s, 5);
  r.year = static_cast<int>(ColumnInt64(s, 6));
  r.rows_read = ColumnInt64(s, 7);
  r.rows_added = ColumnInt64(s, 8);
  r.rows_changed = ColumnInt64(s, 9);
  r.rows_unchanged = ColumnInt64(s, 10);
  r.undone_at = ColumnInt64(s, 11);
  r.undone_by = ColumnText(s, 12);
  return r;
}

class SqliteImportLog final : public model::ImportLog {
 public:
  explicit SqliteImportLog(internal::Connection& db) : db_(db) {}

  Result<int64_t> AddImport(const model::ImportRecord& r) override {
    ZJ_ASSIGN_OR_RETURN(sqlite3_stmt * s, db_.Prepare(kInsertRun));
    StatementScope scope(s);
    BindAll(s, r.user, r.started_at, r.file_name, r.sha256, r.table, r.year, r.rows_read,
            r.rows_added, r.rows_changed, r.rows_unchanged, r.undone_at, r.undone_by);
    int rc = sqlite3_step(s);
    if (rc != SQLITE_DONE) return db_.Error(rc, "import_run");
    return static_cast<int64_t>(sqlite3_last_insert_rowid(db_.handle()));
  }

  Status UpdateImport(const model::ImportRecord& r) override {
    ZJ_ASSIGN_OR_RETURN(sqlite3_stmt * s, db_.Prepare(kUpdateRun));
    StatementScope scope(s);
    BindAll(s, r.id, r.rows_read, r.rows_added, r.rows_changed, r.rows_unchanged, r.undone_at,
            r.undone_by);
    int rc = sqlite3_step(s);
    if (rc != SQLITE_DONE) return db_.Error(rc, "import_run");
    if (sqlite3_changes(db_.handle()) == 0) {
      return Status::NotFound("没有编号为 " + std::to_string(r.id) + " 的导入记录");
    }
    return Status::Ok();
  }

  Status AddChanges(int64_t import_id, const std::vector<model::ImportChange>& changes) override {
    if (seq_import_ != import_id) {  // next sequence number of this import, read once
      ZJ_ASSIGN_OR_RETURN(sqlite3_stmt * m, db_.Prepare(kMaxSeq));
      StatementScope scope(m);
      BindAll(m, import_id);
      int rc = sqlite3_step(m);
      if (rc != SQLITE_ROW) return db_.Error(rc, "import_change");
      seq_ = ColumnInt64(m, 0);
      seq_import_ = import_id;
    }
    // kChangesPerInsert rows per statement while enough are left, then one at a time.
    static const std::string many_sql =
        internal::MultiRowInsert(kInsertChange, static_cast<int>(kChangesPerInsert));
    ZJ_ASSIGN_OR_RETURN(sqlite3_stmt * many, db_.Prepare(many_sql.c_str()));
    ZJ_ASSIGN_OR_RETURN(sqlite3_stmt * one, db_.Prepare(kInsertChange));
    size_t i = 0;
    while (i < changes.size()) {
      size_t n = changes.size() - i >= kChangesPerInsert ? kChangesPerInsert : 1;
      sqlite3_stmt* s = n == 1 ? one : many;
      StatementScope scope(s);
      for (size_t k = 0; k < n; ++k, ++i) {
        const auto& c = changes[i];
        internal::BindFrom(s, static_cast<int>(k) * 5 + 1, import_id, ++seq_, c.table, c.key,
                           c.before);
      }
      int rc = sqlite3_step(s);
      if (rc != SQLITE_DONE) {
        seq_import_ = 0;  // re-read after a failure (the transaction rolls back)
        return db_.Error(rc, "import_change");
      }
    }
    return Status::Ok();
  }

  Result<std::vector<model::ImportRecord>> ListImports() override {
    ZJ_ASSIGN_OR_RETURN(sqlite3_stmt * s, db_.Prepare(kSelectRuns));
    StatementScope scope(s);
    std::vector<model::ImportRecord> out;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) out.push_back(ReadRun(s));
    if (rc != SQLITE_DONE) return db_.Error(rc, "import_run");
    return out;
  }

  Result<std::optional<model::ImportRecord>> GetImport(int64_t id) override {
    ZJ_ASSIGN_OR_RETURN(sqlite3_stmt * s, db_.Prepare(kSelectRun));
    StatementScope scope(s);
    BindAll(s, id);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) return std::optional<model::ImportRecord>(ReadRun(s));
    if (rc != SQLITE_DONE) return db_.Error(rc, "import_run");
    return std::optional<model::ImportRecord>();
  }

  Result<std::vector<model::ImportChange>> ListChanges(int64_t import_id) override {
    ZJ_ASSIGN_OR_RETURN(sqlite3_stmt * s, db_.Prepare(kSelectChanges));
    StatementScope scope(s);
    BindAll(s, import_id);
    std::vector<model::ImportChange> out;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
      out.push_back({ColumnText(s, 0), ColumnText(s, 1), ColumnText(s, 2)});
    }
    if (rc != SQLITE_DONE) return db_.Error(rc, "import_change");
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
      ZJ_ASSIGN_OR_RETURN(sqlite3_stmt * s, db_.Prepare(d.sql));
      StatementScope scope(s);
      for (size_t i = 0; i < parts.size(); ++i) {
        int idx = static_cast<int>(i) + 1;
        if (types[i] == 'i') {
          sqlite3_bind_int64(s, idx, std::stoll(parts[i].empty() ? "0" : parts[i]));
        } else {
          internal::Bind(s, idx, parts[i]);
        }
      }
      int rc = sqlite3_step(s);
      if ((rc & 0xff) == SQLITE_CONSTRAINT) {
        return Status::FailedPrecondition("无法删除 " + table + " " + key +
                                          "：其他数据仍引用这条记录");
      }
      if (rc != SQLITE_DONE) return db_.Error(rc, d.sql);
      if (sqlite3_changes(db_.handle()) == 0) {
        return Status::NotFound("记录已不存在：" + table + " " + key);
      }
      if (internal::TableFeedsSnapshots(table)) return internal::InvalidateSnapshots(db_, {});
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
    ZJ_ASSIGN_OR_RETURN(sqlite3_stmt * s, db_.Prepare(kFindEnrolment));
    StatementScope scope(s);
    BindAll(s, year, student_id);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
      model::Enrolment e;
      e.student_id = ColumnInt64(s, 0);
      e.year = static_cast<int>(ColumnInt64(s, 1));
      e.school_code = ColumnText(s, 2);
      e.class_id = ColumnInt64(s, 3);
      e.stage = internal::ColumnEnum<model::Stage>(s, 4);
      e.grade = static_cast<int>(ColumnInt64(s, 5));
      e.status = internal::ColumnEnum<model::EnrolmentStatus>(s, 6);
      e.prev_school_code = ColumnText(s, 7);
      return std::optional<model::Enrolment>(std::move(e));
    }
    if (rc != SQLITE_DONE) return db_.Error(rc, "enrolment");
    return std::optional<model::Enrolment>();
  }

  Status ForEachStudentIdNumber(const std::function<void(std::string_view)>& fn) override {
    ZJ_ASSIGN_OR_RETURN(sqlite3_stmt * s, db_.Prepare(kStudentIdNumbers));
    StatementScope scope(s);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) fn(internal::ColumnTextView(s, 0));
    if (rc != SQLITE_DONE) return db_.Error(rc, "student");
    return Status::Ok();
  }

 private:
  internal::Connection& db_;
  int64_t seq_import_ = 0, seq_ = 0;
};

}  // namespace

std::unique_ptr<model::ImportLog> NewSqliteImportLog(SqliteStore& store) {
  return std::make_unique<SqliteImportLog>(store.connection());
}

std::unique_ptr<model::ImportLog> NewImportLogFor(model::Store& store) {
  if (auto* sqlite = dynamic_cast<SqliteStore*>(&store)) return NewSqliteImportLog(*sqlite);
  if (auto* pg = dynamic_cast<PgStore*>(&store)) return NewPgImportLog(*pg);
  return nullptr;
}

}  // namespace zj::storage
