// The audit chain's head kept outside the database. The chain in audit_log detects a changed
// or removed entry anywhere but at the end; deleting the newest entries, or rewriting the whole
// chain with fresh hashes, leaves a valid chain. So every committed append also records the
// newest (seq, hash) in "<database>.audit-head" next to the database (only forward: a smaller
// seq never replaces a larger one), and `zhijiao audit verify` checks that the chain still holds
// that entry with that hash. With a key file "<database>.audit-key" (32+ random bytes, readable
// only by the account that runs zhijiao), the head also carries HMAC-SHA-256(key, "seq:hash"),
// so whoever can write the database and the head file but not read the key cannot forge it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "zj/common/status.h"

namespace zj::storage {

struct AuditHead {
  int64_t seq = 0;
  std::string hash;
  std::string mac;  // hex HMAC; "" when written without a key
};

std::string AuditHeadPath(const std::string& db_path);
std::string AuditKeyPath(const std::string& db_path);

// Records (seq, hash) unless the file already names a later entry. Atomic (temporary file,
// rename) and serialised between processes (flock on the head file's lock). kIoError when the
// file cannot be written.
Status RecordAuditHead(const std::string& db_path, int64_t seq, const std::string& hash);

// The recorded head; nullopt when there is none (a database from before this check).
// kDataLoss when the file is unreadable or malformed.
Result<std::optional<AuditHead>> ReadAuditHead(const std::string& db_path);

// A database written under a temporary name and renamed (demo, init): its head file follows it
// (and the temporary name's lock file goes). Nothing to do when there is no head file.
Status MoveAuditHead(const std::string& from_db, const std::string& to_db);
// Removes the head files of a temporary database that is thrown away.
void RemoveAuditHead(const std::string& db_path);

// Whether head.mac matches the key file; nullopt when there is no key file.
std::optional<bool> AuditHeadSignatureValid(const std::string& db_path, const AuditHead& head);

}  // namespace zj::storage
