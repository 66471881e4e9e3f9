// Files the user names: reading one whole (a config, a scenario, a CSV), and writing one so that a
// reader never sees it half written (reports, exports, evidence, the audit head).
#pragma once

#include <string>
#include <string_view>

#include "zj/common/status.h"

namespace zj::common {

// The bytes of `path`; kInvalidArgument "无法读取<what>文件：<path>" when it cannot be opened.
Result<std::string> ReadTextFile(const std::string& path, std::string_view what);

// A file written under a temporary sibling name and renamed over `path` on Commit(), so that
// `path` holds either its old content or the whole new one, never a part. For writers that
// create the file themselves (libxlsxwriter): write temp_path(), then Commit(). Without a
// successful Commit() the destructor removes the temporary file.
class AtomicFile {
 public:
  // `suffix` ends the temporary name (".tmp.xlsx" keeps an extension a library may check).
  explicit AtomicFile(std::string path, std::string_view suffix = ".tmp");
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  const std::string& path() const { return path_; }
  const std::string& temp_path() const { return temp_; }

  // Flushes the temporary file to disk and renames it to path(). kIoError "无法写入 <path>"
  // (the temporary file is removed) when either fails.
  Status Commit();

 private:
  std::string path_;
  std::string temp_;
  bool committed_ = false;
};

// Writes `bytes` to `path` through an AtomicFile. kIoError naming `path` on failure; the old
// content (or absence) of `path` is then unchanged.
Status WriteFileAtomic(const std::string& path, std::string_view bytes);

}  // namespace zj::common
