// One SQLite connection: opening, the prepared-statement cache and result-code → Status mapping.
#include "sqlite_connection.h"

#include <string>

namespace zj::storage::internal {

namespace {
// Process-wide SQLite settings. sqlite3_config must run before SQLite initialises and while no
// other thread uses SQLite, so it runs during static initialisation (before main starts threads);
// it is a harmless no-op (SQLITE_MISUSE) if SQLite was already initialised. Memory statistics take
// a global mutex on every allocation (≈10% of bulk-insert time) and zhijiao never reads them.
const bool kSqliteConfigured = [] {
  (void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  return true;
}();
}  // namespace

Result<std::unique_ptr<Connection>> Connection::Open(const std::string& path, int flags) {
  (void)kSqliteConfigured;
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close_v2(db);
    return Status::IoError("无法打开数据库 " + path + " (cannot open database: " + msg + ")");
  }
  sqlite3_extended_result_codes(db, 1);
  return std::unique_ptr<Connection>(new Connection(db));
}

Connection::~Connection() {
  for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
  sqlite3_close_v2(db_);
}

Status Connection::Exec(std::string_view sql) {
  std::string text(sql);
  char* err = nullptr;
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err);
  if (rc == SQLITE_OK) return Status::Ok();
  std::string msg = err ? err : sqlite3_errstr(rc);
  sqlite3_free(err);
  return Error(rc, msg);
}

Result<sqlite3_stmt*> Connection::Prepare(const char* sql) {
  auto it = statements_.find(sql);
  if (it != statements_.end()) return it->second;
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) return Error(rc, sql);
  statements_.emplace(sql, stmt);
  return stmt;
}

Result<int64_t> Connection::QueryInt(const char* sql) {
  ZJ_ASSIGN_OR_RETURN(sqlite3_stmt * s, Prepare(sql));
  StatementScope scope(s);
  int rc = sqlite3_step(s);
  if (rc == SQLITE_ROW) return ColumnInt64(s, 0);
  if (rc == SQLITE_DONE) return Status::Internal(std::string("查询无结果: ") + sql);
  return Error(rc, sql);
}

std::string MultiRowInsert(std::string_view sql, int rows) {
  size_t open = sql.find("VALUES (");
  if (open == std::string_view::npos) return "";
  open += 7;
  size_t close = sql.find(')', open);
  if (close == std::string_view::npos) return "";
  std::string_view rest = sql.substr(close + 1);
  if (rest.find('?') != std::string_view::npos) return "";
  int columns = 0;
  for (char c : sql.substr(open, close - open)) columns += c == '?';
  if (columns == 0) return "";
  std::string out(sql.substr(0, open));
  for (int r = 0; r < rows; ++r) {
    out += r == 0 ? "(" : ", (";
    for (int c = 1; c <= columns; ++c) {
      out += (c == 1 ? "?" : ", ?") + std::to_string(r * columns + c);
    }
    out += ")";
  }
  out += rest;
  return out;
}

Status Connection::Error(int rc, std::string_view context) const {
  std::string detail = std::string(sqlite3_errmsg(db_)) + " [" + std::string(context) + "]";
  switch (rc & 0xff) {
    case SQLITE_CONSTRAINT:
      return Status::InvalidArgument("数据违反约束: " + detail);
    case SQLITE_READONLY:
      return Status::FailedPrecondition("数据库为只读，不能写入 (database is read-only): " +
                                        detail);
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Status::IoError("数据库正被其他程序使用，请稍后重试 (database is busy): " + detail);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return Status::DataLoss("数据库文件已损坏 (database file is corrupt): " + detail);
    case SQLITE_FULL:
      return Status::IoError("磁盘空间不足 (disk full): " + detail);
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_NOMEM:
      return Status::IoError("数据库读写失败 (database I/O error): " + detail);
    default:
      return Status::Internal("数据库内部错误 (SQLite error " + std::to_string(rc) +
                              "): " + detail);
  }
}

}  // namespace zj::storage::internal
