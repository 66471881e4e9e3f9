// The table definitions of the spreadsheet layer. One definition per table — its columns with
// Chinese header, aliases, type, required flag, code list and range — drives the template
// (zhijiao template), the importer (header mapping and per-cell validation) and the exporter, so
// a column is described exactly once. Code lists hold the drop-down values of coded columns;
// the official tables come from zj/common/code_tables.h, the rest are listed in codes.cc with
// their source marks.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zj::io {

enum class ColumnType {
  kText,        // free text, trimmed
  kIdentifier,  // a code kept as text: spaces and a leading ' removed, scientific notation refused
  kIdNumber,    // 身份证件号: an identifier; GB 11643 check when the type is 居民身份证
  kInteger,
  kDecimal,
  kDate,      // YYYYMMDD, YYYY-MM-DD, YYYY/M/D, YYYY.M.D, YYYY年M月D日, Excel date cells/serials
  kBool,      // 是/否 (also 1/0, Y/N, TRUE/FALSE, √/×)
  kCode,      // a value of a code list: code, label, "code-label" or alias
  kSchool,    // 10-digit 学校标识码 that must exist in the database
  kTownship,  // 乡级区划 (9-digit code, 12-digit village code or name) known for the county
  kSubjects,  // 任教学科 list "语文、数学"
};
const char* ColumnTypeName(ColumnType t);  // "text", "date", …

struct CodeItem {
  std::string code;   // "1", "01", "A", "211"
  std::string label;  // 男, 汉族, 小学
  std::vector<std::string> aliases;
};

struct CodeList {
  std::string name;    // "gender"
  std::string title;   // 性别
  std::string source;  // where the values come from, with the standards file's mark
  std::vector<CodeItem> items;
};

// All code lists, and lookup by name (nullptr when unknown).
const std::vector<CodeList>& CodeLists();
const CodeList* FindCodeList(std::string_view name);
// Matches a (normalised) cell value against a list: the code, the label, "code-label" /
// "code label" / "label(code)", or an alias. Returns the item, or nullptr.
const CodeItem* MatchCode(const CodeList& list, std::string_view value);
// The item with this code, or nullptr.
const CodeItem* FindCode(const CodeList& list, std::string_view code);

struct ColumnDef {
  std::string key;     // stable English key ("id_number")
  std::string header;  // Chinese header written in templates and exports (身份证件号)
  std::vector<std::string> aliases;  // other headers accepted on import (身份证号, 身份证号码 …)
  ColumnType type = ColumnType::kText;
  bool required = false;
  std::string code_list;           // kCode / kBool: the list name
  std::optional<double> min, max;  // kInteger / kDecimal
  int digits = 0;                  // kIdentifier: exactly this many digits (0 = any)
  bool personal = false;           // personal data: masked on export unless unmasked
  bool stored = true;              // false: validated on import but not kept (e.g. 全国学籍号)
  std::string hint;                // format hint for the instructions sheet
  std::string example;             // example value for the template's example row
};

struct TableDef {
  std::string name;         // "students"
  std::string title;        // 学生学籍
  std::string sheet;        // sheet name in templates and exports
  bool yearly = false;      // rows belong to the school year given by --year
  std::string description;  // what one row is, for the instructions sheet
  std::vector<ColumnDef> columns;

  // Index of the column with this key, or -1.
  int ColumnIndex(std::string_view key) const;
};

// All tables in a stable order: schools, facilities, classes, students, teachers, population,
// births, data_values.
const std::vector<const TableDef*>& Tables();
// By English name or Chinese title; nullptr when unknown.
const TableDef* FindTable(std::string_view name);

}  // namespace zj::io
