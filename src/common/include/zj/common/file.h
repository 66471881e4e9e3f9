// Reading a whole file the user named (a config, a scenario, a CSV) into memory.
#pragma once

#include <string>
#include <string_view>

#include "zj/common/status.h"

namespace zj::common {

// The bytes of `path`; kInvalidArgument "无法读取<what>文件：<path>" when it cannot be opened.
Result<std::string> ReadTextFile(const std::string& path, std::string_view what);

}  // namespace zj::common
