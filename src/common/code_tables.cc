// Code tables parsed from the embedded CSV files in data/codes/.
#include "zj/common/code_tables.h"

#include <cstdlib>

#include "zj/common/csv.h"
#include "zj/common/embedded.h"

namespace zj::common {
namespace {

std::vector<CodeEntry> LoadCodes(std::string_view path) {
  std::vector<CodeEntry> out;
  auto text = EmbeddedFile(path);
  if (!text) return out;
  auto table = CsvTable::Parse(*text);
  if (!table.ok()) return out;
  for (const auto& row : table->rows()) {
    out.push_back({std::string(table->Get(row, "code")), std::string(table->Get(row, "name"))});
  }
  return out;
}

std::string_view Find(const std::vector<CodeEntry>& table, std::string_view code) {
  for (const auto& e : table) {
    if (e.code == code) return e.name;
  }
  return {};
}

}  // namespace

const std::vector<CodeEntry>& SchoolTypes() {
  static const auto t = LoadCodes("data/codes/school_type_codes_JYT1001.csv");
  return t;
}
const std::vector<CodeEntry>& UrbanRuralCodes() {
  static const auto t = LoadCodes("data/codes/urban_rural_codes.csv");
  return t;
}
const std::vector<CodeEntry>& EducationLevels() {
  static const auto t = LoadCodes("data/codes/education_level_xl_GBT4658.csv");
  return t;
}
const std::vector<CodeEntry>& Ethnicities() {
  static const auto t = LoadCodes("data/codes/ethnicity_JYT1001_B9.csv");
  return t;
}

std::string_view SchoolTypeName(int code) { return Find(SchoolTypes(), std::to_string(code)); }
bool IsKnownSchoolType(int code) { return code >= 100 && !SchoolTypeName(code).empty(); }
std::string_view UrbanRuralName(int code) { return Find(UrbanRuralCodes(), std::to_string(code)); }
bool IsUrbanCode(int code) { return code >= 100 && code < 200; }
std::string_view UrbanRuralTriad(int code) {
  switch (code) {
    case 111:
    case 112:
      return "城区";
    case 121:
    case 122:
    case 123:
      return "镇区";
    case 210:
    case 220:
      return "乡村";
    default:
      return {};
  }
}
std::string_view EducationLevelName(int code) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d", code);
  return Find(EducationLevels(), buf);
}

std::vector<TownshipEntry> TownshipsOf(std::string_view county_code) {
  std::vector<TownshipEntry> out;
  for (auto path : EmbeddedFiles("data/codes/")) {
    if (path.find("_townships.csv") == std::string_view::npos) continue;
    auto table = CsvTable::Parse(*EmbeddedFile(path));
    if (!table.ok()) continue;
    for (const auto& row : table->rows()) {
      if (table->Get(row, "county_code") != county_code) continue;
      out.push_back({std::string(table->Get(row, "stat_code_9")),
                     std::string(table->Get(row, "name")), std::string(table->Get(row, "type")),
                     std::string(table->Get(row, "county_code"))});
    }
  }
  return out;
}

const std::vector<CountyEntry>& Counties() {
  static const auto t = [] {
    std::vector<CountyEntry> out;
    auto text = EmbeddedFile("data/codes/county_codes.csv");
    if (!text) return out;
    auto table = CsvTable::Parse(*text);
    if (!table.ok()) return out;
    for (const auto& row : table->rows()) {
      out.push_back({std::string(table->Get(row, "code")), std::string(table->Get(row, "name")),
                     std::string(table->Get(row, "pinyin"))});
    }
    return out;
  }();
  return t;
}

const CountyEntry* FindCounty(std::string_view code) {
  for (const CountyEntry& e : Counties()) {
    if (e.code == code) return &e;
  }
  return nullptr;
}

}  // namespace zj::common
