// Data files compiled into the binary (everything under data/: code tables, indicator catalog,
// plans, standards). Lookup by the path relative to the repository root, e.g.
// "data/codes/school_type_codes_JYT1001.csv". Thread-safe (read-only static data).
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

namespace zj::common {

std::optional<std::string_view> EmbeddedFile(std::string_view path);
// All embedded paths starting with `prefix` (e.g. "data/plans/"), sorted.
std::vector<std::string_view> EmbeddedFiles(std::string_view prefix);

namespace detail {
struct EmbeddedEntry {
  const char* path;
  std::string_view data;
};
extern const EmbeddedEntry kEmbeddedFiles[];
extern const std::size_t kEmbeddedFileCount;
}  // namespace detail

}  // namespace zj::common
