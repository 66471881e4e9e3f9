// The tamper-evident audit trail. Every write and every unmasked personal-data read appends one
// entry; entries are hash-chained: hash = SHA-256(prev_hash + "\n" + canonical entry), where the
// canonical entry is the compact JSON object of its fields with keys sorted (before/after kept
// as the exact JSON text that was stored). Changing, inserting or deleting any entry but the
// last breaks the chain at that entry; VerifyAuditChain finds the first broken one.
//
// Deleting trailing entries, or rewriting the whole chain, leaves a valid chain: every committed
// append also records the head outside the database (zj/storage/audit_head.h, optionally
// signed with a key file), and CheckAuditHead compares the chain with it.
#pragma once

#include <cstdint>
#include <string>

#include "zj/common/status.h"
#include "zj/model/accounts.h"
#include "zj/model/store.h"

namespace zj::service {

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

// Who performs a change, for the audit log. The command line uses CliActor().
struct Actor {
  int64_t user_id = 0;
  std::string name;     // username or "cli:<login>"
  std::string address;  // client address, or "local (zhijiao <command>)" at the command line
};
// The operating-system user at the command line: {0, "cli:<login>", "local"}.
Actor CliActor();

// Appends records to an AccountStore with the chain hash. Thread-safe (the store serialises).
Result<model::AuditEntry> AppendAudit(model::AccountStore& store, const AuditRecord& r,
                                      int64_t now);
// The same through a registry Store, inside its current transaction: the entry commits with the
// change it records, or neither does (model::Store::AppendAudit).
Result<model::AuditEntry> AppendAudit(model::Store& store, const AuditRecord& r, int64_t now);

// The entry for a change by `actor`, appended inside the store's current transaction.
Status AuditChange(model::Store& store, const Actor& actor, std::string action, std::string target,
                   std::string before_json, std::string after_json, int64_t now);

struct AuditVerifyReport {
  bool ok = true;
  int64_t entries = 0;       // entries checked
  int64_t first_broken = 0;  // seq (or position) of the first broken entry when !ok
  std::string reason;        // Chinese: why it is broken
  std::string head_hash;     // hash of the last entry (genesis when empty)
  // The head recorded outside the database: "" (not checked), "none" (no head file), "ok",
  // "unsigned" (matches, no key file), or the reason it does not match (then ok = false).
  std::string outside_head;
};

// Walks the whole chain. A non-ok Status only for I/O errors; a broken chain is a report with
// ok = false.
Result<AuditVerifyReport> VerifyAuditChain(model::AccountStore& store);

// Compares an intact chain (report->ok) with the head recorded next to the database `db_path`:
// the chain must still hold that entry with that hash (else its newest entries were deleted or
// it was rewritten), and with a key file the head's signature must be right. Sets
// report->outside_head, and report->ok = false with the reason on a mismatch.
Status CheckAuditHead(const std::string& db_path, model::AccountStore& store,
                      AuditVerifyReport* report);

}  // namespace zj::service
