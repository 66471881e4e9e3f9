// The ordered list of schema migrations of the SQLite store (internal to storage). Version N is
// the N-th step; a database's version is kept in PRAGMA user_version.
#pragma once

#include <span>
#include <string_view>

#include "zj/common/status.h"

namespace zj::storage::internal {

struct Migration {
  int version;            // 1, 2, 3 … consecutive
  std::string_view name;  // short English description, for logs
  std::string_view sql;   // statements run in the upgrade transaction
};

// All steps, oldest first. The last step's version is CurrentSchemaVersion().
std::span<const Migration> Migrations();

class Connection;

// The version that creates the plan table (migration 6). A database upgraded across it gets the
// plans embedded in the binary (data/plans/*.json) whose unit_code is the database's county
// (meta county_code), as version 1, status adopted — so a database made before plans lived in
// the database keeps its plan. A new database (no county yet) gets none.
inline constexpr int kPlansVersion = 6;
Status SeedEmbeddedPlans(Connection& db);

// The marker that tells a zhijiao database from any other SQLite file: meta('application').
inline constexpr std::string_view kApplicationName = "zhijiao";

}  // namespace zj::storage::internal
