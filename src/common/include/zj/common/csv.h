// Minimal RFC 4180 CSV parsing of UTF-8 text held in memory (quoted fields, doubled quotes,
// newlines inside quotes, CRLF). Used for the embedded data files; the importer in `io` builds its
// streaming, encoding-detecting reader for outside files separately.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "zj/common/status.h"

namespace zj::common {

using CsvRow = std::vector<std::string>;

// Parses all rows; a leading UTF-8 BOM is skipped. Error (kInvalidArgument, with the line number)
// on an unterminated quoted field.
Result<std::vector<CsvRow>> ParseCsv(std::string_view text, char separator = ',');

// A parsed CSV with a header row: column lookup by name.
class CsvTable {
 public:
  static Result<CsvTable> Parse(std::string_view text, char separator = ',');
  const std::vector<std::string>& header() const { return header_; }
  const std::vector<CsvRow>& rows() const { return rows_; }
  // Index of the named column, or -1.
  int Column(std::string_view name) const;
  // Cell of `row` in the named column ("" when the column or cell is missing).
  std::string_view Get(const CsvRow& row, std::string_view column) const;

 private:
  std::vector<std::string> header_;
  std::vector<CsvRow> rows_;
};

}  // namespace zj::common
