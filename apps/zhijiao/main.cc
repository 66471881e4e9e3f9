// zhijiao — the one binary: the command line (src/cli), with `serve` bound to the HTTP server
// (src/server). This file is the only place where the two faces meet.
#include "zj/cli/main.h"

#include "zj/server/serve.h"

int main(int argc, char** argv) {
  return zj::cli::Main(argc, argv, [](const zj::cli::ServeArgs& a) {
    return zj::server::Serve(zj::server::ServeOptions{a.db, a.host, a.port, a.config, a.web_root});
  });
}
