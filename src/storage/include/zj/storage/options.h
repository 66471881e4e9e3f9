// Options for opening a store (zj/storage/sqlite_store.h, zj/storage/open.h).
#pragma once

namespace zj::storage {

struct OpenOptions {
  // Create a new, empty zhijiao database when the file does not exist (or is empty). Without it a
  // missing file is kNotFound and nothing is created.
  bool create_if_missing = false;
  // Open for reading only: every write returns kFailedPrecondition and the file is never changed
  // (no migration either: an older schema is kFailedPrecondition).
  bool read_only = false;
  // Page cache of the connection in MiB; 0 = the default (256 MiB read-write, 64 MiB read-only).
  // A long-running reader such as the server keeps it small: a full read of the file (the
  // indicator engine's load) would otherwise leave the whole file resident in the cache.
  int cache_mib = 0;
};

}  // namespace zj::storage
