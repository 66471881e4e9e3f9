// Templates and exports. Both are driven by the same TableDef as the importer, so an exported
// file imports back unchanged (export → import is the identity when personal fields are not
// masked) and a filled-in template imports without any column mapping.
#pragma once

#include <string>

#include "zj/common/status.h"
#include "zj/io/schema.h"
#include "zj/model/store.h"

namespace zj::io {

// Writes an .xlsx template for `table`: the data sheet with Chinese headers (required ones in
// red, hints as header comments), text format on identifier columns, drop-down lists (data
// validation) on coded columns fed from a hidden 代码表 sheet, an example row (skipped by the
// importer when left in), and a 填写说明 sheet describing every column.
Status WriteTemplate(const TableDef& table, const std::string& out_path);

struct ExportOptions {
  std::string table;
  int year = 0;           // school year (yearly tables); 0 is refused for yearly tables
  std::string unit;       // "" = everything; a school code (10 digits), township (9) or county (6)
  bool unmasked = false;  // false: personal columns (names, 身份证件号, birth dates) are masked
};

struct ExportResult {
  int64_t rows = 0;
};

// Writes `table` to `out_path`: .xlsx (same layout as the template, without the example row) or
// .csv (UTF-8 with BOM, comma-separated, CRLF). kInvalidArgument for an unknown table, a missing
// year or another extension.
Result<ExportResult> ExportTable(model::Store& store, const ExportOptions& options,
                                 const std::string& out_path);

}  // namespace zj::io
