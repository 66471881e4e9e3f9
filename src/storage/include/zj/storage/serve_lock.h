// The lock a running `zhijiao serve` holds on its database: an flock(2) on the file
// "<database>.serve.lock" next to it (never on the database file itself: SQLite's own POSIX
// locks on that file must not be disturbed by other descriptors). Commands whose writes a
// running server would not see (import, import undo) refuse while it is held, and a second
// server on the same database refuses to start. The lock dies with the process (kill -9
// included); the file itself may stay behind and means nothing then.
#pragma once

#include <string>

#include "zj/common/status.h"

namespace zj::storage {

class ServeLock {
 public:
  // Takes the lock for this process; kFailedPrecondition (naming the holder's pid) when another
  // server holds it, kIoError when the lock file cannot be created. A PostgreSQL URL is
  // kFailedPrecondition: the server keeps accounts and the audit log in the SQLite file only.
  static Result<ServeLock> Acquire(const std::string& db_path);
  ServeLock(ServeLock&& other) noexcept;
  ServeLock& operator=(ServeLock&&) = delete;
  ~ServeLock();

 private:
  explicit ServeLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

// Ok when no server holds the database's lock; kFailedPrecondition with a Chinese message for
// `what` (e.g. "导入") naming the server's pid when one does. Always Ok for a PostgreSQL URL.
Status CheckNoServer(const std::string& db_path, const std::string& what);

}  // namespace zj::storage
