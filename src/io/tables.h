// Internal registry of the tables (tables.cc) and the per-table definitions and handlers
// (tables_registry.cc for schools/facilities/classes, tables_students.cc, tables_teachers.cc,
// tables_counts.cc for population/births/data values), plus helpers they share.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "table_handler.h"

namespace zj::io::internal {

const TableDef& SchoolsDef();
const TableDef& FacilitiesDef();
const TableDef& ClassesDef();
const TableDef& StudentsDef();
const TableDef& TeachersDef();
const TableDef& PopulationDef();
const TableDef& BirthsDef();
const TableDef& DataValuesDef();

std::unique_ptr<TableHandler> NewSchoolsHandler();
std::unique_ptr<TableHandler> NewFacilitiesHandler();
std::unique_ptr<TableHandler> NewClassesHandler();
std::unique_ptr<TableHandler> NewStudentsHandler();
std::unique_ptr<TableHandler> NewTeachersHandler();
std::unique_ptr<TableHandler> NewPopulationHandler();
std::unique_ptr<TableHandler> NewBirthsHandler();
std::unique_ptr<TableHandler> NewDataValuesHandler();

// Column definition builder: Col("key", "中文表头", ColumnType::kText).Req().Alias({…}) …
struct Col {
  ColumnDef d;
  Col(std::string key, std::string header, ColumnType type) {
    d.key = std::move(key);
    d.header = std::move(header);
    d.type = type;
  }
  Col& Req() {
    d.required = true;
    return *this;
  }
  Col& Alias(std::vector<std::string> a) {
    d.aliases = std::move(a);
    return *this;
  }
  Col& Codes(std::string list) {
    d.code_list = std::move(list);
    return *this;
  }
  Col& Range(std::optional<double> lo, std::optional<double> hi) {
    d.min = lo;
    d.max = hi;
    return *this;
  }
  Col& Digits(int n) {
    d.digits = n;
    return *this;
  }
  Col& Personal() {
    d.personal = true;
    return *this;
  }
  Col& NotStored() {
    d.stored = false;
    return *this;
  }
  Col& Hint(std::string h) {
    d.hint = std::move(h);
    return *this;
  }
  Col& Example(std::string e) {
    d.example = std::move(e);
    return *this;
  }
  operator ColumnDef() const { return d; }  // NOLINT(google-explicit-constructor)
};

// Keyed upsert of one record type: compares pending records with what is stored, counts and
// journals the differences, and returns the records to write.
template <typename Rec>
class Upserter {
 public:
  explicit Upserter(std::string table) : table_(std::move(table)) {}
  void SetExisting(std::string key, Rec r) { existing_[std::move(key)] = std::move(r); }
  const Rec* Existing(const std::string& key) const {
    auto it = existing_.find(key);
    return it == existing_.end() ? nullptr : &it->second;
  }
  // Returns true when `r` must be written (added or changed); records the change and counts it
  // when `count` is set.
  bool Stage(const std::string& key, const Rec& r, ImportEnv& env, bool count = true) {
    auto it = existing_.find(key);
    if (it == existing_.end()) {
      if (count) ++env.added;
      env.changes.push_back({table_, key, ""});
      existing_.emplace(key, r);
      return true;
    }
    std::string before = Image(it->second);
    if (before == Image(r)) {
      if (count) ++env.unchanged;
      return false;
    }
    if (count) ++env.changed;
    env.changes.push_back({table_, key, std::move(before)});
    it->second = r;
    return true;
  }

 private:
  std::string table_;
  std::unordered_map<std::string, Rec> existing_;
};

// Whether a school lies in an export unit: the unit is the school's code, its township, or a
// prefix of its township code (county 6, city 4, province 2 digits).
bool SchoolInUnit(const References& refs, const std::string& school_code, const std::string& unit);

// Expected age range of a grade (6-3-3 entry ages: kindergarten 3, primary 6, junior 12, senior
// 15) for the plausibility warning; false for stages without one (special education).
bool ExpectedAge(model::Stage stage, int grade, int* age);
// Highest grade accepted for a stage (the default grade count, 4 for a 5-4 junior school).
int MaxGrade(model::Stage stage);

// Shared 身份证件号 rules for a person row: checksum/format for 居民身份证, birth date and
// gender agreement. `id_type` is the code of the 身份证件类型 column ("1" when absent).
void CheckIdNumber(const std::string& id_number, const std::string& id_type, const Date& birth,
                   model::Gender gender, RowReporter& reporter);

}  // namespace zj::io::internal
