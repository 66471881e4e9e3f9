// ImportLog: the journal of spreadsheet imports (who, when, which file, what changed) and the few
// storage operations the importer needs beyond Store: before-images for undo, point lookups and
// id allocation. The SQLite implementation (zj/storage/import_log.h) shares the Store's
// connection, so journal writes made inside Store::RunInTransaction commit or roll back together
// with the data they describe.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "zj/common/status.h"
#include "zj/model/records.h"

namespace zj::model {

struct ImportRecord {
  int64_t id = 0;          // assigned by AddImport
  std::string user;        // OS user or account that ran the import
  int64_t started_at = 0;  // Unix seconds
  std::string file_name;   // base name of the imported file
  std::string sha256;      // of the file's bytes
  std::string table;       // io table name ("students", …)
  int year = 0;            // school year given to the import (0 when not yearly)
  int64_t rows_read = 0, rows_added = 0, rows_changed = 0, rows_unchanged = 0;
  int64_t undone_at = 0;  // Unix seconds of the undo, 0 while in effect
  std::string undone_by;
};

// One stored row an import wrote. `before` is the row as it was (an opaque serialisation made by
// the importer), or empty when the import added the row.
struct ImportChange {
  std::string table;  // storage table: "school", "student", "enrolment", …
  std::string key;    // natural key, fields joined by '|'
  std::string before;
};

class ImportLog {
 public:
  virtual ~ImportLog() = default;

  // Journal. AddImport assigns and returns the id. Changes are kept in insertion order.
  virtual Result<int64_t> AddImport(const ImportRecord& record) = 0;
  virtual Status UpdateImport(const ImportRecord& record) = 0;  // counts and undo marks, by id
  virtual Status AddChanges(int64_t import_id, const std::vector<ImportChange>& changes) = 0;
  virtual Result<std::vector<ImportRecord>> ListImports() = 0;  // by id
  virtual Result<std::optional<ImportRecord>> GetImport(int64_t id) = 0;
  virtual Result<std::vector<ImportChange>> ListChanges(int64_t import_id) = 0;

  // Deletes one row by (table, key) as recorded in an ImportChange (undo of an added row).
  // kFailedPrecondition when other rows still reference it; kNotFound when it is gone.
  virtual Status DeleteRow(const std::string& table, const std::string& key) = 0;
  // Largest id in use in "student" or "class" (0 when empty).
  virtual Result<int64_t> MaxId(const std::string& table) = 0;
  // The enrolment row of (year, student), if any.
  virtual Result<std::optional<Enrolment>> FindEnrolment(int year, int64_t student_id) = 0;
  // Calls `fn` with the 身份证件号 of every stored student, in no particular order (the view
  // passed is valid only during the call). Lets an import of many new students tell "surely not
  // stored" apart without one point lookup per row.
  virtual Status ForEachStudentIdNumber(const std::function<void(std::string_view)>& fn) = 0;
};

}  // namespace zj::model
