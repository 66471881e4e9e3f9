// The tamper-evident audit trail. Every write and every unmasked personal-data read appends one
// entry; entries are hash-chained: hash = SHA-256(prev_hash + "\n" + canonical entry), where the
// canonical entry is the compact JSON object of its fields with keys sorted (before/after kept
// as the exact JSON text that was stored). Changing, inserting or deleting any entry but the
// last breaks the chain at that entry; VerifyAuditChain finds the first broken one.
//
// Deleting trailing entries leaves a valid shorter chain: keep the head hash reported by
// `zhijiao audit verify` outside the database (e.g. in the daily backup log) to detect that.
#pragma once

#include <cstdint>
#include <string>

#include "zj/common/status.h"
#include "zj/model/accounts.h"

namespace zj::server {

// Canonical text of an entry (every field except hash and prev_hash).
std::string CanonicalAuditEntry(const model::AuditEntry& e);
// SHA-256 hex of prev_hash + "\n" + CanonicalAuditEntry(e).
std::string AuditEntryHash(const model::AuditEntry& e);

// What an entry is about; the log fills seq, time and the hashes.
struct AuditRecord {
  int64_t user_id = 0;
  std::string actor;
  std::string address;
  std::string action;
  std::string target;
  std::string before_json;
  std::string after_json;
};

// Appends records to an AccountStore with the chain hash. Thread-safe (the store serialises).
Result<model::AuditEntry> AppendAudit(model::AccountStore& store, const AuditRecord& r,
                                      int64_t now);

struct AuditVerifyReport {
  bool ok = true;
  int64_t entries = 0;       // entries checked
  int64_t first_broken = 0;  // seq (or position) of the first broken entry when !ok
  std::string reason;        // Chinese: why it is broken
  std::string head_hash;     // hash of the last entry (genesis when empty)
};

// Walks the whole chain. A non-ok Status only for I/O errors; a broken chain is a report with
// ok = false.
Result<AuditVerifyReport> VerifyAuditChain(model::AccountStore& store);

}  // namespace zj::server
