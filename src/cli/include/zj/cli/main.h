// Entry point of the zhijiao command line (all subcommands). Returns the process exit code:
// 0 success, 1 internal failure, 2 bad input (arguments, files, unknown codes) — with one clear
// line on stderr.
#pragma once

namespace zj::cli {
int Main(int argc, char** argv);
}  // namespace zj::cli
