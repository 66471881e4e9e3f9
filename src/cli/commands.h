// Declarations of the command functions (one cmd_*.cc each). Options arrive as plain structs
// so that only cli_main.cc includes CLI11. Every function returns the process exit code and
// writes its one-line error to stderr.
#pragma once

#include <string>

namespace zj::cli {

inline constexpr const char* kVersion = "0.1.0";

// zhijiao import --db FILE --table NAME [--year Y] FILE [--check] [--report OUT.json]
//                [--report-xlsx OUT.xlsx] [--sheet NAME] [--user NAME]
struct ImportCliOptions {
  std::string db, table, file, report, report_xlsx, sheet, user;
  int year = 0;
  bool check = false;
};
int RunImport(const ImportCliOptions& opt);
// zhijiao import undo --db FILE ID [--user NAME]
struct ImportUndoOptions {
  std::string db, user;
  int64_t id = 0;
};
int RunImportUndo(const ImportUndoOptions& opt);
// zhijiao import list --db FILE
struct ImportListOptions {
  std::string db;
};
int RunImportList(const ImportListOptions& opt);
// The OS user name (recorded in the import journal).
std::string CurrentUser();

// zhijiao export --db FILE --table NAME [--unit CODE] [--year Y] --out FILE [--unmasked]
struct ExportCliOptions {
  std::string db, table, unit, out;
  int year = 0;
  bool unmasked = false;
};
int RunExport(const ExportCliOptions& opt);

// zhijiao template TABLE --out FILE.xlsx
struct TemplateOptions {
  std::string table, out;
};
int RunTemplate(const TemplateOptions& opt);

}  // namespace zj::cli
