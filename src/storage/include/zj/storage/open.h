// OpenStore: the one place that turns a database path into a Store, for the CLI and the server.
#pragma once

#include <memory>
#include <string>

#include "zj/common/status.h"
#include "zj/model/store.h"
#include "zj/storage/options.h"

namespace zj::storage {

// Path syntax understood by OpenStore for an in-memory store (empty, discarded at close).
inline constexpr char kMemoryPath[] = ":memory:";

// ":memory:" → a new MemoryStore (options ignored); a "postgresql://" or "postgres://" URL →
// PgStore::Open(url, options); any other path → SqliteStore::Open(path, options), with their
// errors (kNotFound, kInvalidArgument, kFailedPrecondition, kIoError).
Result<std::unique_ptr<model::Store>> OpenStore(const std::string& path, OpenOptions options = {});

// Opens an existing zhijiao database (never creates one): a missing path, a directory, an
// unreadable, foreign or newer-version file give a clear error and leave the file untouched.
// cache_mib 0 = the default page cache.
Result<std::unique_ptr<model::Store>> OpenExistingStore(const std::string& path, bool read_only,
                                                        int cache_mib = 0);

}  // namespace zj::storage
