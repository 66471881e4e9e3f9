// Opening an input file by its CONTENT, not its extension (internal to io): zip → XLSX; OLE2 →
// legacy .xls (refused with advice); HTML/SpreadsheetML-2003 disguised as .xls (refused with
// advice); anything else → delimited text (a GBK tab-separated "xls" export is text). Also picks
// the sheet and header row whose column NAMES match a table.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "zj/io/cell.h"
#include "zj/io/schema.h"
#include "zj/io/xlsx_reader.h"

namespace zj::io::internal {

enum class InputFormat { kXlsx, kText, kLegacyXls, kHtml, kEmpty };

// Sniffs the first bytes. kNotFound / kIoError when the file cannot be read.
Result<InputFormat> DetectFormat(const std::string& path);

// An opened input: the workbook (xlsx) and the chosen sheet's row source positioned after the
// header row.
struct OpenedInput {
  std::string format;    // "xlsx" / "csv"
  std::string encoding;  // CSV encoding name
  std::unique_ptr<XlsxWorkbook> workbook;
  std::unique_ptr<RowSource> rows;
  std::string sheet;
  int64_t header_row = 0;
  // file column → table column index, and the header text as written.
  std::vector<std::pair<int, int>> mapping;
  std::vector<std::string> headers;                  // by file column (for every header cell)
  std::vector<std::pair<int, std::string>> unknown;  // file column, header
  std::vector<std::string> duplicate_headers;        // table headers mapped twice
};

// Opens `path` and finds the sheet (the named one, else the first whose headers match) and the
// header row (within the first 30 rows) that maps every required column of `def`. On failure:
// kInvalidArgument with a Chinese message naming what is missing, with rule code through *code
// ("file_format", "file_read", "missing_column", "no_sheet").
Result<OpenedInput> OpenInput(const std::string& path, const TableDef& def,
                              const std::string& sheet, const ReaderLimits& limits,
                              std::string* code);

// Opens `path` again and returns a row source over sheet `sheet` (from row 1), for the
// annotated copy. The workbook (if any) is returned through *workbook.
Result<std::unique_ptr<RowSource>> ReopenSheet(const std::string& path, const std::string& sheet,
                                               const ReaderLimits& limits,
                                               std::unique_ptr<XlsxWorkbook>* workbook);

}  // namespace zj::io::internal
