// zhijiao — thin main: everything happens in zj::cli::Main (src/cli).
#include "zj/cli/main.h"

int main(int argc, char** argv) { return zj::cli::Main(argc, argv); }
