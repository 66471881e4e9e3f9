// libpq connection wrapper (see pg_connection.h).
#include "pg_connection.h"

#include <algorithm>
#include <cmath>

namespace zj::storage::internal {

std::string DoubleText(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  (void)ec;  // 32 bytes always hold the shortest form of a double
  return std::string(buf, end);
}

// ---- PgParams -----------------------------------------------------------------------------------

PgParams& PgParams::Add(std::string_view v) {
  values_.emplace_back(v);
  null_.push_back(false);
  formats_.push_back(0);
  return *this;
}
PgParams& PgParams::Add(int64_t v) { return Add(std::string_view(std::to_string(v))); }
PgParams& PgParams::Add(double v) { return Add(std::string_view(DoubleText(v))); }
PgParams& PgParams::AddNull() {
  values_.emplace_back();
  null_.push_back(true);
  formats_.push_back(0);
  return *this;
}
PgParams& PgParams::AddBinary(std::string_view bytes) {
  values_.emplace_back(bytes);
  null_.push_back(false);
  formats_.push_back(1);
  return *this;
}
std::vector<const char*> PgParams::Values() const {
  std::vector<const char*> out;
  for (size_t i = 0; i < values_.size(); ++i) out.push_back(null_[i] ? nullptr : values_[i].data());
  return out;
}
std::vector<int> PgParams::Lengths() const {
  std::vector<int> out;
  for (const std::string& v : values_) out.push_back(static_cast<int>(v.size()));
  return out;
}

// ---- PgArrays -----------------------------------------------------------------------------------

PgArrays::PgArrays(int columns) : columns_(static_cast<size_t>(columns), "{") {}

void PgArrays::AddRaw(std::string_view element) {
  std::string& col = columns_[static_cast<size_t>(next_)];
  if (col.size() > 1) col += ',';
  col += element;
  next_ = (next_ + 1) % static_cast<int>(columns_.size());
}

void PgArrays::Add(std::string_view v) {
  std::string quoted;
  quoted.reserve(v.size() + 2);
  quoted += '"';
  for (char c : v) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  quoted += '"';
  AddRaw(quoted);
}
void PgArrays::Add(int64_t v) { AddRaw(std::to_string(v)); }
void PgArrays::Add(double v) { AddRaw(DoubleText(v)); }

PgParams PgArrays::Finish(PgParams leading) {
  for (std::string& c : columns_) {
    c += '}';
    leading.Add(c);
  }
  return leading;
}

// ---- messages -----------------------------------------------------------------------------------

std::string RedactConnInfo(const std::string& conninfo) {
  std::string out = conninfo;
  // URL form: scheme://user:password@host…
  size_t scheme = out.find("://");
  if (scheme != std::string::npos) {
    size_t at = out.find('@', scheme + 3);
    size_t colon = out.find(':', scheme + 3);
    if (at != std::string::npos && colon != std::string::npos && colon < at) {
      out.replace(colon + 1, at - colon - 1, "***");
    }
  }
  // key=value form (and URL query parameters): password=…
  for (size_t p = out.find("password="); p != std::string::npos; p = out.find("password=", p + 1)) {
    size_t start = p + 9;
    size_t end = out.find_first_of(" &", start);
    out.replace(start, (end == std::string::npos ? out.size() : end) - start, "***");
  }
  return out;
}

namespace {
std::string Trimmed(const char* s) {
  std::string out = s ? s : "";
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}
}  // namespace

// ---- PgConnection -------------------------------------------------------------------------------

Result<std::unique_ptr<PgConnection>> PgConnection::Open(const std::string& conninfo) {
  PGconn* conn = PQconnectdb(conninfo.c_str());
  if (conn == nullptr) return Status::IoError("无法连接 PostgreSQL 数据库（内存不足）");
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string why = Trimmed(PQerrorMessage(conn));
    PQfinish(conn);
    return Status::IoError("无法连接 PostgreSQL 数据库 " + RedactConnInfo(conninfo) + "：" + why +
                           " (cannot connect to PostgreSQL)");
  }
  std::unique_ptr<PgConnection> c(new PgConnection(conn, conninfo));
  if (PQsetClientEncoding(conn, "UTF8") != 0) {
    return Status::IoError("PostgreSQL 连接无法使用 UTF8 编码：" + Trimmed(PQerrorMessage(conn)));
  }
  ZJ_RETURN_IF_ERROR(c->Exec("SET client_min_messages = warning"));
  return c;
}

PgConnection::~PgConnection() { PQfinish(conn_); }

Status PgConnection::Failed(const PGresult* r, std::string_view what) {
  const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
  last_sqlstate_ = state ? state : "";
  std::string message = Trimmed(r ? PQresultErrorMessage(r) : PQerrorMessage(conn_));
  if (message.empty()) message = Trimmed(PQerrorMessage(conn_));
  if (PQstatus(conn_) != CONNECTION_OK) {
    return Status::IoError("与 PostgreSQL 数据库的连接已断开：" + message +
                           " (connection to PostgreSQL lost)");
  }
  std::string head(what.substr(0, 80));
  return Status::IoError("PostgreSQL 执行失败（" + head + "）：" + message);
}

Status PgConnection::Exec(const std::string& sql) {
  PgResult r(PQexec(conn_, sql.c_str()));
  ExecStatusType st = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) return Failed(r.get(), sql);
  return Status::Ok();
}

Result<PgResult> PgConnection::Run(const std::string& sql, const PgParams& params,
                                   bool binary_result) {
  auto it = prepared_.find(sql);
  if (it == prepared_.end()) {
    std::string name = "zj" + std::to_string(prepared_.size() + 1);
    PgResult prep(PQprepare(conn_, name.c_str(), sql.c_str(), 0, nullptr));
    if (!prep || PQresultStatus(prep.get()) != PGRES_COMMAND_OK) return Failed(prep.get(), sql);
    it = prepared_.emplace(sql, std::move(name)).first;
  }
  std::vector<const char*> values = params.Values();
  std::vector<int> lengths = params.Lengths();
  PgResult r(PQexecPrepared(conn_, it->second.c_str(), params.size(), values.data(), lengths.data(),
                            params.Formats().data(), binary_result ? 1 : 0));
  ExecStatusType st = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) return Failed(r.get(), sql);
  return r;
}

Result<int64_t> PgConnection::QueryInt(const std::string& sql, const PgParams& params) {
  ZJ_ASSIGN_OR_RETURN(PgResult r, Run(sql, params));
  if (PQntuples(r.get()) == 0 || PgIsNull(r.get(), 0, 0)) return int64_t{0};
  return PgInt64(r.get(), 0, 0);
}

Status PgConnection::CopyIn(const std::string& copy_sql, std::string_view data) {
  ZJ_RETURN_IF_ERROR(BeginCopy(copy_sql));
  Status put = PutCopyData(data);
  Status end = EndCopy();
  return put.ok() ? end : put;
}

Status PgConnection::BeginCopy(const std::string& copy_sql) {
  copy_sql_ = copy_sql;
  PgResult start(PQexec(conn_, copy_sql.c_str()));
  if (!start || PQresultStatus(start.get()) != PGRES_COPY_IN) return Failed(start.get(), copy_sql);
  return Status::Ok();
}

Status PgConnection::PutCopyData(std::string_view data) {
  // Pieces of at most 1 MiB keep libpq's send buffer small.
  constexpr size_t kChunk = size_t{1} << 20;
  for (size_t at = 0; at < data.size(); at += kChunk) {
    size_t n = std::min(kChunk, data.size() - at);
    if (PQputCopyData(conn_, data.data() + at, static_cast<int>(n)) != 1) {
      return Failed(nullptr, copy_sql_);
    }
  }
  return Status::Ok();
}

Status PgConnection::EndCopy() {
  Status result = Status::Ok();
  if (PQputCopyEnd(conn_, nullptr) != 1) result = Failed(nullptr, copy_sql_);
  while (PGresult* raw = PQgetResult(conn_)) {
    PgResult r(raw);
    if (PQresultStatus(raw) != PGRES_COMMAND_OK && result.ok()) result = Failed(raw, copy_sql_);
  }
  return result;
}

}  // namespace zj::storage::internal
