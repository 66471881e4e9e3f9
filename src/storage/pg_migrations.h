// The ordered list of schema migrations of the PostgreSQL store (internal to storage): the same
// steps as the SQLite list (migrations.h), in PostgreSQL's dialect. A database's version is kept
// in the one-row table schema_version (created by step 1).
#pragma once

#include <span>

#include "migrations.h"

namespace zj::storage::internal {

// All steps, oldest first; as many as Migrations().
std::span<const Migration> PgMigrations();

}  // namespace zj::storage::internal
