// `zhijiao map import|remove --db DB [FILE]`: the county's township boundaries (GeoJSON), checked
// and stored by the same service function as PUT /api/v1/map/townships (zj/service/map.h).
#include <ctime>
#include <iostream>

#include "cli_util.h"
#include "commands.h"
#include "zj/common/file.h"
#include "zj/service/map.h"

namespace zj::cli {

int RunMap(const MapOptions& opt) {
  service::Actor actor = service::CliActor();
  actor.address = "local (zhijiao map " + opt.action + ")";
  const int64_t now = static_cast<int64_t>(std::time(nullptr));
  if (opt.action == "remove") {
    auto store = OpenExistingStore(opt.db, /*read_only=*/false);
    if (!store.ok()) return FailWith(store.status());
    Status st = service::DeleteTownshipMap(**store, actor, now);
    if (!st.ok()) return FailWith(st);
    std::cout << "已删除乡镇边界\n";
    return kExitOk;
  }
  if (opt.action != "import") return FailBadInput("未知的 map 子命令：" + opt.action);
  auto text = common::ReadTextFile(opt.file, "GeoJSON 文件");
  if (!text.ok()) return FailWith(text.status());
  auto store = OpenExistingStore(opt.db, /*read_only=*/opt.check);
  if (!store.ok()) return FailWith(store.status());
  auto report = service::ImportTownshipMap(**store, *text, opt.check, actor, now);
  if (!report.ok()) return FailWith(report.status());
  for (const std::string& m : report->missing) std::cout << "提示：乡镇没有边界：" << m << "\n";
  if (!report->ok()) {
    std::cerr << service::MapReportText(*report, 50);
    return FailBadInput("GeoJSON 校验未通过（" + std::to_string(report->errors.size()) +
                        " 个问题），未写入");
  }
  std::cout << (opt.check ? "校验通过（未写入）：" : "已导入乡镇边界：") << report->matched
            << " 个乡镇";
  if (!report->missing.empty()) std::cout << "，" << report->missing.size() << " 个乡镇没有边界";
  std::cout << "\n";
  return kExitOk;
}

}  // namespace zj::cli
