// The serve lock (see zj/storage/serve_lock.h).
#include "zj/storage/serve_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include "zj/storage/pg_store.h"

namespace zj::storage {
namespace {

std::string LockPath(const std::string& db_path) { return db_path + ".serve.lock"; }

std::string HolderPid(int fd) {
  char buf[32] = {};
  ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
  std::string pid(buf, n > 0 ? static_cast<size_t>(n) : 0);
  while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' ')) pid.pop_back();
  return pid.empty() ? "?" : pid;
}

}  // namespace

Result<ServeLock> ServeLock::Acquire(const std::string& db_path) {
  if (IsPostgresUrl(db_path)) {
    return Status::FailedPrecondition(
        "zhijiao serve 暂不支持 PostgreSQL 数据库：账户、会话、审计日志与导入日志目前只在 SQLite "
        "数据库文件中（见 docs/postgresql.md）；请用 SQLite 文件启动服务 (serve needs a SQLite "
        "database file for now)");
  }
  const std::string path = LockPath(db_path);
  int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return Status::IoError("无法创建服务锁文件 " + path);
  if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
    std::string pid = HolderPid(fd);
    close(fd);
    return Status::FailedPrecondition("数据库 " + db_path + " 已由另一个 zhijiao serve（进程 " +
                                      pid + "）使用，不能再启动一个服务");
  }
  std::string pid = std::to_string(getpid()) + "\n";
  if (ftruncate(fd, 0) != 0 || pwrite(fd, pid.data(), pid.size(), 0) < 0) {
    // The pid is only for messages; the lock itself is held.
  }
  return ServeLock(fd);
}

ServeLock::ServeLock(ServeLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }

ServeLock::~ServeLock() {
  if (fd_ >= 0) close(fd_);  // releases the flock
}

Status CheckNoServer(const std::string& db_path, const std::string& what) {
  if (IsPostgresUrl(db_path)) return Status::Ok();  // no server runs on PostgreSQL (Acquire)
  int fd = open(LockPath(db_path).c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::Ok();  // no server ever ran here
  Status st = Status::Ok();
  if (flock(fd, LOCK_SH | LOCK_NB) != 0 && errno == EWOULDBLOCK) {
    st = Status::FailedPrecondition(
        "数据库 " + db_path + " 正由 zhijiao serve（进程 " + HolderPid(fd) + "）使用：" + what +
        "须通过网页或 API 进行（运行中的服务看不到命令行直接写入的数据），或先停止服务 "
        "(a server is running on this database: use the web/API, or stop the server first)");
  }
  close(fd);
  return st;
}

}  // namespace zj::storage
