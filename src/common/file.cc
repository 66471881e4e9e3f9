// Whole-file reads and atomic writes (see file.h).
#include "zj/common/file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

namespace zj::common {

Result<std::string> ReadTextFile(const std::string& path, std::string_view what) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return Status::InvalidArgument("无法读取" + std::string(what) + "文件：" + path);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

AtomicFile::AtomicFile(std::string path, std::string_view suffix)
    : path_(std::move(path)), temp_(path_ + std::string(suffix)) {}

AtomicFile::~AtomicFile() {
  if (!committed_) std::remove(temp_.c_str());
}

Status AtomicFile::Commit() {
  const int fd = ::open(temp_.c_str(), O_RDONLY | O_CLOEXEC);
  const bool synced = fd >= 0 && ::fsync(fd) == 0;
  const int sync_errno = errno;
  if (fd >= 0) ::close(fd);
  if (!synced) {
    std::remove(temp_.c_str());
    return Status::IoError("无法写入 " + path_ + "：" + std::strerror(sync_errno));
  }
  if (std::rename(temp_.c_str(), path_.c_str()) != 0) {
    const int e = errno;
    std::remove(temp_.c_str());
    return Status::IoError("无法写入 " + path_ + "：" + std::strerror(e));
  }
  committed_ = true;
  return Status::Ok();
}

Status WriteFileAtomic(const std::string& path, std::string_view bytes) {
  AtomicFile file(path);
  {
    std::ofstream out(file.temp_path(), std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.flush();
    if (!out) return Status::IoError("无法写入 " + path);
  }
  return file.Commit();
}

}  // namespace zj::common
