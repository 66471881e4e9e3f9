// `zhijiao serve`: everything between the parsed command line and a running server — config
// file, the one-server-per-database lock, opening the stores, signals, and the start/stop lines
// on stderr. The command line reaches it through the callback the binary passes to
// zj::cli::Main (apps/zhijiao), so that no CLI file includes a server header.
#pragma once

#include <string>

#include "zj/common/status.h"

namespace zj::server {

struct ServeOptions {
  std::string db;
  std::string host;  // "" = from config or 127.0.0.1
  int port = -1;     // -1 = from config or 8080
  std::string config;
  std::string web_root;  // "" = from config or web/dist of the checkout
};

// Runs the server until SIGINT/SIGTERM. Errors (bad config, database locked by another server,
// missing database, port in use) are returned before anything is served.
Status Serve(const ServeOptions& opt);

// Whether a listen address reaches only this machine: "localhost", 127.0.0.0/8, ::1 (also in
// brackets or as ::ffff:127.x.y.z). Any other address or host name is reachable from outside.
bool IsLoopbackHost(const std::string& host);

}  // namespace zj::server
