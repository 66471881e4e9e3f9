// The cell and row model shared by the spreadsheet readers (CSV and XLSX): a sheet is read as a
// stream of sparse rows, one at a time, so that a million-row file never sits in memory. Readers
// enforce size limits (ReaderLimits) and return a clear Chinese error instead of crashing on
// hostile input.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "zj/common/status.h"

namespace zj::io {

enum class CellType {
  kEmpty = 0,
  kString,  // text (CSV cells, shared/inline strings, formula string results)
  kNumber,  // a numeric cell; `text` holds its plain decimal rendering
  kDate,    // a numeric cell with a date number format; `text` is "YYYY-MM-DD" (or with time)
  kBool,    // `text` is "TRUE" / "FALSE"
  kError,   // an Excel error value; `text` is "#N/A", "#DIV/0!" …
};

struct Cell {
  int col = 0;  // 0-based column (A = 0)
  CellType type = CellType::kEmpty;
  std::string text;      // the value as text (see CellType)
  double number = 0;     // the raw value of kNumber / kDate cells (Excel serial for dates)
  bool formula = false;  // the cell holds a formula (the value is its cached result)
};

struct SheetRow {
  int64_t row = 0;          // 1-based row number as the user sees it
  std::vector<Cell> cells;  // sparse, ascending by col, no kEmpty cells
  // The cell in column `col`, or nullptr.
  const Cell* Find(int col) const;
};

// Limits that keep hostile files from exhausting memory or time. Defaults follow Excel's own
// limits where they exist (1,048,576 rows, 16,384 columns, 32,767 characters per cell).
struct ReaderLimits {
  int64_t max_rows = 1'048'576;
  int max_columns = 16'384;
  int64_t max_cell_bytes = 32'767 * 3;  // 32,767 characters of up to 3 UTF-8 bytes
  // XLSX: largest uncompressed size of one zip entry, and of all shared strings held in memory.
  int64_t max_entry_bytes = int64_t{2} << 30;
  int64_t max_shared_string_bytes = int64_t{256} << 20;
  int64_t max_shared_strings = 4'000'000;
  // XLSX: an entry that inflates more than this ratio (and beyond 16 MiB) is a zip bomb.
  int64_t max_compression_ratio = 1000;
};

// A forward-only stream of the rows of one sheet.
class RowSource {
 public:
  virtual ~RowSource() = default;
  // Reads the next non-empty row into *row. Returns false at the end of the sheet; an error
  // (kInvalidArgument for malformed content, kResourceExhausted for a limit, kIoError) otherwise.
  // After an error the source is finished.
  virtual Result<bool> Next(SheetRow* row) = 0;
  // Sheet name ("" for CSV).
  virtual const std::string& sheet_name() const = 0;
};

// "A" for 0, "AB" for 27 …; and the inverse on a cell reference's letters ("C5" → 2), -1 when
// the reference has no letters or exceeds 3 letters.
std::string ColumnLetters(int col);
int ColumnIndexOfRef(std::string_view ref);

}  // namespace zj::io
