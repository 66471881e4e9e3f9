// Hash chain of the audit log (see zj/service/audit.h).
#include "zj/service/audit.h"

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <nlohmann/json.hpp>

#include "zj/service/auth.h"
#include "zj/storage/audit_head.h"

namespace zj::service {

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

namespace {
model::AuditEntry EntryOf(const AuditRecord& r, int64_t now) {
  model::AuditEntry e;
  e.time = now;
  e.user_id = r.user_id;
  e.actor = r.actor;
  e.address = r.address;
  e.action = r.action;
  e.target = r.target;
  e.before_json = r.before_json;
  e.after_json = r.after_json;
  return e;
}
}  // namespace

Result<model::AuditEntry> AppendAudit(model::AccountStore& store, const AuditRecord& r,
                                      int64_t now) {
  return store.AppendAudit(EntryOf(r, now), AuditEntryHash);
}

Result<model::AuditEntry> AppendAudit(model::Store& store, const AuditRecord& r, int64_t now) {
  return store.AppendAudit(EntryOf(r, now), AuditEntryHash);
}

Actor CliActor() {
  const struct passwd* pw = getpwuid(getuid());
  const char* login = pw && pw->pw_name ? pw->pw_name : getenv("USER");
  return Actor{0, std::string("cli:") + (login && *login ? login : "unknown"), "local"};
}

Status AuditChange(model::Store& store, const Actor& actor, std::string action, std::string target,
                   std::string before_json, std::string after_json, int64_t now) {
  AuditRecord r;
  r.user_id = actor.user_id;
  r.actor = actor.name;
  r.address = actor.address;
  r.action = std::move(action);
  r.target = std::move(target);
  r.before_json = std::move(before_json);
  r.after_json = std::move(after_json);
  return AppendAudit(store, r, now).status();
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

Status CheckAuditHead(const std::string& db_path, model::AccountStore& store,
                      AuditVerifyReport* report) {
  if (!report->ok) return Status::Ok();
  ZJ_ASSIGN_OR_RETURN(std::optional<storage::AuditHead> head, storage::ReadAuditHead(db_path));
  if (!head) {
    report->outside_head = "none";
    return Status::Ok();
  }
  auto fail = [&](std::string reason) {
    report->ok = false;
    report->first_broken = head->seq;
    report->reason = std::move(reason);
    report->outside_head = report->reason;
    return Status::Ok();
  };
  std::optional<bool> signature = storage::AuditHeadSignatureValid(db_path, *head);
  if (signature && !*signature) {
    return fail("数据库外记录的审计链末端签名不符（末端记录被伪造或密钥被更换）");
  }
  if (report->entries < head->seq) {
    return fail("审计日志末尾的条目被删除：数据库外记录的末条为第 " + std::to_string(head->seq) +
                " 条，数据库中只剩 " + std::to_string(report->entries) + " 条");
  }
  model::AuditQuery q;
  q.after_seq = head->seq - 1;
  q.limit = 1;
  ZJ_ASSIGN_OR_RETURN(std::vector<model::AuditEntry> at, store.ListAudit(q));
  if (at.empty() || at[0].seq != head->seq || at[0].hash != head->hash) {
    return fail("审计链被改写：第 " + std::to_string(head->seq) + " 条的哈希与数据库外记录的不同");
  }
  report->outside_head = signature ? "ok" : "unsigned";
  return Status::Ok();
}

}  // namespace zj::service
