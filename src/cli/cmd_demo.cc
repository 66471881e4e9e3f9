// `zhijiao demo`: builds the synthetic demo county (microsimulation, src/sim) into a NEW database
// file. It writes into a temporary file next to the target and renames it on success, so a failed
// or interrupted run leaves nothing behind and never touches an existing file.
#include <filesystem>
#include <iostream>

#include "cli_util.h"
#include "commands.h"
#include "zj/sim/demo.h"
#include "zj/storage/open.h"

namespace zj::cli {

int RunDemo(const DemoOptions& opt) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (opt.db.empty()) return FailBadInput("缺少 --db 参数 (missing --db FILE)");
  if (fs::exists(opt.db, ec)) {
    return FailBadInput("文件已存在，不会覆盖：" + opt.db + " (file exists; choose a new path)");
  }
  auto years = ParseYearRange(opt.years);
  if (!years.ok()) return FailWith(years.status());
  if (opt.counties < 1 || opt.counties > 100) {
    return FailBadInput("--counties 应在 1 到 100 之间");
  }
  fs::path target(opt.db);
  fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  if (!fs::is_directory(dir, ec)) return FailBadInput("目录不存在：" + dir.string());
  fs::path tmp = dir / ("." + target.filename().string() + ".tmp");
  fs::remove(tmp, ec);

  Status st;
  {
    storage::OpenOptions so;
    so.create_if_missing = true;
    auto store = storage::OpenStore(tmp.string(), so);
    if (!store.ok()) return FailWith(store.status());
    sim::DemoOptions d;
    d.seed = opt.seed;
    d.counties = opt.counties;
    d.first_year = years->first;
    d.last_year = years->second;
    st = sim::GenerateDemo(d, **store);
  }
  if (!st.ok()) {
    fs::remove(tmp, ec);
    fs::remove(tmp.string() + "-wal", ec);
    fs::remove(tmp.string() + "-shm", ec);
    return FailWith(st);
  }
  fs::rename(tmp, target, ec);
  if (ec) {
    fs::remove(tmp, ec);
    return FailBadInput("无法写入 " + opt.db + "：" + ec.message());
  }
  std::cerr << "zhijiao: 已生成合成演示数据库 (synthetic demo database written): " << opt.db
            << "\n";
  return kExitOk;
}

}  // namespace zj::cli
