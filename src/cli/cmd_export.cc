// `zhijiao export`: one table to .xlsx or .csv with the same column definitions as templates and
// import; personal columns masked unless --unmasked (the CLI is an administrator tool).
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli_util.h"
#include "commands.h"
#include "zj/io/exporter.h"
#include "zj/storage/open.h"

namespace zj::cli {

int RunExport(const ExportCliOptions& opt) {
  storage::OpenOptions o;
  o.read_only = !opt.unmasked;  // an unmasked export is recorded in the audit log
  auto store = storage::OpenStore(opt.db, o);
  if (!store.ok()) {
    std::cerr << "zhijiao: " << store.status().message() << "\n";
    return 2;
  }
  if (opt.unmasked) {
    // Recorded before any personal data leaves the database, like the API's personal.export.
    nlohmann::json what = {
        {"table", opt.table}, {"unit", opt.unit}, {"year", opt.year}, {"out", opt.out}};
    Status audited = AuditCli(**store, "zhijiao export --unmasked", "personal.export",
                              "export:" + opt.table, "", what.dump());
    if (!audited.ok()) return FailWith(audited);
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
