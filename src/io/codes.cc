// The code lists behind coded columns and their drop-downs. Official tables (办学类型, 城乡分类,
// 学历, 民族) are read from the embedded data through zj/common/code_tables.h; stage, status,
// title and backbone labels come from zj/model/records.h; the 学籍 lists (证件类型, 残疾类型,
// 留守儿童) follow shared/standards/file-formats.md §1.2 and carry its marks.
#include <algorithm>
#include <unordered_map>

#include "text.h"
#include "zj/common/code_tables.h"
#include "zj/io/schema.h"
#include "zj/model/records.h"

namespace zj::io {
namespace {

CodeList FromCommon(std::string name, std::string title, std::string source,
                    const std::vector<common::CodeEntry>& entries, size_t code_length) {
  CodeList list{std::move(name), std::move(title), std::move(source), {}};
  for (const auto& e : entries) {
    if (code_length != 0 && e.code.size() != code_length) continue;
    list.items.push_back({e.code, e.name, {}});
  }
  return list;
}

void AddAliases(CodeList* list, const std::string& code, std::vector<std::string> aliases) {
  for (auto& item : list->items) {
    if (item.code == code) {
      for (auto& a : aliases) item.aliases.push_back(std::move(a));
    }
  }
}

std::vector<CodeList> BuildLists() {
  std::vector<CodeList> v;
  v.push_back({"yes_no",
               "是否",
               "通用",
               {{"1", "是", {"Y", "YES", "TRUE", "√", "有", "真"}},
                {"0", "否", {"N", "NO", "FALSE", "×", "无", "假"}}}});
  v.push_back(
      {"gender", "性别", "GB/T 2261.1 [V]", {{"1", "男", {"男性"}}, {"2", "女", {"女性"}}}});
  {
    CodeList eth =
        FromCommon("ethnicity", "民族", "JY/T 1001 B9 (data/codes)", common::Ethnicities(), 0);
    for (auto& item : eth.items) {
      if (item.label.size() > 3 && item.label.ends_with("族") && item.label != "穿青人族") {
        item.aliases.push_back(item.label.substr(0, item.label.size() - 3));  // 汉族 → 汉
      }
    }
    v.push_back(std::move(eth));
  }
  v.push_back(
      FromCommon("school_type", "办学类型", "JY/T 1001 (data/codes)", common::SchoolTypes(), 3));
  v.push_back(FromCommon("urban_rural", "城乡分类", "统计用城乡划分代码 (data/codes)",
                         common::UrbanRuralCodes(), 3));
  {
    CodeList edu =
        FromCommon("education", "学历", "GB/T 4658 (data/codes)", common::EducationLevels(), 2);
    // Everyday short forms of the completed levels.
    AddAliases(&edu, "11", {"博士", "博士研究生"});
    AddAliases(&edu, "14", {"硕士", "硕士研究生", "研究生"});
    AddAliases(&edu, "21", {"本科", "大学本科"});
    AddAliases(&edu, "31", {"专科", "大专", "大学专科"});
    AddAliases(&edu, "41", {"中专"});
    AddAliases(&edu, "61", {"高中"});
    AddAliases(&edu, "71", {"初中"});
    v.push_back(std::move(edu));
  }
  {
    CodeList stage{"stage", "学段", "zhijiao 学段 (zj/model/records.h)", {}};
    for (auto s :
         {model::Stage::kKindergarten, model::Stage::kPrimary, model::Stage::kJunior,
          model::Stage::kGeneralSenior, model::Stage::kVocational, model::Stage::kSpecial}) {
      stage.items.push_back({std::to_string(static_cast<int>(s)),
                             std::string(model::StageNameZh(s)),
                             {std::string(model::StageName(s))}});
    }
    AddAliases(&stage, "1", {"幼儿园", "学前教育"});
    AddAliases(&stage, "3", {"普通初中"});
    AddAliases(&stage, "4", {"高中"});
    AddAliases(&stage, "5", {"中等职业教育", "职业高中"});
    AddAliases(&stage, "6", {"特殊教育"});
    v.push_back(std::move(stage));
  }
  {
    CodeList status{"status", "学籍状态", "zhijiao 学籍状态 (zj/model/records.h)", {}};
    for (int i = 1; i <= 7; ++i) {
      auto s = static_cast<model::EnrolmentStatus>(i);
      status.items.push_back({std::to_string(i),
                              std::string(model::EnrolmentStatusNameZh(s)),
                              {std::string(model::EnrolmentStatusName(s))}});
    }
    v.push_back(std::move(status));
  }
  {
    CodeList title{"title", "职称", "2015 中小学教师职称 (zj/model/records.h)", {}};
    for (int i = 0; i <= 5; ++i) {
      auto t = static_cast<model::TeacherTitle>(i);
      std::string label(model::TeacherTitleNameZh(t));
      title.items.push_back({std::to_string(i), label.empty() ? "未定级" : label, {}});
    }
    AddAliases(&title, "0", {"无", "未定级", "未评", "无职称"});
    // Legacy titles placed at 中级 (file-formats.md §2 [S]).
    AddAliases(&title, "3", {"中学一级", "小学高级"});
    v.push_back(std::move(title));
  }
  {
    CodeList bb{"backbone", "骨干教师", "zhijiao 骨干级别 (zj/model/records.h)", {}};
    for (int i = 0; i <= 4; ++i) {
      auto b = static_cast<model::BackboneLevel>(i);
      std::string label(model::BackboneLevelNameZh(b));
      std::vector<std::string> aliases;
      if (label.empty()) {
        label = "否";
        aliases = {"无", "非骨干"};
      } else if (label.ends_with("骨干")) {
        aliases.push_back(label.substr(0, label.size() - 6));  // 县级骨干 → 县级
        aliases.push_back(label + "教师");
      }
      bb.items.push_back({std::to_string(i), label, aliases});
    }
    v.push_back(std::move(bb));
  }
  v.push_back(
      {"sponsor", "办学性质", "公办/民办", {{"1", "公办", {"公立"}}, {"2", "民办", {"私立"}}}});
  v.push_back({"kg_rating",
               "幼儿园等级",
               "一级/二级/三级园",
               {{"0", "未评级", {"无", "否"}},
                {"1", "一级园", {"一级"}},
                {"2", "二级园", {"二级"}},
                {"3", "三级园", {"三级"}}}});
  v.push_back({"id_type",
               "身份证件类型",
               "学籍 身份证件类型 (file-formats.md §1.2 [V])",
               {{"1", "居民身份证", {"身份证"}},
                {"6", "香港特区护照/身份证明", {}},
                {"7", "澳门特区护照/身份证明", {}},
                {"8", "台湾居民来往大陆通行证", {}},
                {"9", "境外永久居住证", {}},
                {"A", "护照", {}},
                {"Z", "其他", {}}}});
  v.push_back({"disability",
               "残疾类型",
               "学籍 残疾类型 (file-formats.md §1.2 [S])",
               {{"0", "无残疾", {"无", "否"}},
                {"1", "视力残疾", {"视力"}},
                {"2", "听力残疾", {"听力"}},
                {"3", "言语残疾", {"言语"}},
                {"4", "肢体残疾", {"肢体"}},
                {"5", "智力残疾", {"智力"}},
                {"6", "精神残疾", {"精神"}},
                {"7", "多重残疾", {"多重"}},
                {"8", "其他残疾", {"其他"}}}});
  v.push_back({"left_behind",
               "是否留守儿童",
               "学籍 是否留守儿童 (file-formats.md §1.2 [V]; 单亲/双亲 both count as 留守)",
               {{"0", "否", {"非留守儿童", "N", "无"}},
                {"1", "是", {"单亲留守儿童", "双亲留守儿童", "留守儿童", "Y"}}}});
  return v;
}

// Lookup index of one list: every accepted spelling → item.
struct ListIndex {
  std::unordered_map<std::string, const CodeItem*> by_text;
  std::unordered_map<std::string, const CodeItem*> by_code;
};

std::string Upper(std::string s) {
  for (char& c : s) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return s;
}

const std::vector<std::pair<const CodeList*, ListIndex>>& Indexes() {
  static const auto* indexes = [] {
    auto* out = new std::vector<std::pair<const CodeList*, ListIndex>>();
    for (const auto& list : CodeLists()) {
      ListIndex idx;
      for (const auto& item : list.items) {
        idx.by_code.emplace(Upper(item.code), &item);
        idx.by_text.emplace(Upper(item.code), &item);
        idx.by_text.emplace(Upper(item.label), &item);
        for (const auto& a : item.aliases) idx.by_text.emplace(Upper(a), &item);
      }
      out->emplace_back(&list, std::move(idx));
    }
    return out;
  }();
  return *indexes;
}

const ListIndex* IndexOf(const CodeList& list) {
  for (const auto& [l, idx] : Indexes()) {
    if (l == &list) return &idx;
  }
  return nullptr;
}

}  // namespace

const std::vector<CodeList>& CodeLists() {
  static const std::vector<CodeList>* lists = new std::vector<CodeList>(BuildLists());
  return *lists;
}

const CodeList* FindCodeList(std::string_view name) {
  for (const auto& l : CodeLists()) {
    if (l.name == name) return &l;
  }
  return nullptr;
}

const CodeItem* FindCode(const CodeList& list, std::string_view code) {
  const ListIndex* idx = IndexOf(list);
  if (idx == nullptr) return nullptr;
  auto it = idx->by_code.find(Upper(std::string(code)));
  return it == idx->by_code.end() ? nullptr : it->second;
}

const CodeItem* MatchCode(const CodeList& list, std::string_view raw) {
  const ListIndex* idx = IndexOf(list);
  if (idx == nullptr) return nullptr;
  std::string value = Upper(internal::NormalizeCompact(raw));
  if (value.empty()) return nullptr;
  auto it = idx->by_text.find(value);
  if (it != idx->by_text.end()) return it->second;
  // "code-label", "code:label", "code label" (spaces are gone), "label(code)".
  for (char sep : {'-', ':', '_', '.', '|'}) {
    size_t p = value.find(sep);
    if (p == std::string::npos || p == 0) continue;
    const CodeItem* by_code = FindCode(list, value.substr(0, p));
    if (by_code == nullptr) continue;
    std::string rest = value.substr(p + 1);
    if (rest.empty() || rest == by_code->label || Upper(by_code->label) == rest) return by_code;
    for (const auto& a : by_code->aliases) {
      if (Upper(a) == rest) return by_code;
    }
  }
  // Label immediately followed by code or code followed by label without separator.
  for (const auto& item : list.items) {
    std::string code = Upper(item.code);
    if (value == code + item.label || value == item.label + "(" + code + ")") return &item;
  }
  return nullptr;
}

const char* ColumnTypeName(ColumnType t) {
  switch (t) {
    case ColumnType::kText:
      return "text";
    case ColumnType::kIdentifier:
      return "identifier";
    case ColumnType::kIdNumber:
      return "id_number";
    case ColumnType::kInteger:
      return "integer";
    case ColumnType::kDecimal:
      return "decimal";
    case ColumnType::kDate:
      return "date";
    case ColumnType::kBool:
      return "bool";
    case ColumnType::kCode:
      return "code";
    case ColumnType::kSchool:
      return "school";
    case ColumnType::kTownship:
      return "township";
    case ColumnType::kSubjects:
      return "subjects";
  }
  return "?";
}

int TableDef::ColumnIndex(std::string_view key) const {
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].key == key) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace zj::io
