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

struct ImportSummary;

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
  // Runs inside the import's transaction once every row is written and journalled (never for
  // check_only or a file with errors; summary.import_id is set): a non-ok Status undoes the whole
  // import and is returned. The faces append the audit entry here (model::Store::AppendAudit),
  // so the data and the record of who wrote it commit together or not at all.
  std::function<Status(const ImportSummary&)> before_commit;
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

// Which school year an import may write (issue #15: a one-row import for 2100 used to become
// every user's default year): a year the database already holds (`years`, ascending) or the
// school year after the latest one — with an empty database, the current school year
// (`current_school_year`, by the clock) and the one after it. `allow_new_year` (county-level
// staff loading history, CLI --new-year) admits any year from 1949 to current_school_year + 1.
// kInvalidArgument with a Chinese message saying which years are accepted.
Status CheckImportYear(const std::vector<int>& years, int year, int current_school_year,
                       bool allow_new_year);

// Imports `path` into `store`, journalling into `log` (which must share the store's
// transaction: zj/storage/import_log.h). Returns a summary whenever the file could be examined,
// including files with errors (summary.errors > 0, nothing written) and unreadable files (one
// whole-file issue). A non-ok Status means an internal failure (database I/O), never bad input.
Result<ImportSummary> ImportFile(model::Store& store, model::ImportLog& log,
                                 const std::string& path, const ImportOptions& options);

// Undoes import `id`: rows it added are deleted, rows it changed get their before-images back,
// in one transaction. kNotFound for an unknown id; kFailedPrecondition when it was already
// undone or a later import that is still in effect touched the same rows (undo that one first).
// before_commit, when set, runs inside the undo's transaction after the rows are restored (the
// audit entry); a non-ok Status leaves everything as it was.
Status UndoImport(model::Store& store, model::ImportLog& log, int64_t id, const std::string& user,
                  const std::function<Status()>& before_commit = nullptr);

// The JSON form of a summary (stable keys; see docs/import.md).
std::string SummaryToJson(const ImportSummary& summary);

// Writes an .xlsx copy of the imported sheet with every cell that has an issue filled (red for
// errors, yellow for warnings) and commented, and a 错误说明 column appended, so that a school can
// fix the file and send it again. Works for xlsx and CSV inputs.
Status WriteAnnotatedCopy(const std::string& input_path, const ImportSummary& summary,
                          const std::string& out_path, const ReaderLimits& limits = {});

}  // namespace zj::io
