// Spreadsheet import: one call reads a file (xlsx or delimited text, detected from the content),
// finds the sheet and header row by column NAMES, validates every cell, and upserts the rows by
// natural key inside ONE Store transaction — a file with any error writes nothing. Every import
// is journalled (who, when, file, SHA-256, counts, before-images) and can be undone.
//
// Rule codes (Issue::code) are stable; see docs/import.md for the full list.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "zj/common/status.h"
#include "zj/io/cell.h"
#include "zj/model/import_log.h"
#include "zj/model/store.h"

namespace zj::io {

enum class Severity { kError, kWarning, kInfo };
const char* SeverityName(Severity s);  // "error", "warning", "info"

struct Issue {
  Severity severity = Severity::kError;
  std::string code;     // stable rule code ("required", "id_checksum", …)
  std::string sheet;    // sheet name ("" for CSV)
  int64_t row = 0;      // 1-based row in the file; 0 for the whole file
  int col = -1;         // 0-based column in the file; -1 when not about one cell
  std::string column;   // the column's header as written in the file (or the table's header)
  std::string value;    // the cell's value as read
  std::string message;  // reason in Chinese
};

// The units a row belongs to, for the caller's scope check (ImportOptions::unit_allowed): the
// school (学校标识码 column; for the schools table the row's own code), the township (the 乡镇
// column of tables without a school column, and of the schools table) and the unit of a manual
// data value. Empty when the table has no such column.
struct RowUnits {
  std::string school;
  std::string township;
  std::string unit;
};

struct ImportOptions {
  std::string table;        // io table name or Chinese title (see zj/io/schema.h)
  int year = 0;             // school year; required for yearly tables
  bool check_only = false;  // validate and report, write nothing
  std::string sheet;        // preferred sheet name; "" = first sheet whose headers match
  std::string user;         // recorded in the journal
  ReaderLimits limits;
  int64_t max_issues = 100'000;  // issues kept in the summary (all are counted)
  // Plausibility warnings (never block): age outside expected ± tolerance for the grade (6-3-3
  // entry ages, an inference), and classes at or above the 大班额 size (standards README §4.9,
  // secondary source — configurable).
  int age_tolerance = 2;
  int large_class_size = 56;
  // Scope of the importing account (the server sets it): a row whose units it refuses gets an
  // `out_of_scope` error (so the file writes nothing). Unset = no restriction (the CLI).
  std::function<bool(const RowUnits&)> unit_allowed;
};

struct ImportSummary {
  std::string file;  // path as given
  std::string sha256;
  std::string format;    // "xlsx" or "csv"
  std::string encoding;  // CSV only
  std::string sheet;
  int64_t header_row = 0;
  std::string table;
  int year = 0;
  std::vector<std::string> unknown_columns;
  // Mapping used: file column (0-based) → table column key; for the annotated copy.
  std::vector<std::pair<int, std::string>> columns;
  int64_t rows_read = 0, rows_added = 0, rows_changed = 0, rows_unchanged = 0;
  int64_t errors = 0, warnings = 0;
  std::vector<Issue> issues;  // at most ImportOptions::max_issues, in file order
  bool issues_truncated = false;
  bool check_only = false;
  bool written = false;   // the data was committed
  int64_t import_id = 0;  // journal id when written
};

// Imports `path` into `store`, journalling into `log` (which must share the store's
// transaction: zj/storage/import_log.h). Returns a summary whenever the file could be examined,
// including files with errors (summary.errors > 0, nothing written) and unreadable files (one
// whole-file issue). A non-ok Status means an internal failure (database I/O), never bad input.
Result<ImportSummary> ImportFile(model::Store& store, model::ImportLog& log,
                                 const std::string& path, const ImportOptions& options);

// Undoes import `id`: rows it added are deleted, rows it changed get their before-images back,
// in one transaction. kNotFound for an unknown id; kFailedPrecondition when it was already
// undone or a later import that is still in effect touched the same rows (undo that one first).
Status UndoImport(model::Store& store, model::ImportLog& log, int64_t id, const std::string& user);

// The JSON form of a summary (stable keys; see docs/import.md).
std::string SummaryToJson(const ImportSummary& summary);

// Writes an .xlsx copy of the imported sheet with every cell that has an issue filled (red for
// errors, yellow for warnings) and commented, and a 错误说明 column appended, so that a school can
// fix the file and send it again. Works for xlsx and CSV inputs.
Status WriteAnnotatedCopy(const std::string& input_path, const ImportSummary& summary,
                          const std::string& out_path, const ReaderLimits& limits = {});

}  // namespace zj::io
