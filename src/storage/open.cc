// OpenStore: path → Store (":memory:" → MemoryStore, a postgresql:// URL → PgStore, anything else
// → SqliteStore).
#include "zj/storage/open.h"

#include "zj/storage/memory_store.h"
#include "zj/storage/pg_store.h"
#include "zj/storage/sqlite_store.h"

namespace zj::storage {

Result<std::unique_ptr<model::Store>> OpenStore(const std::string& path, OpenOptions options) {
  if (path == kMemoryPath) return std::unique_ptr<model::Store>(std::make_unique<MemoryStore>());
  if (IsPostgresUrl(path)) {
    ZJ_ASSIGN_OR_RETURN(std::unique_ptr<PgStore> store, PgStore::Open(path, options));
    return std::unique_ptr<model::Store>(std::move(store));
  }
  ZJ_ASSIGN_OR_RETURN(std::unique_ptr<SqliteStore> store, SqliteStore::Open(path, options));
  return std::unique_ptr<model::Store>(std::move(store));
}

}  // namespace zj::storage
