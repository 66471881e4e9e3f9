// SQLite → PostgreSQL copy and table-by-table comparison (see zj/storage/pg_copy.h). Column names
// and primary keys come from the SQLite file (PRAGMA table_info); both schemas are made by the
// same migration steps, so the names agree. Rows travel in COPY's text format; the comparison
// reads SQLite cells by their storage class and PostgreSQL cells in binary form, and hashes both
// in one canonical encoding.
#include "zj/storage/pg_copy.h"

#include <sodium.h>
#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <bit>
#include <chrono>
#include <cstring>

#include "pg_connection.h"
#include "sqlite_connection.h"
#include "zj/storage/pg_store.h"
#include "zj/storage/sqlite_store.h"

namespace zj::storage {

bool CopyReport::identical() const {
  return std::all_of(tables.begin(), tables.end(),
                     [](const TableComparison& t) { return t.same(); });
}

namespace {

using internal::PgConnection;
using internal::PgResult;

// Every table of the schema, parents before children (foreign keys hold during the copy).
// schema_version is not copied: each side keeps its own.
constexpr std::array<const char*, 27> kTables = {
    "meta",       "admin_unit",    "school",     "facility",       "class",
    "student",    "enrolment",     "health",     "teacher",        "teacher_year",
    "population", "birth",         "data_value", "account_user",   "account_session",
    "api_token",  "audit_log",     "import_run", "import_change",  "task",
    "milestone",  "task_progress", "evidence",   "snapshot_cache", "snapshot_epoch",
    "map_layer",  "plan"};
// Tables a freshly created database already fills (so they do not make a target "not empty").
bool FilledBySchema(std::string_view t) { return t == "meta" || t == "snapshot_epoch"; }

std::string Quote(std::string_view name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

struct TableShape {
  std::vector<std::string> columns;
  std::vector<std::string> key;  // primary-key columns in key order (all columns when none)
  std::string column_list;       // quoted, comma-separated
  std::string order_by;
};

Status SqliteFailed(sqlite3* db, std::string_view what) {
  return Status::IoError("读取 SQLite 数据库失败（" + std::string(what) + "）：" +
                         sqlite3_errmsg(db));
}

// Runs `sql` on the source and calls row(stmt) per row.
template <typename RowFn>
Status SqliteRows(sqlite3* db, const std::string& sql, RowFn row) {
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) != SQLITE_OK) {
    return SqliteFailed(db, sql);
  }
  int rc;
  Status st = Status::Ok();
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    st = row(s);
    if (!st.ok()) break;
  }
  sqlite3_finalize(s);
  if (!st.ok()) return st;
  if (rc != SQLITE_DONE) return SqliteFailed(db, sql);
  return Status::Ok();
}

Result<TableShape> ShapeOf(sqlite3* db, const std::string& table) {
  TableShape shape;
  std::vector<std::pair<int, std::string>> pk;
  ZJ_RETURN_IF_ERROR(
      SqliteRows(db, "PRAGMA table_info(" + Quote(table) + ")", [&](sqlite3_stmt* s) {
        std::string name = reinterpret_cast<const char*>(sqlite3_column_text(s, 1));
        if (int k = sqlite3_column_int(s, 5); k > 0) pk.emplace_back(k, name);
        shape.columns.push_back(std::move(name));
        return Status::Ok();
      }));
  if (shape.columns.empty()) {
    return Status::InvalidArgument("源数据库缺少表 " + table + " (table missing in the source)");
  }
  std::sort(pk.begin(), pk.end());
  for (auto& [k, name] : pk) shape.key.push_back(name);
  if (shape.key.empty()) shape.key = shape.columns;
  for (const std::string& c : shape.columns) {
    shape.column_list += (shape.column_list.empty() ? "" : ", ") + Quote(c);
  }
  for (const std::string& c : shape.key) {
    shape.order_by += (shape.order_by.empty() ? "" : ", ") + Quote(c);
  }
  return shape;
}

// The source must hold exactly the tables zhijiao knows (plus SQLite's own), so nothing is left
// behind silently.
Status CheckSourceTables(sqlite3* db) {
  return SqliteRows(db,
                    "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE "
                    "'sqlite\\_%' ESCAPE '\\'",
                    [](sqlite3_stmt* s) -> Status {
                      std::string name = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
                      if (std::find(kTables.begin(), kTables.end(), name) == kTables.end()) {
                        return Status::InvalidArgument(
                            "源数据库中有 zhijiao 不认识的表 " + name +
                            "，无法保证迁移无损，未做任何改动 (unknown table in the source)");
                      }
                      return Status::Ok();
                    });
}

// ---- COPY text format -------------------------------------------------------------------------

void AppendCopyText(std::string& out, const unsigned char* p, int n) {
  for (int i = 0; i < n; ++i) {
    char c = static_cast<char>(p[i]);
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        out += c;
    }
  }
}

void AppendCopyCell(std::string& out, sqlite3_stmt* s, int i) {
  switch (sqlite3_column_type(s, i)) {
    case SQLITE_NULL:
      out += "\\N";
      break;
    case SQLITE_INTEGER:
      out += std::to_string(sqlite3_column_int64(s, i));
      break;
    case SQLITE_FLOAT:
      out += internal::DoubleText(sqlite3_column_double(s, i));
      break;
    case SQLITE_BLOB: {
      static constexpr char kHex[] = "0123456789abcdef";
      const auto* p = static_cast<const unsigned char*>(sqlite3_column_blob(s, i));
      const int n = sqlite3_column_bytes(s, i);
      out += "\\\\x";  // bytea hex input "\x…", its backslash escaped for COPY
      for (int k = 0; k < n; ++k) {
        out += kHex[p[k] >> 4];
        out += kHex[p[k] & 15];
      }
      break;
    }
    default:
      AppendCopyText(out, sqlite3_column_text(s, i), sqlite3_column_bytes(s, i));
  }
}

// ---- canonical row hash -----------------------------------------------------------------------

class RowHash {
 public:
  RowHash() { crypto_hash_sha256_init(&state_); }
  void Null() { Tag('N'); }
  void Int(int64_t v) {
    Tag('I');
    Fixed(static_cast<uint64_t>(v));
  }
  void Real(double v) {
    Tag('R');
    Fixed(std::bit_cast<uint64_t>(v));
  }
  void Text(const void* p, size_t n) { Bytes('T', p, n); }
  void Blob(const void* p, size_t n) { Bytes('B', p, n); }
  std::string Hex() {
    unsigned char out[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&state_, out);
    char hex[2 * crypto_hash_sha256_BYTES + 1];
    sodium_bin2hex(hex, sizeof hex, out, sizeof out);
    return hex;
  }

 private:
  void Tag(char t) { crypto_hash_sha256_update(&state_, reinterpret_cast<unsigned char*>(&t), 1); }
  void Fixed(uint64_t v) {
    unsigned char b[8];
    for (int i = 0; i < 8; ++i) b[i] = static_cast<unsigned char>(v >> (8 * i));
    crypto_hash_sha256_update(&state_, b, 8);
  }
  void Bytes(char t, const void* p, size_t n) {
    Tag(t);
    Fixed(n);
    if (n > 0) crypto_hash_sha256_update(&state_, static_cast<const unsigned char*>(p), n);
  }
  crypto_hash_sha256_state state_;
};

uint64_t BigEndian64(const char* p) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | static_cast<unsigned char>(p[i]);
  return v;
}

// PostgreSQL type oids of the schema's column types.
constexpr Oid kInt8Oid = 20, kFloat8Oid = 701, kTextOid = 25, kByteaOid = 17;

Status HashSqliteTable(sqlite3* db, const std::string& table, const TableShape& shape,
                       TableComparison& out) {
  RowHash h;
  int64_t rows = 0;
  ZJ_RETURN_IF_ERROR(SqliteRows(
      db, "SELECT " + shape.column_list + " FROM " + Quote(table) + " ORDER BY " + shape.order_by,
      [&](sqlite3_stmt* s) {
        ++rows;
        for (int i = 0, n = sqlite3_column_count(s); i < n; ++i) {
          switch (sqlite3_column_type(s, i)) {
            case SQLITE_NULL:
              h.Null();
              break;
            case SQLITE_INTEGER:
              h.Int(sqlite3_column_int64(s, i));
              break;
            case SQLITE_FLOAT:
              h.Real(sqlite3_column_double(s, i));
              break;
            case SQLITE_BLOB: {
              const void* p = sqlite3_column_blob(s, i);
              h.Blob(p, static_cast<size_t>(sqlite3_column_bytes(s, i)));
              break;
            }
            default: {
              const unsigned char* p = sqlite3_column_text(s, i);
              h.Text(p, static_cast<size_t>(sqlite3_column_bytes(s, i)));
            }
          }
        }
        return Status::Ok();
      }));
  out.source_rows = rows;
  out.source_hash = h.Hex();
  return Status::Ok();
}

Status HashPgTable(PgConnection& db, const std::string& table, const TableShape& shape,
                   TableComparison& out) {
  // A cursor keeps memory flat on the large tables.
  ZJ_RETURN_IF_ERROR(db.Exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"));
  auto fail = [&](Status s) {
    (void)db.Exec("ROLLBACK");
    return s;
  };
  Status st = db.Exec("DECLARE zj_hash BINARY NO SCROLL CURSOR FOR SELECT " + shape.column_list +
                      " FROM " + Quote(table) + " ORDER BY " + shape.order_by);
  if (!st.ok()) return fail(st);
  RowHash h;
  int64_t rows = 0;
  for (;;) {
    PgResult r(PQexec(db.handle(), "FETCH 20000 FROM zj_hash"));
    if (!r || PQresultStatus(r.get()) != PGRES_TUPLES_OK) {
      return fail(
          Status::IoError("读取 PostgreSQL 表 " + table + " 失败：" + PQerrorMessage(db.handle())));
    }
    const int n = PQntuples(r.get());
    if (n == 0) break;
    const int cols = PQnfields(r.get());
    for (int i = 0; i < n; ++i) {
      ++rows;
      for (int c = 0; c < cols; ++c) {
        if (PQgetisnull(r.get(), i, c)) {
          h.Null();
          continue;
        }
        const char* p = PQgetvalue(r.get(), i, c);
        const auto len = static_cast<size_t>(PQgetlength(r.get(), i, c));
        switch (PQftype(r.get(), c)) {
          case kInt8Oid:
            h.Int(static_cast<int64_t>(BigEndian64(p)));
            break;
          case kFloat8Oid:
            h.Real(std::bit_cast<double>(BigEndian64(p)));
            break;
          case kByteaOid:
            h.Blob(p, len);
            break;
          case kTextOid:
            h.Text(p, len);
            break;
          default:
            return fail(Status::Internal("表 " + table + " 的列类型不在迁移的类型映射中 (oid " +
                                         std::to_string(PQftype(r.get(), c)) + ")"));
        }
      }
    }
  }
  ZJ_RETURN_IF_ERROR(db.Exec("COMMIT"));
  out.target_rows = rows;
  out.target_hash = h.Hex();
  return Status::Ok();
}

Result<std::vector<TableComparison>> Compare(sqlite3* src, PgConnection& dst) {
  std::vector<TableComparison> out;
  for (const char* t : kTables) {
    TableComparison c;
    c.table = t;
    ZJ_ASSIGN_OR_RETURN(TableShape shape, ShapeOf(src, t));
    ZJ_RETURN_IF_ERROR(HashSqliteTable(src, t, shape, c));
    ZJ_RETURN_IF_ERROR(HashPgTable(dst, t, shape, c));
    out.push_back(std::move(c));
  }
  return out;
}

Status CheckUrl(const std::string& url) {
  if (IsPostgresUrl(url)) return Status::Ok();
  return Status::InvalidArgument(
      "目标 " + url +
      " 不是 PostgreSQL 地址：应以 postgresql:// 或 postgres:// 开头，"
      "如 postgresql://zhijiao@db.example/county (not a PostgreSQL URL)");
}

// Rows beyond a fresh schema's own, per table; "" when there are none.
Result<std::string> TargetContents(PgConnection& db) {
  std::string found;
  for (const char* t : kTables) {
    if (FilledBySchema(t)) continue;
    ZJ_ASSIGN_OR_RETURN(int64_t n, db.QueryInt("SELECT count(*) FROM " + Quote(t)));
    if (n > 0)
      found += (found.empty() ? "" : "、") + std::string(t) + " " + std::to_string(n) + " 行";
  }
  return found;
}

double SecondsSince(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

Result<CopyReport> CopySqliteToPostgres(const std::string& sqlite_path, const std::string& url,
                                        const CopyOptions& options) {
  if (sodium_init() < 0) return Status::Internal("libsodium 初始化失败");
  ZJ_RETURN_IF_ERROR(CheckUrl(url));
  ZJ_ASSIGN_OR_RETURN(std::unique_ptr<SqliteStore> source,
                      SqliteStore::Open(sqlite_path, {.read_only = true}));
  sqlite3* src = source->connection().handle();
  ZJ_RETURN_IF_ERROR(CheckSourceTables(src));
  ZJ_ASSIGN_OR_RETURN(std::unique_ptr<PgStore> target,
                      PgStore::Open(url, {.create_if_missing = true}));
  PgConnection& dst = target->connection();
  if (!options.replace) {
    ZJ_ASSIGN_OR_RETURN(std::string contents, TargetContents(dst));
    if (!contents.empty()) {
      return Status::FailedPrecondition(
          "目标数据库 " + internal::RedactConnInfo(url) + " 已有数据（" + contents +
          "），未做任何改动；确认要用源数据库替换其中的全部数据时加 --replace "
          "(target is not empty; use --replace to overwrite it)");
    }
  }

  CopyReport report;
  const auto t0 = std::chrono::steady_clock::now();
  // A read transaction on the source: every table is copied from one consistent state.
  if (sqlite3_exec(src, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK) {
    return SqliteFailed(src, "BEGIN");
  }
  ZJ_RETURN_IF_ERROR(dst.Exec("BEGIN"));
  auto fail = [&](Status s) {
    (void)dst.Exec("ROLLBACK");
    sqlite3_exec(src, "ROLLBACK", nullptr, nullptr, nullptr);
    return s;
  };
  std::string all;
  for (const char* t : kTables) all += (all.empty() ? "" : ", ") + Quote(t);
  if (Status s = dst.Exec("TRUNCATE " + all); !s.ok()) return fail(s);
  for (const char* t : kTables) {
    auto shape = ShapeOf(src, t);
    if (!shape.ok()) return fail(shape.status());
    if (Status s = dst.BeginCopy("COPY " + Quote(t) + " (" + shape->column_list + ") FROM STDIN");
        !s.ok()) {
      return fail(s);
    }
    std::string buf;
    constexpr size_t kFlushBytes = size_t{8} << 20;
    Status put = SqliteRows(
        src, "SELECT " + shape->column_list + " FROM " + Quote(t) + " ORDER BY " + shape->order_by,
        [&](sqlite3_stmt* s) -> Status {
          for (int i = 0, n = sqlite3_column_count(s); i < n; ++i) {
            if (i) buf += '\t';
            AppendCopyCell(buf, s, i);
          }
          buf += '\n';
          ++report.rows_copied;
          if (buf.size() < kFlushBytes) return Status::Ok();
          Status st = dst.PutCopyData(buf);
          buf.clear();
          return st;
        });
    if (put.ok()) put = dst.PutCopyData(buf);
    Status end = dst.EndCopy();
    if (!put.ok()) return fail(put);
    if (!end.ok()) return fail(end);
  }
  if (Status s = dst.Exec("COMMIT"); !s.ok()) return fail(s);
  sqlite3_exec(src, "COMMIT", nullptr, nullptr, nullptr);
  // Planner statistics at once, not when autovacuum next passes: the first snapshot load after a
  // migration would otherwise plan its joins blind (ANALYZE samples, so it is quick).
  ZJ_RETURN_IF_ERROR(dst.Exec("ANALYZE " + all));
  report.copy_seconds = SecondsSince(t0);

  const auto t1 = std::chrono::steady_clock::now();
  ZJ_ASSIGN_OR_RETURN(report.tables, Compare(src, dst));
  report.compare_seconds = SecondsSince(t1);
  return report;
}

Result<std::vector<TableComparison>> CompareSqliteWithPostgres(const std::string& sqlite_path,
                                                               const std::string& url) {
  if (sodium_init() < 0) return Status::Internal("libsodium 初始化失败");
  ZJ_RETURN_IF_ERROR(CheckUrl(url));
  ZJ_ASSIGN_OR_RETURN(std::unique_ptr<SqliteStore> source,
                      SqliteStore::Open(sqlite_path, {.read_only = true}));
  ZJ_ASSIGN_OR_RETURN(std::unique_ptr<PgStore> target, PgStore::Open(url, {.read_only = true}));
  return Compare(source->connection().handle(), target->connection());
}

}  // namespace zj::storage
