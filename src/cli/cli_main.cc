// Command-line parsing for every zhijiao subcommand (CLI11 lives in this one translation unit).
// Each command's work is a plain function in cmd_*.cc declared in commands.h.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>

#include "commands.h"
#include "zj/cli/main.h"

namespace zj::cli {

int Main(int argc, char** argv) {
  CLI::App app{"zhijiao (智教) — county education data platform / 县域教育数据平台"};
  app.set_version_flag("--version", std::string("zhijiao ") + kVersion);
  app.require_subcommand(1);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "zhijiao: " << e.what() << " (see zhijiao --help)\n";
    return 2;
  }
  return 0;
}

}  // namespace zj::cli
