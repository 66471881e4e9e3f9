// Hash chain of the audit log (see zj/server/audit.h).
#include "zj/server/audit.h"

#include <nlohmann/json.hpp>

#include "zj/server/auth.h"

namespace zj::server {

std::string CanonicalAuditEntry(const model::AuditEntry& e) {
  // nlohmann::json objects are std::map-backed: keys come out sorted.
  nlohmann::json j = {{"seq", e.seq},       {"time", e.time},          {"user_id", e.user_id},
                      {"actor", e.actor},   {"address", e.address},    {"action", e.action},
                      {"target", e.target}, {"before", e.before_json}, {"after", e.after_json}};
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string AuditEntryHash(const model::AuditEntry& e) {
  return Sha256Hex(e.prev_hash + "\n" + CanonicalAuditEntry(e));
}

Result<model::AuditEntry> AppendAudit(model::AccountStore& store, const AuditRecord& r,
                                      int64_t now) {
  model::AuditEntry e;
  e.time = now;
  e.user_id = r.user_id;
  e.actor = r.actor;
  e.address = r.address;
  e.action = r.action;
  e.target = r.target;
  e.before_json = r.before_json;
  e.after_json = r.after_json;
  return store.AppendAudit(std::move(e), AuditEntryHash);
}

Result<AuditVerifyReport> VerifyAuditChain(model::AccountStore& store) {
  AuditVerifyReport report;
  std::string prev(model::kAuditGenesisHash);
  int64_t expected_seq = 1;
  // A sentinel status stops the scan at the first broken entry.
  const Status kStop = Status::DataLoss("stop");
  Status st = store.ScanAudit([&](const model::AuditEntry& e) -> Status {
    auto broken = [&](std::string reason) {
      report.ok = false;
      report.first_broken = expected_seq;
      report.reason = std::move(reason);
      return kStop;
    };
    if (e.seq != expected_seq) {
      return broken("序号不连续：应为 " + std::to_string(expected_seq) + "，实为 " +
                    std::to_string(e.seq) + "（有条目被删除或插入）");
    }
    if (e.prev_hash != prev) return broken("前序哈希与上一条目不符");
    if (AuditEntryHash(e) != e.hash) return broken("条目内容与其哈希不符（内容被修改）");
    prev = e.hash;
    ++report.entries;
    ++expected_seq;
    return Status::Ok();
  });
  if (!st.ok() && !(st.code() == StatusCode::kDataLoss && !report.ok)) return st;
  report.head_hash = prev;
  return report;
}

}  // namespace zj::server
