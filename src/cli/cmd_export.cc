// `zhijiao export`: one table to .xlsx or .csv with the same column definitions as templates and
// import; personal columns masked unless --unmasked (the CLI is an administrator tool).
#include <iostream>

#include "commands.h"
#include "zj/io/exporter.h"
#include "zj/storage/open.h"

namespace zj::cli {

int RunExport(const ExportCliOptions& opt) {
  storage::OpenOptions o;
  o.read_only = true;
  auto store = storage::OpenStore(opt.db, o);
  if (!store.ok()) {
    std::cerr << "zhijiao: " << store.status().message() << "\n";
    return 2;
  }
  io::ExportOptions e{opt.table, opt.year, opt.unit, opt.unmasked};
  auto r = io::ExportTable(**store, e, opt.out);
  if (!r.ok()) {
    std::cerr << "zhijiao: " << r.status().message() << "\n";
    return r.status().code() == StatusCode::kIoError ? 1 : 2;
  }
  std::cout << "已导出 " << r->rows << " 行到 " << opt.out
            << (opt.unmasked ? "（含完整个人信息，请妥善保管）" : "（个人信息已脱敏）") << "\n";
  return 0;
}

}  // namespace zj::cli
