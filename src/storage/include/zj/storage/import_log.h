// The import journal on SQLite and on PostgreSQL (interface in zj/model/import_log.h): tables
// import_run and import_change (migration steps in migrations.cc / pg_migrations.cc), SQL in
// sqlite_imports.cc / pg_imports.cc. Each uses its store's own connection, so journal writes
// inside Store::RunInTransaction commit or roll back with the data.
#pragma once

#include <memory>

#include "zj/common/status.h"
#include "zj/model/import_log.h"
#include "zj/model/store.h"

namespace zj::storage {

class SqliteStore;
class PgStore;

// The journal of `store` (which must outlive it). Not thread-safe, like the store.
std::unique_ptr<model::ImportLog> NewSqliteImportLog(SqliteStore& store);
std::unique_ptr<model::ImportLog> NewPgImportLog(PgStore& store);

// The journal for any Store: SQLite and PostgreSQL stores get theirs; other stores get nullptr
// (the caller then uses an in-memory journal, e.g. zj/io/memory_import_log.h).
std::unique_ptr<model::ImportLog> NewImportLogFor(model::Store& store);

}  // namespace zj::storage
