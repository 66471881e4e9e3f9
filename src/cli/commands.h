// Declarations of the command functions (one cmd_*.cc each). Options arrive as plain structs
// so that only cli_main.cc includes CLI11. Every function returns the process exit code and
// writes its one-line error to stderr.
#pragma once

#include <string>

namespace zj::cli {

inline constexpr const char* kVersion = "0.1.0";

}  // namespace zj::cli
