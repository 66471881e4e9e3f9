// AccountStore implementations (interface in zj/model/accounts.h): an in-memory one for tests
// and a SQLite one that lives in the same database file as the registries.
//
// SQLite: the tables (users, sessions, api_tokens, audit_log) are created by the registry
// store's migration runner (steps appended at the end of its list), so `zhijiao init`/`demo`
// produce a file that already has them. SqliteAccountStore::Open(path) opens its own connection
// to that file (WAL, busy timeout) and refuses a file whose schema lacks the account tables.
// The audit_log table has triggers that reject UPDATE and DELETE (append-only); the hash chain
// makes tampering that bypasses the triggers detectable.
#pragma once

#include <memory>
#include <string>

#include "zj/common/status.h"
#include "zj/model/accounts.h"

namespace zj::storage {

// Thread-safe in-memory store (a mutex around plain vectors). For tests and the demo server.
std::unique_ptr<model::AccountStore> NewMemoryAccountStore();

// Thread-safe SQLite store (one connection, calls serialised by a mutex; audit appends use
// BEGIN IMMEDIATE so that several processes never interleave). kNotFound when the file does not
// exist, kFailedPrecondition when it lacks the account tables (run the migrations first).
Result<std::unique_ptr<model::AccountStore>> OpenSqliteAccountStore(const std::string& path);

}  // namespace zj::storage
