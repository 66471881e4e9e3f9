// Command-line parsing for every zhijiao subcommand (CLI11 lives in this one translation unit).
// Each command's work is a plain function in cmd_*.cc declared in commands.h.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>

#include "commands.h"
#include "zj/cli/main.h"

namespace zj::cli {

int Main(int argc, char** argv) {
  int exit_code = 0;
  CLI::App app{"zhijiao (智教) — county education data platform / 县域教育数据平台"};
  app.set_version_flag("--version", std::string("zhijiao ") + kVersion);
  app.require_subcommand(1);

  // ---- import / export / template (zj::io) ----
  ImportCliOptions import_opt;
  ImportUndoOptions undo_opt;
  ImportListOptions import_list;
  auto* import_cmd = app.add_subcommand(
      "import", "导入 Excel/CSV 表格（逐格校验，出错不写入）/ import a spreadsheet");
  import_cmd->require_subcommand(0, 1);
  import_cmd->add_option("--db", import_opt.db, "database file");
  import_cmd->add_option("--table", import_opt.table,
                         "schools|facilities|classes|students|teachers|population|births|"
                         "data_values");
  import_cmd->add_option("--year", import_opt.year, "school year (学年), e.g. 2024");
  import_cmd->add_flag("--check", import_opt.check, "validate only, write nothing");
  import_cmd->add_option("--report", import_opt.report, "write the JSON report here");
  import_cmd->add_option("--report-xlsx", import_opt.report_xlsx,
                         "write an annotated xlsx copy (bad cells highlighted) here");
  import_cmd->add_option("--sheet", import_opt.sheet, "sheet name (default: first that matches)");
  import_cmd->add_option("--user", import_opt.user, "name recorded in the import journal");
  import_cmd->add_option("file", import_opt.file, "FILE.xlsx or FILE.csv");
  auto* undo_cmd = import_cmd->add_subcommand("undo", "撤销一次导入 / undo an import");
  undo_cmd->add_option("--db", undo_opt.db, "database file")->required();
  undo_cmd->add_option("id", undo_opt.id, "import id (see zhijiao import list)")->required();
  undo_cmd->add_option("--user", undo_opt.user, "name recorded in the import journal");
  undo_cmd->callback([&] { exit_code = RunImportUndo(undo_opt); });
  auto* list_cmd = import_cmd->add_subcommand("list", "导入记录 / the import journal");
  list_cmd->add_option("--db", import_list.db, "database file")->required();
  list_cmd->callback([&] { exit_code = RunImportList(import_list); });
  import_cmd->callback([&] {
    if (import_cmd->get_subcommands().empty()) exit_code = RunImport(import_opt);
  });

  ExportCliOptions export_opt;
  auto* export_cmd = app.add_subcommand("export", "导出为 Excel/CSV / export a table");
  export_cmd->add_option("--db", export_opt.db, "database file")->required();
  export_cmd->add_option("--table", export_opt.table, "table name")->required();
  export_cmd->add_option("--unit", export_opt.unit, "school, township or county code");
  export_cmd->add_option("--year", export_opt.year, "school year (学年)");
  export_cmd->add_option("--out", export_opt.out, "FILE.xlsx or FILE.csv")->required();
  export_cmd->add_flag("--unmasked", export_opt.unmasked,
                       "include full names, 身份证件号 and birth dates (administrators only)");
  export_cmd->callback([&] { exit_code = RunExport(export_opt); });

  TemplateOptions template_opt;
  auto* template_cmd = app.add_subcommand("template", "生成导入模板 / write an import template");
  template_cmd->add_option("table", template_opt.table, "table name")->required();
  template_cmd->add_option("--out", template_opt.out, "FILE.xlsx")->required();
  template_cmd->callback([&] { exit_code = RunTemplate(template_opt); });

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
  return exit_code;
}

}  // namespace zj::cli
