// Internal machinery behind the table definitions: a parsed cell Value, the typed Field<Row>
// that binds one ColumnDef to a record's member (set on import, get on export), and the
// TableHandler interface each table implements once (tables_*.cc). The public TableDef of a
// table is derived from its Field list, so a column is written down in exactly one place.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "zj/common/date.h"
#include "zj/io/importer.h"
#include "zj/io/schema.h"
#include "zj/model/import_log.h"
#include "zj/model/store.h"

namespace zj::io::internal {

// One cell after parsing by its ColumnType.
struct Value {
  bool present = false;  // the cell had a value
  std::string text;      // normalised text; the code of kCode; "YYYY-MM-DD" of kDate
  int64_t integer = 0;   // kInteger, kBool (0/1), numeric codes
  double number = 0;     // kDecimal (and kInteger)
  Date date;             // kDate

  static Value Text(std::string s) {
    Value v;
    v.present = !s.empty();
    v.text = std::move(s);
    return v;
  }
  static Value Int(int64_t i) {
    Value v;
    v.present = true;
    v.integer = i;
    v.number = static_cast<double>(i);
    v.text = std::to_string(i);
    return v;
  }
  static Value Number(double d);
  static Value Bool(bool b) {
    Value v = Int(b ? 1 : 0);
    return v;
  }
  static Value Code(std::string_view code);  // text = code; integer when numeric
  static Value Day(const Date& d);
};

template <typename Row>
struct Field {
  ColumnDef def;
  void (*set)(Row&, const Value&);
  Value (*get)(const Row&);
};

// Reference data shared by the handlers of one import or export.
struct References {
  std::unordered_map<std::string, model::School> schools;  // by code
  bool townships_known = false;               // false: any well-formed 9-digit code is accepted
  std::unordered_set<std::string> townships;  // 9-digit codes
  std::unordered_map<std::string, std::string> township_by_name;
  std::string county_code;

  Status Load(model::Store& store);
};

// Issue sink for one row, addressed by column key; the importer maps keys to file columns.
class RowReporter {
 public:
  virtual ~RowReporter() = default;
  virtual void Report(Severity severity, std::string_view column_key, std::string code,
                      std::string message) = 0;
  void Error(std::string_view key, std::string code, std::string message) {
    Report(Severity::kError, key, std::move(code), std::move(message));
  }
  void Warning(std::string_view key, std::string code, std::string message) {
    Report(Severity::kWarning, key, std::move(code), std::move(message));
  }
};

// Issue sink for findings after all rows (class sizes): addressed by file row and column key.
class FileReporter {
 public:
  virtual ~FileReporter() = default;
  virtual void Report(Severity severity, int64_t row, std::string_view column_key, std::string code,
                      std::string message) = 0;
};

struct ImportEnv {
  model::Store* store = nullptr;
  model::ImportLog* log = nullptr;
  const ImportOptions* options = nullptr;
  References* refs = nullptr;
  int year = 0;
  bool write = true;         // false in check mode and after the first error
  std::vector<bool> mapped;  // by column index: the file has this column
  int64_t added = 0, changed = 0, unchanged = 0;
  std::vector<model::ImportChange> changes;  // not yet journalled
};

struct ExportFilter {
  int year = 0;
  std::string unit;  // "" = all; a school, township or county code
};

class TableHandler {
 public:
  virtual ~TableHandler() = default;
  virtual const TableDef& def() const = 0;

  // ---- import ----
  // Loads what the table needs (existing rows, ids) before the first row.
  virtual Status Begin(ImportEnv& env) = 0;
  // Natural key of a parsed row for duplicate_in_file ("" when it cannot be formed).
  virtual std::string NaturalKey(const std::vector<Value>& values) const = 0;
  // Builds the records of one row that passed cell validation; table rules may add issues.
  virtual void AddRow(int64_t row, const std::vector<Value>& values, RowReporter& reporter,
                      ImportEnv& env) = 0;
  // Number of rows waiting for Flush.
  virtual size_t pending() const = 0;
  // Compares pending rows with the store, counts added/changed/unchanged, records changes with
  // before-images and (when env.write) upserts them.
  virtual Status Flush(ImportEnv& env) = 0;
  // Checks that need every row (e.g. class sizes).
  virtual void Finish(ImportEnv& env, FileReporter& reporter) { (void)env, (void)reporter; }

  // ---- export ----
  virtual Status Export(model::Store& store, const References& refs, const ExportFilter& filter,
                        const std::function<Status(const std::vector<Value>&)>& emit) = 0;
};

// 64-bit FNV-1a of a natural key: duplicates and "maybe stored" checks track keys by hash to keep
// memory flat (a 1,000,000-row file needs 8 bytes per key, not a string each).
inline uint64_t HashKey(std::string_view s) {
  uint64_t h = 1469598103934665603ull;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return h;
}

// The handler of a table by name (nullptr when unknown); fresh per import/export.
std::unique_ptr<TableHandler> MakeHandler(std::string_view table);

// Builds a TableDef from the base metadata and the fields' ColumnDefs.
template <typename Row>
TableDef MakeDef(TableDef base, const std::vector<Field<Row>>& fields) {
  for (const auto& f : fields) base.columns.push_back(f.def);
  return base;
}

// Base class holding the typed fields; builds a Row from parsed values and back.
template <typename Row>
class TypedHandler : public TableHandler {
 public:
  TypedHandler(const TableDef* def, const std::vector<Field<Row>>* fields)
      : def_(def), fields_(fields) {}
  const TableDef& def() const override { return *def_; }

 protected:
  // A default Row with every present value set.
  Row Build(const std::vector<Value>& values) const {
    Row row{};
    for (size_t i = 0; i < fields_->size(); ++i) {
      if (values[i].present) (*fields_)[i].set(row, values[i]);
    }
    return row;
  }
  // Copies the columns the file does not have from an existing row (absent column = keep).
  void KeepUnmapped(Row& row, const Row& existing, const ImportEnv& env) const {
    for (size_t i = 0; i < fields_->size(); ++i) {
      if (i < env.mapped.size() && env.mapped[i]) continue;
      Value v = (*fields_)[i].get(existing);
      if (v.present) (*fields_)[i].set(row, v);
    }
  }
  std::vector<Value> Values(const Row& row) const {
    std::vector<Value> out;
    out.reserve(fields_->size());
    for (const auto& f : *fields_) out.push_back(f.get(row));
    return out;
  }

  const TableDef* def_;
  const std::vector<Field<Row>>* fields_;
};

// ---- cell parsing (values.cc) ----

// Parses one cell by its column definition. On failure returns false with a rule code and a
// Chinese message.
struct ParseError {
  std::string code;
  std::string message;
};
bool ParseCell(const ColumnDef& col, const Cell& cell, const References& refs, Value* out,
               ParseError* error);
// Date parsing of text ("YYYYMMDD", "YYYY-MM-DD", "YYYY/M/D", "YYYY.M.D", "YYYY年M月D日").
std::optional<Date> ParseDateText(std::string_view text);
// Renders a value for export / the example row as text (codes as labels, bools as 是/否).
std::string ValueToText(const ColumnDef& col, const Value& v);

// ---- before-images (before_image.cc): opaque serialisation of stored records ----
std::string Image(const model::School& r);
std::string Image(const model::Facility& r);
std::string Image(const model::Class& r);
std::string Image(const model::Student& r);
std::string Image(const model::Enrolment& r);
std::string Image(const model::Teacher& r);
std::string Image(const model::TeacherYear& r);
std::string Image(const model::PopulationCount& r);
std::string Image(const model::BirthCount& r);
std::string Image(const model::DataValue& r);
// Writes a before-image back with the matching Store::Put* (undo of a change).
Status RestoreImage(model::Store& store, const model::ImportChange& change);

}  // namespace zj::io::internal
