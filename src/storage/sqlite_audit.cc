// The audit-log append shared by the SQLite stores (see sqlite_audit.h).
#include "sqlite_audit.h"

#include <string>

namespace zj::storage::internal {
namespace {

constexpr char kAuditHead[] = "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1";
constexpr char kAuditInsert[] =
    "INSERT INTO audit_log (seq, time, user_id, actor, address, action, target, before_json, "
    "after_json, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

Status Fail(sqlite3* db, const char* what) {
  return Status::IoError(std::string(what) + "失败：" + sqlite3_errmsg(db));
}

void BindText(sqlite3_stmt* s, int i, const std::string& v) {
  sqlite3_bind_text(s, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
}

}  // namespace

Status AppendAuditRow(sqlite3* db, model::AuditEntry& e, const model::AuditHashFn& hash_fn) {
  sqlite3_stmt* head = nullptr;
  if (sqlite3_prepare_v2(db, kAuditHead, -1, &head, nullptr) != SQLITE_OK) {
    return Fail(db, "读取审计链末尾");
  }
  int rc = sqlite3_step(head);
  if (rc == SQLITE_ROW) {
    e.seq = sqlite3_column_int64(head, 0) + 1;
    const unsigned char* h = sqlite3_column_text(head, 1);
    e.prev_hash = h ? reinterpret_cast<const char*>(h) : "";
  } else if (rc == SQLITE_DONE) {
    e.seq = 1;
    e.prev_hash = std::string(model::kAuditGenesisHash);
  }
  sqlite3_finalize(head);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) return Fail(db, "读取审计链末尾");
  e.hash = hash_fn(e);
  sqlite3_stmt* ins = nullptr;
  if (sqlite3_prepare_v2(db, kAuditInsert, -1, &ins, nullptr) != SQLITE_OK) {
    return Fail(db, "写审计日志");
  }
  sqlite3_bind_int64(ins, 1, e.seq);
  sqlite3_bind_int64(ins, 2, e.time);
  sqlite3_bind_int64(ins, 3, e.user_id);
  BindText(ins, 4, e.actor);
  BindText(ins, 5, e.address);
  BindText(ins, 6, e.action);
  BindText(ins, 7, e.target);
  BindText(ins, 8, e.before_json);
  BindText(ins, 9, e.after_json);
  BindText(ins, 10, e.prev_hash);
  BindText(ins, 11, e.hash);
  rc = sqlite3_step(ins);
  sqlite3_finalize(ins);
  return rc == SQLITE_DONE ? Status::Ok() : Fail(db, "写审计日志");
}

}  // namespace zj::storage::internal
