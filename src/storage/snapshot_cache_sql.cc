// Snapshot cache tables (see snapshot_cache_sql.h and migration 5).
#include "snapshot_cache_sql.h"

#include <algorithm>
#include <array>
#include <vector>

namespace zj::storage::internal {

namespace {

constexpr char kBumpEpoch[] = "UPDATE snapshot_epoch SET epoch = epoch + 1 WHERE id = 1";
constexpr char kDeleteAll[] = "DELETE FROM snapshot_cache";
constexpr char kDeleteYear[] = "DELETE FROM snapshot_cache WHERE year = ?1";
constexpr char kEpoch[] = "SELECT epoch FROM snapshot_epoch WHERE id = 1";
constexpr char kRead[] = "SELECT fingerprint, data FROM snapshot_cache WHERE year = ?1";
constexpr char kWrite[] =
    "INSERT INTO snapshot_cache (year, fingerprint, data) VALUES (?1, ?2, ?3) "
    "ON CONFLICT (year) DO UPDATE SET fingerprint = excluded.fingerprint, data = excluded.data";

Status Step(Connection& db, const char* sql, const std::optional<int>& year) {
  ZJ_ASSIGN_OR_RETURN(sqlite3_stmt * s, db.Prepare(sql));
  StatementScope scope(s);
  if (year) Bind(s, 1, *year);
  int rc = sqlite3_step(s);
  if (rc != SQLITE_DONE) return db.Error(rc, "snapshot_cache");
  return Status::Ok();
}

}  // namespace

Status InvalidateSnapshots(Connection& db, std::span<const int> years) {
  ZJ_RETURN_IF_ERROR(Step(db, kBumpEpoch, std::nullopt));
  if (years.empty()) return Step(db, kDeleteAll, std::nullopt);
  std::vector<int> distinct(years.begin(), years.end());
  std::sort(distinct.begin(), distinct.end());
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  for (int y : distinct) ZJ_RETURN_IF_ERROR(Step(db, kDeleteYear, y));
  return Status::Ok();
}

bool TableFeedsSnapshots(std::string_view table) {
  static constexpr std::array<std::string_view, 9> kTables = {
      "admin_unit", "school", "facility", "class",       "student",
      "enrolment",  "health", "teacher",  "teacher_year"};
  return std::find(kTables.begin(), kTables.end(), table) != kTables.end();
}

Result<int64_t> SnapshotEpoch(Connection& db) { return db.QueryInt(kEpoch); }

Result<std::optional<std::string>> ReadSnapshot(Connection& db, int year,
                                                std::string_view fingerprint) {
  ZJ_ASSIGN_OR_RETURN(sqlite3_stmt * s, db.Prepare(kRead));
  StatementScope scope(s);
  Bind(s, 1, year);
  int rc = sqlite3_step(s);
  if (rc == SQLITE_DONE) return std::optional<std::string>();
  if (rc != SQLITE_ROW) return db.Error(rc, "snapshot_cache");
  if (ColumnText(s, 0) != fingerprint) return std::optional<std::string>();
  const void* p = sqlite3_column_blob(s, 1);
  const int n = sqlite3_column_bytes(s, 1);
  return std::optional<std::string>(std::string(static_cast<const char*>(p), n));
}

Result<bool> WriteSnapshotIfCurrent(Connection& db, int year, int64_t epoch,
                                    std::string_view fingerprint, std::string_view data) {
  ZJ_ASSIGN_OR_RETURN(int64_t now, db.QueryInt(kEpoch));
  if (now != epoch) return false;  // a record changed while the snapshot was being built
  ZJ_ASSIGN_OR_RETURN(sqlite3_stmt * s, db.Prepare(kWrite));
  StatementScope scope(s);
  Bind(s, 1, year);
  Bind(s, 2, fingerprint);
  sqlite3_bind_blob64(s, 3, data.data(), data.size(), SQLITE_STATIC);
  int rc = sqlite3_step(s);
  if (rc != SQLITE_DONE) return db.Error(rc, "snapshot_cache");
  return true;
}

}  // namespace zj::storage::internal
