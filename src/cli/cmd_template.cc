// `zhijiao template TABLE --out FILE.xlsx`: the fill-in template of a table (headers, drop-down
// lists, example row, instructions), from the same definition the importer uses.
#include <iostream>

#include "commands.h"
#include "zj/io/exporter.h"
#include "zj/io/schema.h"

namespace zj::cli {

int RunTemplate(const TemplateOptions& opt) {
  const io::TableDef* def = io::FindTable(opt.table);
  if (def == nullptr) {
    std::string names;
    for (const io::TableDef* t : io::Tables()) names += " " + t->name + "(" + t->title + ")";
    std::cerr << "zhijiao: 未知的表：" << opt.table << "；可选：" << names << "\n";
    return 2;
  }
  Status s = io::WriteTemplate(*def, opt.out);
  if (!s.ok()) {
    std::cerr << "zhijiao: " << s.message() << "\n";
    return 1;
  }
  std::cout << "已生成「" << def->title << "」导入模板：" << opt.out << "\n";
  return 0;
}

}  // namespace zj::cli
