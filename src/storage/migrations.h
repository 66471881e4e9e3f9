// The ordered list of schema migrations of the SQLite store (internal to storage). Version N is
// the N-th step; a database's version is kept in PRAGMA user_version.
#pragma once

#include <span>
#include <string_view>

namespace zj::storage::internal {

struct Migration {
  int version;            // 1, 2, 3 … consecutive
  std::string_view name;  // short English description, for logs
  std::string_view sql;   // statements run in the upgrade transaction
};

// All steps, oldest first. The last step's version is CurrentSchemaVersion().
std::span<const Migration> Migrations();

// The marker that tells a zhijiao database from any other SQLite file: meta('application').
inline constexpr std::string_view kApplicationName = "zhijiao";

}  // namespace zj::storage::internal
