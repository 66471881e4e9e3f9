// `zhijiao import`: validate and import one spreadsheet (xlsx or CSV) into a table, write the
// JSON report and the annotated xlsx copy, list past imports, and undo one. All checking and
// writing is done by zj::io; this file maps options and results to the terminal.
#include <pwd.h>
#include <unistd.h>

#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli_util.h"
#include "commands.h"
#include "zj/common/date.h"
#include "zj/io/importer.h"
#include "zj/io/memory_import_log.h"
#include "zj/io/schema.h"
#include "zj/storage/import_log.h"
#include "zj/storage/open.h"
#include "zj/storage/serve_lock.h"

namespace zj::cli {
namespace {

int Fail(const Status& s) {
  std::cerr << "zhijiao: " << s.message() << "\n";
  return s.code() == StatusCode::kInternal || s.code() == StatusCode::kIoError ||
                 s.code() == StatusCode::kDataLoss
             ? 1
             : 2;
}

// The store and its journal (SQLite journal, or an in-memory one for ":memory:").
struct Opened {
  std::unique_ptr<model::Store> store;
  std::unique_ptr<model::ImportLog> log;
};

Result<Opened> Open(const std::string& db, bool read_only) {
  if (db.empty()) return Status::InvalidArgument("缺少 --db 参数 (missing --db FILE)");
  storage::OpenOptions o;
  o.read_only = read_only;
  Opened out;
  ZJ_ASSIGN_OR_RETURN(out.store, storage::OpenStore(db, o));
  out.log = storage::NewImportLogFor(*out.store);
  if (!out.log) out.log = io::NewMemoryImportLog(*out.store);
  return out;
}

std::string TimeText(int64_t t) {
  if (t == 0) return "";
  std::time_t tt = static_cast<std::time_t>(t);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", std::localtime(&tt));
  return buf;
}

}  // namespace

std::string CurrentUser() {
  if (const passwd* pw = getpwuid(getuid())) return pw->pw_name;
  if (const char* u = std::getenv("USER")) return u;
  return "unknown";
}

int RunImport(const ImportCliOptions& opt) {
  if (opt.file.empty()) return Fail(Status::InvalidArgument("缺少要导入的文件 (missing FILE)"));
  if (!opt.check) {
    Status free = storage::CheckNoServer(opt.db, "导入");
    if (!free.ok()) return Fail(free);
  }
  auto opened = Open(opt.db, /*read_only=*/opt.check);
  if (!opened.ok()) return Fail(opened.status());
  const io::TableDef* def = io::FindTable(opt.table);
  if (opt.year != 0 && def != nullptr && def->yearly) {
    auto years = opened->store->ListYears();
    if (!years.ok()) return Fail(years.status());
    const int current = SchoolYearOf(Date::FromDays(std::time(nullptr) / 86400));
    Status y = io::CheckImportYear(*years, opt.year, current, opt.new_year);
    if (!y.ok()) return Fail(y);
  }
  io::ImportOptions o;
  o.table = opt.table;
  o.year = opt.year;
  o.check_only = opt.check;
  o.sheet = opt.sheet;
  o.user = opt.user.empty() ? CurrentUser() : opt.user;
  model::Store& store = *opened->store;
  o.before_commit = [&](const io::ImportSummary& s) {
    nlohmann::json after = {{"import_id", s.import_id},
                            {"table", s.table},
                            {"year", s.year},
                            {"file_name", s.file},
                            {"sha256", s.sha256},
                            {"rows_added", s.rows_added},
                            {"rows_changed", s.rows_changed},
                            {"rows_unchanged", s.rows_unchanged}};
    return AuditCli(store, "zhijiao import", "import.write", "table:" + s.table, "", after.dump());
  };
  auto r = io::ImportFile(store, *opened->log, opt.file, o);
  if (!r.ok()) return Fail(r.status());
  const io::ImportSummary& s = *r;
  if (!opt.report.empty()) {
    std::ofstream out(opt.report, std::ios::binary);
    out << io::SummaryToJson(s) << "\n";
    if (!out) return Fail(Status::IoError("无法写入报告：" + opt.report));
  }
  if (!opt.report_xlsx.empty()) {
    Status w = io::WriteAnnotatedCopy(opt.file, s, opt.report_xlsx, o.limits);
    if (!w.ok()) std::cerr << "zhijiao: 未能生成批注副本：" << w.message() << "\n";
  }
  int shown = 0;
  for (const auto& i : s.issues) {
    if (i.severity == io::Severity::kInfo) continue;
    if (++shown > 20) break;
    std::string where = i.row == 0 ? "文件" : "第 " + std::to_string(i.row) + " 行";
    if (!i.column.empty()) where += "「" + i.column + "」";
    std::cout << (i.severity == io::Severity::kError ? "错误 " : "警告 ") << where << " [" << i.code
              << "] " << i.message << "\n";
  }
  if (s.errors + s.warnings > 20) {
    std::cout << "……共 " << s.errors << " 个错误、" << s.warnings
              << " 个警告，完整列表见 --report / --report-xlsx\n";
  }
  std::cout << s.table << (s.year ? " " + std::to_string(s.year) + "学年" : "") << "：读取 "
            << s.rows_read << " 行，新增 " << s.rows_added << "，修改 " << s.rows_changed
            << "，未变 " << s.rows_unchanged << "；错误 " << s.errors << "，警告 " << s.warnings
            << "。";
  if (s.written) {
    std::cout << "已导入（导入编号 #" << s.import_id << "，可用 zhijiao import undo 撤销）\n";
  } else if (s.check_only) {
    std::cout << (s.errors ? "检查未通过" : "检查通过") << "（--check：未写入）\n";
  } else {
    std::cout << "未导入任何数据：请改正错误后重新导入\n";
  }
  return s.errors > 0 ? 2 : 0;
}

int RunImportUndo(const ImportUndoOptions& opt) {
  Status free = storage::CheckNoServer(opt.db, "撤销导入");
  if (!free.ok()) return Fail(free);
  auto opened = Open(opt.db, false);
  if (!opened.ok()) return Fail(opened.status());
  auto found = opened->log->GetImport(opt.id);
  if (!found.ok()) return Fail(found.status());
  const std::string before = *found ? nlohmann::json{{"import_id", opt.id},
                                                     {"table", (*found)->table},
                                                     {"year", (*found)->year},
                                                     {"file_name", (*found)->file_name}}
                                          .dump()
                                    : "";
  Status s = io::UndoImport(*opened->store, *opened->log, opt.id,
                            opt.user.empty() ? CurrentUser() : opt.user, [&] {
                              return AuditCli(*opened->store, "zhijiao import undo", "import.undo",
                                              "import:" + std::to_string(opt.id), before, "");
                            });
  if (!s.ok()) return Fail(s);
  std::cout << "已撤销导入 #" << opt.id << "\n";
  return 0;
}

int RunImportList(const ImportListOptions& opt) {
  auto opened = Open(opt.db, true);
  if (!opened.ok()) return Fail(opened.status());
  auto list = opened->log->ListImports();
  if (!list.ok()) return Fail(list.status());
  for (const auto& r : *list) {
    std::cout << "#" << r.id << "\t" << TimeText(r.started_at) << "\t" << r.user << "\t" << r.table
              << "\t" << (r.year ? std::to_string(r.year) : "-") << "\t" << r.file_name << "\t新增 "
              << r.rows_added << " 修改 " << r.rows_changed << "\tsha256:" << r.sha256.substr(0, 12)
              << (r.undone_at ? "\t已撤销(" + r.undone_by + " " + TimeText(r.undone_at) + ")" : "")
              << "\n";
  }
  return 0;
}

}  // namespace zj::cli
