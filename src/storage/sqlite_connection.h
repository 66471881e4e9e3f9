// Thin RAII layer over one sqlite3 connection (internal to storage): a cache of prepared
// statements keyed by their SQL constant, binding/column helpers, and the mapping of SQLite result
// codes to zj::Status.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "zj/common/status.h"

namespace zj::storage::internal {

class Connection {
 public:
  // Opens `path` with sqlite3_open_v2 `flags` (no statement is run).
  static Result<std::unique_ptr<Connection>> Open(const std::string& path, int flags);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  sqlite3* handle() const { return db_; }

  // Runs one or more statements without results.
  Status Exec(std::string_view sql);
  // The prepared statement for the SQL constant `sql`, prepared once and cached by address; the
  // caller resets it after use (see StatementScope).
  Result<sqlite3_stmt*> Prepare(const char* sql);
  // Runs a statement whose first column of the first row is an integer (e.g. a PRAGMA).
  Result<int64_t> QueryInt(const char* sql);

  // Status for a failed SQLite call with result code rc, naming `context`.
  Status Error(int rc, std::string_view context) const;

 private:
  explicit Connection(sqlite3* db) : db_(db) {}
  sqlite3* db_;
  std::unordered_map<const char*, sqlite3_stmt*> statements_;
};

// Resets a cached statement (and clears its bindings) at the end of a scope.
class StatementScope {
 public:
  explicit StatementScope(sqlite3_stmt* s) : s_(s) {}
  ~StatementScope() {
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
  }
  StatementScope(const StatementScope&) = delete;
  StatementScope& operator=(const StatementScope&) = delete;

 private:
  sqlite3_stmt* s_;
};

// ---- binding (1-based parameter index); text is bound without copying ----
inline void Bind(sqlite3_stmt* s, int i, int64_t v) { sqlite3_bind_int64(s, i, v); }
inline void Bind(sqlite3_stmt* s, int i, int v) { sqlite3_bind_int64(s, i, v); }
inline void Bind(sqlite3_stmt* s, int i, uint32_t v) { sqlite3_bind_int64(s, i, v); }
inline void Bind(sqlite3_stmt* s, int i, bool v) { sqlite3_bind_int64(s, i, v ? 1 : 0); }
inline void Bind(sqlite3_stmt* s, int i, double v) { sqlite3_bind_double(s, i, v); }
inline void Bind(sqlite3_stmt* s, int i, std::string_view v) {
  sqlite3_bind_text(s, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
}
inline void Bind(sqlite3_stmt* s, int i, const std::string& v) { Bind(s, i, std::string_view(v)); }
template <typename E>
requires std::is_enum_v<E>
inline void Bind(sqlite3_stmt* s, int i, E v) { sqlite3_bind_int64(s, i, static_cast<int64_t>(v)); }
template <typename T>
inline void Bind(sqlite3_stmt* s, int i, const std::optional<T>& v) {
  if (v) {
    Bind(s, i, *v);
  } else {
    sqlite3_bind_null(s, i);
  }
}
// Binds args to parameters first, first + 1, … (row k of a multi-row INSERT starts at
// k * columns + 1).
template <typename... Args>
inline void BindFrom(sqlite3_stmt* s, int first, const Args&... args) {
  int i = first - 1;
  (Bind(s, ++i, args), ...);
}
// Binds args to parameters 1, 2, 3 …
template <typename... Args>
inline void BindAll(sqlite3_stmt* s, const Args&... args) {
  BindFrom(s, 1, args...);
}

// The single-row statement "INSERT … VALUES (?1, …, ?n) …" rewritten to insert `rows` rows:
// "VALUES (?1, …, ?n), (?n+1, …, ?2n), …" with the rest unchanged. Empty when `sql` has no
// such VALUES list or uses parameters after it.
std::string MultiRowInsert(std::string_view sql, int rows);

// ---- columns (0-based) ----
inline int64_t ColumnInt64(sqlite3_stmt* s, int i) { return sqlite3_column_int64(s, i); }
inline int ColumnInt(sqlite3_stmt* s, int i) { return sqlite3_column_int(s, i); }
inline bool ColumnBool(sqlite3_stmt* s, int i) { return sqlite3_column_int(s, i) != 0; }
inline double ColumnDouble(sqlite3_stmt* s, int i) { return sqlite3_column_double(s, i); }
inline bool ColumnIsNull(sqlite3_stmt* s, int i) {
  return sqlite3_column_type(s, i) == SQLITE_NULL;
}
// The text of a column without a copy: valid until the statement steps, resets or is finalised.
inline std::string_view ColumnTextView(sqlite3_stmt* s, int i) {
  const unsigned char* p = sqlite3_column_text(s, i);
  if (p == nullptr) return {};
  return std::string_view(reinterpret_cast<const char*>(p),
                          static_cast<size_t>(sqlite3_column_bytes(s, i)));
}
inline std::string ColumnText(sqlite3_stmt* s, int i) { return std::string(ColumnTextView(s, i)); }
template <typename E>
inline E ColumnEnum(sqlite3_stmt* s, int i) {
  return static_cast<E>(sqlite3_column_int(s, i));
}

}  // namespace zj::storage::internal
