// Appending one entry to the hash-chained audit log (table audit_log) on a given SQLite
// connection, inside the transaction the caller holds. Shared by SqliteAccountStore (account
// writes, logins) and SqliteStore (registry and ledger writes, whose entry must commit with the
// change it records).
#pragma once

#include <sqlite3.h>

#include "zj/common/status.h"
#include "zj/model/accounts.h"

namespace zj::storage::internal {

// Fills e.seq and e.prev_hash from the chain's current head, e.hash with hash_fn, and inserts
// the row. The caller holds a write transaction (BEGIN IMMEDIATE), so that no other connection
// can append between the read of the head and the insert. kIoError on SQLite errors.
Status AppendAuditRow(sqlite3* db, model::AuditEntry& e, const model::AuditHashFn& hash_fn);

}  // namespace zj::storage::internal
