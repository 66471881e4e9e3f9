// Official code tables, loaded once from the embedded data/codes/ files: 办学类型 (JY/T 1001),
// 城乡分类代码, 学历 (GB/T 4658), 性别, 民族, the 乡级 units of known counties, and 县级
// 行政区划代码 with names and pinyin (data/codes/county_codes.csv). Thread-safe
// after first use (function-local statics).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace zj::common {

struct CodeEntry {
  std::string code;
  std::string name;
};

// 学校办学类型: name for a 3-digit code ("" when unknown).
std::string_view SchoolTypeName(int code);
bool IsKnownSchoolType(int code);
// 城乡分类代码 111…220: name ("" when unknown) and the 城镇 (1xx) / 乡村 (2xx) split.
std::string_view UrbanRuralName(int code);
bool IsUrbanCode(int code);
// 教育统计 三分法: "城区" (111,112), "镇区" (121,122,123), "乡村" (210,220); "" otherwise.
std::string_view UrbanRuralTriad(int code);
// 学历 (GB/T 4658) name for a 2-digit code.
std::string_view EducationLevelName(int code);
// Full tables, in file order.
const std::vector<CodeEntry>& SchoolTypes();
const std::vector<CodeEntry>& UrbanRuralCodes();
const std::vector<CodeEntry>& EducationLevels();
const std::vector<CodeEntry>& Ethnicities();

struct TownshipEntry {
  std::string code;  // 9-digit 统计用区划代码
  std::string name;
  std::string type;  // 街道 / 镇 / 乡
  std::string county_code;
};
// 乡级 units of a county known to the embedded tables (Yunyang 500235 ships).
std::vector<TownshipEntry> TownshipsOf(std::string_view county_code);

struct CountyEntry {
  std::string code;  // 6-digit 县级行政区划代码
  std::string name;
  std::string pinyin;  // of the name without its 区/县 suffix, lower case
};
// 县级 units known to the embedded table, in file order.
const std::vector<CountyEntry>& Counties();
// The county of a 6-digit code; nullptr when the table does not list it.
const CountyEntry* FindCounty(std::string_view code);

}  // namespace zj::common
