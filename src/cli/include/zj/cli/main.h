// Entry point of the zhijiao command line (all subcommands). Returns the process exit code:
// 0 success, 1 internal failure, 2 bad input (arguments, files, unknown codes) — with one clear
// line on stderr.
//
// `zhijiao serve` is parsed here but run by the caller's `serve` function (the binary passes
// zj::server::Serve), so the command line never depends on the HTTP server.
#pragma once

#include <functional>
#include <string>

#include "zj/common/status.h"

namespace zj::cli {

// zhijiao serve --db FILE [--host H] [--port N] [--config FILE] [--web-root DIR]
struct ServeArgs {
  std::string db;
  std::string host;  // "" = from config or 127.0.0.1
  int port = -1;     // -1 = from config or 8080
  std::string config;
  std::string web_root;
};
using ServeFn = std::function<Status(const ServeArgs&)>;

int Main(int argc, char** argv, const ServeFn& serve);

}  // namespace zj::cli
