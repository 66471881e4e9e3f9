// A small RAII wrapper over one libpq connection (internal to storage): PGconn and PGresult owned
// by unique_ptr, statements always parameterised (values travel as parameters, never inside the
// SQL text), statements prepared once per connection and reused, COPY … FROM STDIN, and the
// text-format value conversions shared by the PostgreSQL store and the SQLite → PostgreSQL copy.
#pragma once

#include <libpq-fe.h>

#include <charconv>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include "zj/common/status.h"

namespace zj::storage::internal {

struct PgResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using PgResult = std::unique_ptr<PGresult, PgResultDeleter>;

// Shortest text that reads back as exactly the same double (PostgreSQL 12+ parses and prints
// float8 the same way).
std::string DoubleText(double v);

// Parameters of one statement, in text format unless added with AddBinary.
class PgParams {
 public:
  PgParams& Add(std::string_view v);
  PgParams& Add(const std::string& v) { return Add(std::string_view(v)); }
  PgParams& Add(const char* v) { return Add(std::string_view(v)); }
  PgParams& Add(int64_t v);
  PgParams& Add(int v) { return Add(int64_t{v}); }
  PgParams& Add(uint32_t v) { return Add(int64_t{v}); }
  PgParams& Add(bool v) { return Add(int64_t{v ? 1 : 0}); }
  PgParams& Add(double v);
  template <typename E>
  requires std::is_enum_v<E> PgParams& Add(E v) { return Add(static_cast<int64_t>(v)); }
  PgParams& AddNull();
  PgParams& AddBinary(std::string_view bytes);

  int size() const { return static_cast<int>(values_.size()); }
  // Pointers into this object: valid until the next Add.
  std::vector<const char*> Values() const;
  std::vector<int> Lengths() const;
  const std::vector<int>& Formats() const { return formats_; }

 private:
  std::vector<std::string> values_;
  std::vector<bool> null_;
  std::vector<int> formats_;
};

// Builds one PostgreSQL array literal per column from rows added value by value (row-major), for
// a multi-row statement over unnest($1::type[], $2::type[], …): a batch of any length is one
// statement and one round trip.
class PgArrays {
 public:
  explicit PgArrays(int columns);
  void Add(std::string_view v);
  void Add(const std::string& v) { Add(std::string_view(v)); }
  void Add(int64_t v);
  void Add(int v) { Add(int64_t{v}); }
  void Add(uint32_t v) { Add(int64_t{v}); }
  void Add(bool v) { Add(int64_t{v ? 1 : 0}); }
  void Add(double v);
  template <typename E>
  requires std::is_enum_v<E>
  void Add(E v) { Add(static_cast<int64_t>(v)); }
  template <typename T>
  void Add(const std::optional<T>& v) {
    if (v) {
      Add(*v);
    } else {
      AddRaw("NULL");
    }
  }
  template <typename... Args>
  void AddRow(const Args&... args) {
    (Add(args), ...);
  }
  // The array literals as statement parameters, after `leading` ones.
  PgParams Finish(PgParams leading = {});

 private:
  void AddRaw(std::string_view element);
  std::vector<std::string> columns_;
  int next_ = 0;
};

// Cell readers over a text-format result (column order as in the SELECT).
inline std::string_view PgText(const PGresult* r, int row, int col) {
  return std::string_view(PQgetvalue(r, row, col), static_cast<size_t>(PQgetlength(r, row, col)));
}
inline bool PgIsNull(const PGresult* r, int row, int col) { return PQgetisnull(r, row, col) != 0; }
inline int64_t PgInt64(const PGresult* r, int row, int col) {
  std::string_view t = PgText(r, row, col);
  int64_t v = 0;
  std::from_chars(t.data(), t.data() + t.size(), v);
  return v;
}
inline int PgInt(const PGresult* r, int row, int col) {
  return static_cast<int>(PgInt64(r, row, col));
}
inline bool PgBool(const PGresult* r, int row, int col) { return PgInt64(r, row, col) != 0; }
inline double PgDouble(const PGresult* r, int row, int col) {
  std::string_view t = PgText(r, row, col);
  double v = 0;
  std::from_chars(t.data(), t.data() + t.size(), v);
  return v;
}
template <typename E>
E PgEnum(const PGresult* r, int row, int col) {
  return static_cast<E>(PgInt64(r, row, col));
}

// The connection string with any password replaced by "***", for messages.
std::string RedactConnInfo(const std::string& conninfo);

class PgConnection {
 public:
  // Connects (blocking). kIoError "无法连接 PostgreSQL 数据库 …" naming the server's reason.
  static Result<std::unique_ptr<PgConnection>> Open(const std::string& conninfo);
  ~PgConnection();
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  // One or more statements without parameters (DDL, BEGIN/COMMIT/SAVEPOINT …).
  Status Exec(const std::string& sql);
  // A parameterised statement, prepared on first use and cached by its text. Results are text
  // unless binary_result. On failure the SQLSTATE is kept in last_sqlstate().
  Result<PgResult> Run(const std::string& sql, const PgParams& params = {},
                       bool binary_result = false);
  // A single bigint (or 0 when no row) from a parameterised query.
  Result<int64_t> QueryInt(const std::string& sql, const PgParams& params = {});
  // COPY … FROM STDIN with `data` in COPY's text format.
  Status CopyIn(const std::string& copy_sql, std::string_view data);
  // The same in pieces: BeginCopy, any number of PutCopyData, EndCopy (which reports the
  // server's verdict on the whole COPY).
  Status BeginCopy(const std::string& copy_sql);
  Status PutCopyData(std::string_view data);
  Status EndCopy();

  // SQLSTATE of the last failed statement ("" when it was not a server error).
  const std::string& last_sqlstate() const { return last_sqlstate_; }
  // Whether the last failure was an integrity constraint violation (SQLSTATE class 23).
  bool LastWasConstraintViolation() const { return last_sqlstate_.rfind("23", 0) == 0; }
  PGconn* handle() { return conn_; }
  const std::string& conninfo() const { return conninfo_; }

 private:
  PgConnection(PGconn* conn, std::string conninfo) : conn_(conn), conninfo_(std::move(conninfo)) {}
  Status Failed(const PGresult* r, std::string_view what);

  PGconn* conn_ = nullptr;
  std::string conninfo_;
  std::unordered_map<std::string, std::string> prepared_;  // SQL → statement name
  std::string last_sqlstate_;
  std::string copy_sql_;  // the COPY in progress, for messages
};

}  // namespace zj::storage::internal
