// Lookup over the generated table of embedded data files (see cmake/embed.cmake).
#include "zj/common/embedded.h"

#include <algorithm>

namespace zj::common {

std::optional<std::string_view> EmbeddedFile(std::string_view path) {
  for (std::size_t i = 0; i < detail::kEmbeddedFileCount; ++i) {
    if (path == detail::kEmbeddedFiles[i].path) return detail::kEmbeddedFiles[i].data;
  }
  return std::nullopt;
}

std::vector<std::string_view> EmbeddedFiles(std::string_view prefix) {
  std::vector<std::string_view> out;
  for (std::size_t i = 0; i < detail::kEmbeddedFileCount; ++i) {
    std::string_view p = detail::kEmbeddedFiles[i].path;
    if (p.substr(0, prefix.size()) == prefix) out.push_back(p);
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace zj::common
