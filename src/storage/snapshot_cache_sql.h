// The snapshot cache tables (migration 5) seen from the storage module: invalidation on record
// writes, the epoch, and reading/writing one year's entry. Internal to storage.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "sqlite_connection.h"
#include "zj/common/status.h"

namespace zj::storage::internal {

// Drops the cached snapshots of `years` (of every year when `years` is empty) and bumps the
// epoch. Runs inside the caller's write transaction, so a rolled-back write keeps the cache.
Status InvalidateSnapshots(Connection& db, std::span<const int> years);

// Whether a write to `table` (a registry table name as in the import journal) changes snapshots.
bool TableFeedsSnapshots(std::string_view table);

Result<int64_t> SnapshotEpoch(Connection& db);
Result<std::optional<std::string>> ReadSnapshot(Connection& db, int year,
                                                std::string_view fingerprint);
// Stores the entry if the epoch is still `epoch` (run it inside a write transaction, so that the
// check and the write see the same epoch); returns whether it was stored.
Result<bool> WriteSnapshotIfCurrent(Connection& db, int year, int64_t epoch,
                                    std::string_view fingerprint, std::string_view data);

}  // namespace zj::storage::internal
