// Whole-file reads (see file.h).
#include "zj/common/file.h"

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

}  // namespace zj::common
