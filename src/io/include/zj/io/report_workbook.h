// A plain report workbook: named sheets of a few title lines, one bold header row and rows of
// text / number / empty cells (libxlsxwriter). Used for computed tables such as the projection's
// 十五五 targets and school tables, where the content is already built by the caller.
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "zj/common/status.h"

namespace zj::io {

using ReportCell = std::variant<std::monostate, double, std::string>;

struct ReportSheet {
  std::string name;                      // ≤ 31 characters, no []:*?/\ (checked)
  std::vector<std::string> title_lines;  // written above the header (first one bold)
  std::vector<std::string> headers;
  std::vector<std::vector<ReportCell>> rows;  // each row at most headers.size() cells
  int decimals = 1;                           // number format of numeric cells
};

// Writes the sheets to `path` (written to a temporary file first, renamed on success: a failed
// write leaves no partial file). kInvalidArgument for no sheets, a bad or duplicate sheet name or a
// row wider than the header; kIoError when the file cannot be written.
Status WriteReportWorkbook(const std::vector<ReportSheet>& sheets, const std::string& path);

// The same workbook as bytes (through a temporary file in the system temp directory).
Result<std::string> ReportWorkbookBytes(const std::vector<ReportSheet>& sheets);

}  // namespace zj::io
