// OpenStore: path → Store (":memory:" → MemoryStore, a postgresql:// URL → PgStore, anything else
// → SqliteStore).
#include "zj/storage/open.h"

#include <filesystem>

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

Result<std::unique_ptr<model::Store>> OpenExistingStore(const std::string& path, bool read_only,
                                                        int cache_mib) {
  std::error_code ec;
  if (path.empty()) return Status::InvalidArgument("缺少 --db 参数 (missing --db FILE)");
  // A PostgreSQL URL is no file: PgStore::Open says what is wrong with it.
  const bool is_file = !IsPostgresUrl(path);
  if (is_file && !std::filesystem::exists(path, ec)) {
    return Status::NotFound("数据库文件不存在：" + path + " (database file not found)");
  }
  if (is_file && std::filesystem::is_directory(path, ec)) {
    return Status::InvalidArgument("不是文件而是目录：" + path + " (is a directory)");
  }
  OpenOptions opt;
  opt.create_if_missing = false;
  opt.read_only = read_only;
  opt.cache_mib = cache_mib;
  return OpenStore(path, opt);
}

}  // namespace zj::storage
