// Per-cell parsing and validation by column type (identifiers, 身份证件号, numbers, dates, codes,
// school and township references), the reference data it checks against, and the text form of
// values used by exports and templates.
#include <cmath>
#include <cstdlib>

#include "table_handler.h"
#include "text.h"
#include "zj/common/code_tables.h"

namespace zj::io::internal {
namespace {

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

std::string Quote(std::string_view s) {
  std::string q(s.substr(0, 60));
  return "「" + q + (s.size() > 60 ? "…" : "") + "」";
}

// Strips the apostrophe Excel users type (and some exporters write) to force text.
std::string StripApostrophe(std::string s) {
  if (s.starts_with("'")) return s.substr(1);
  if (s.starts_with("\xE2\x80\x98") || s.starts_with("\xE2\x80\x99")) return s.substr(3);  // ‘ ’
  return s;
}

bool ParseIntText(std::string s, int64_t* out, bool* fractional) {
  std::string t;
  for (char c : s) {
    if (c != ',') t.push_back(c);
  }
  if (t.empty()) return false;
  char* end = nullptr;
  errno = 0;
  double d = std::strtod(t.c_str(), &end);
  if (end == t.c_str() || *end != '\0' || errno != 0 || !std::isfinite(d)) return false;
  if (d != std::floor(d)) {
    *fractional = true;
    return false;
  }
  if (std::fabs(d) > 9e15) return false;
  *out = static_cast<int64_t>(d);
  return true;
}

bool ParseDoubleText(std::string s, double* out) {
  std::string t;
  for (char c : s) {
    if (c != ',') t.push_back(c);
  }
  if (t.empty()) return false;
  char* end = nullptr;
  double d = std::strtod(t.c_str(), &end);
  if (end == t.c_str() || *end != '\0' || !std::isfinite(d)) return false;
  *out = d;
  return true;
}

std::string RangeText(const ColumnDef& col) {
  auto fmt = [](double v) { return RenderNumber(v); };
  if (col.min && col.max) return fmt(*col.min) + "～" + fmt(*col.max);
  if (col.min) return "不小于 " + fmt(*col.min);
  if (col.max) return "不大于 " + fmt(*col.max);
  return "";
}

bool CheckRange(const ColumnDef& col, double v, std::string_view raw, ParseError* error) {
  if ((col.min && v < *col.min) || (col.max && v > *col.max)) {
    *error = {"range", Quote(raw) + " 超出允许范围（" + RangeText(col) + "）"};
    return false;
  }
  return true;
}

std::string AllowedLabels(const CodeList& list) {
  std::string s;
  size_t n = 0;
  for (const auto& item : list.items) {
    if (n == 12) {
      s += "…";
      break;
    }
    s += (n++ ? "、" : "") + item.label;
  }
  return s;
}

}  // namespace

Value Value::Number(double d) {
  Value v;
  v.present = true;
  v.number = d;
  v.integer = static_cast<int64_t>(std::llround(d));
  v.text = RenderNumber(d);
  return v;
}

Value Value::Code(std::string_view code) {
  Value v;
  v.present = !code.empty();
  v.text = std::string(code);
  if (AllDigits(code)) v.integer = std::strtoll(v.text.c_str(), nullptr, 10);
  return v;
}

Value Value::Day(const Date& d) {
  Value v;
  if (!d.valid()) return v;
  v.present = true;
  v.date = d;
  v.text = d.ToString();
  return v;
}

Status References::Load(model::Store& store) {
  ZJ_ASSIGN_OR_RETURN(auto schools_list, store.ListSchools());
  for (auto& s : schools_list) schools.emplace(s.code, std::move(s));
  ZJ_ASSIGN_OR_RETURN(auto info, store.GetInfo());
  county_code = info.county_code;
  ZJ_ASSIGN_OR_RETURN(auto units, store.ListAdminUnits());
  for (const auto& u : units) {
    if (u.level != model::AdminLevel::kTownship) continue;
    townships.insert(u.code);
    township_by_name.emplace(u.name, u.code);
  }
  if (townships.empty() && !county_code.empty()) {
    for (const auto& t : common::TownshipsOf(county_code)) {
      townships.insert(t.code);
      township_by_name.emplace(t.name, t.code);
    }
  }
  townships_known = !townships.empty();
  return Status::Ok();
}

std::optional<Date> ParseDateText(std::string_view raw) {
  std::string s = NormalizeCompact(raw);
  // Drop a time part ("2011-01-01 00:00:00" loses its space in NormalizeCompact).
  if (s.size() > 10 && (s[10] == 'T' || (s.size() >= 18 && s[s.size() - 3] == ':'))) {
    s = s.substr(0, 10);
  }
  std::string t;
  for (size_t i = 0; i < s.size();) {
    std::string_view rest = std::string_view(s).substr(i);
    if (rest.starts_with("年") || rest.starts_with("月")) {
      t.push_back('-');
      i += 3;
    } else if (rest.starts_with("日") || rest.starts_with("号")) {
      i += 3;
    } else if (s[i] == '/' || s[i] == '.' || s[i] == '-') {
      t.push_back('-');
      ++i;
    } else {
      t.push_back(s[i++]);
    }
  }
  int y = 0, m = 0, d = 0;
  if (t.size() == 8 && AllDigits(t)) {
    y = std::atoi(t.substr(0, 4).c_str());
    m = std::atoi(t.substr(4, 2).c_str());
    d = std::atoi(t.substr(6, 2).c_str());
  } else {
    size_t a = t.find('-'), b = a == std::string::npos ? a : t.find('-', a + 1);
    if (b == std::string::npos || t.find('-', b + 1) != std::string::npos) return std::nullopt;
    std::string ys = t.substr(0, a), ms = t.substr(a + 1, b - a - 1), ds = t.substr(b + 1);
    if (ys.size() != 4 || !AllDigits(ys) || ms.empty() || ms.size() > 2 || !AllDigits(ms) ||
        ds.empty() || ds.size() > 2 || !AllDigits(ds)) {
      return std::nullopt;
    }
    y = std::atoi(ys.c_str()), m = std::atoi(ms.c_str()), d = std::atoi(ds.c_str());
  }
  Date date{y, m, d};
  if (!date.valid() || y < 1900 || y > 2100) return std::nullopt;
  return date;
}

bool ParseCell(const ColumnDef& col, const Cell& cell, const References& refs, Value* out,
               ParseError* error) {
  *out = Value{};
  if (cell.type == CellType::kError) {
    *error = {"cell_error", "单元格是错误值 " + cell.text + "（公式出错），请填写实际内容"};
    return false;
  }
  const std::string& raw = cell.text;
  switch (col.type) {
    case ColumnType::kText:
    case ColumnType::kSubjects: {
      std::string v = col.type == ColumnType::kText ? NormalizeText(raw) : NormalizeValue(raw);
      if (v.empty()) return true;
      *out = Value::Text(std::move(v));
      if (col.type == ColumnType::kSubjects) out->integer = model::ParseSubjects(out->text);
      return true;
    }
    case ColumnType::kIdentifier:
    case ColumnType::kIdNumber:
    case ColumnType::kSchool: {
      if (cell.type == CellType::kNumber && std::fabs(cell.number) >= 1e15) {
        *error = {"scientific_notation",
                  Quote(raw) +
                      " 是数字格式，超过 15 位的号码已被 Excel 改写（后几位变成 "
                      "0）：请把该列设为文本格式，重新输入完整号码"};
        return false;
      }
      std::string v = StripApostrophe(NormalizeCompact(raw));
      if (v.empty()) return true;
      if (LooksScientific(v)) {
        *error = {
            "scientific_notation",
            Quote(raw) + " 是科学计数法，号码已丢失精度：请把该列设为文本格式，重新输入完整号码"};
        return false;
      }
      if (col.type == ColumnType::kIdNumber) {
        for (char& c : v) {
          if (c == 'x') c = 'X';
        }
        if (v.size() > 32) {
          *error = {"format", Quote(raw) + " 太长，不是证件号码"};
          return false;
        }
      }
      int digits = col.type == ColumnType::kSchool ? 10 : col.digits;
      if (digits > 0 && (!AllDigits(v) || static_cast<int>(v.size()) != digits)) {
        *error = {"format", Quote(raw) + " 应为 " + std::to_string(digits) + " 位数字"};
        return false;
      }
      if (col.type == ColumnType::kSchool && !refs.schools.contains(v)) {
        *error = {"unknown_school", "学校标识码 " + Quote(v) +
                                        " 不在数据库的学校名单中（请先导入学校，或核对标识码）"};
        return false;
      }
      *out = Value::Text(std::move(v));
      return true;
    }
    case ColumnType::kInteger: {
      std::string v = NormalizeCompact(raw);
      if (v.empty()) return true;
      int64_t i = 0;
      bool fractional = false;
      if (!ParseIntText(v, &i, &fractional)) {
        *error = {"number", Quote(raw) + (fractional ? " 应为整数" : " 不是数字")};
        return false;
      }
      if (!CheckRange(col, static_cast<double>(i), raw, error)) return false;
      *out = Value::Int(i);
      return true;
    }
    case ColumnType::kDecimal: {
      std::string v = NormalizeCompact(raw);
      if (v.empty()) return true;
      double d = 0;
      if (cell.type == CellType::kNumber) {
        d = cell.number;
      } else if (!ParseDoubleText(v, &d)) {
        *error = {"number", Quote(raw) + " 不是数字"};
        return false;
      }
      if (!CheckRange(col, d, raw, error)) return false;
      *out = Value::Number(d);
      return true;
    }
    case ColumnType::kDate: {
      std::optional<Date> d;
      if (cell.type == CellType::kNumber) {
        double n = cell.number;
        if (n == std::floor(n) && n >= 19000101 && n <= 21001231) {
          d = ParseDateText(RenderNumber(n));
        } else if (n >= 1 && n < 73051) {  // an Excel serial up to 2099
          if (auto t = SerialToDateTime(n, false)) d = Date{t->year, t->month, t->day};
        }
      } else {
        std::string v = NormalizeCompact(raw);
        if (v.empty()) return true;
        d = ParseDateText(v);
      }
      if (!d) {
        *error = {"date",
                  Quote(raw) + " 不是有效日期，请写成 YYYY-MM-DD（如 2011-09-01）或 20110901"};
        return false;
      }
      *out = Value::Day(*d);
      return true;
    }
    case ColumnType::kBool:
    case ColumnType::kCode: {
      std::string v = NormalizeCompact(raw);
      if (v.empty()) return true;
      const CodeList* list = FindCodeList(col.type == ColumnType::kBool ? "yes_no" : col.code_list);
      if (list == nullptr) {
        *error = {"internal", "代码表缺失：" + col.code_list};
        return false;
      }
      const CodeItem* item = MatchCode(*list, v);
      if (item == nullptr) {
        *error = {"code_table",
                  Quote(raw) + " 不是有效的" + list->title + "，可选：" + AllowedLabels(*list)};
        return false;
      }
      *out = Value::Code(item->code);
      return true;
    }
    case ColumnType::kTownship: {
      std::string v = StripApostrophe(NormalizeCompact(raw));
      if (v.empty()) return true;
      std::string code;
      if (AllDigits(v)) {
        if (v.size() == 12) v = v.substr(0, 9);
        if (v.size() != 9) {
          *error = {"format", Quote(raw) + " 应为 9 位乡镇街道代码（或 12 位村级代码）"};
          return false;
        }
        code = v;
        // 户口所在地 outside the county is kept as "" (model: "" when outside the county).
        if (col.key == "hukou_township" && !refs.county_code.empty() &&
            !code.starts_with(refs.county_code)) {
          return true;
        }
      } else {
        auto it = refs.township_by_name.find(v);
        if (it == refs.township_by_name.end()) {
          for (std::string_view suffix : {"镇", "乡", "街道"}) {
            it = refs.township_by_name.find(v + std::string(suffix));
            if (it != refs.township_by_name.end()) break;
          }
        }
        if (it == refs.township_by_name.end()) {
          *error = {"unknown_township",
                    Quote(raw) + " 不是本县已知的乡镇街道名称，请填写乡镇街道代码"};
          return false;
        }
        code = it->second;
      }
      if (refs.townships_known && !refs.townships.contains(code)) {
        *error = {"unknown_township", "乡镇街道代码 " + Quote(code) + " 不在本县的乡镇街道名单中"};
        return false;
      }
      *out = Value::Text(code);
      return true;
    }
  }
  return true;
}

std::string ValueToText(const ColumnDef& col, const Value& v) {
  if (!v.present) return "";
  switch (col.type) {
    case ColumnType::kBool:
      return v.integer != 0 ? "是" : "否";
    case ColumnType::kCode: {
      const CodeList* list = FindCodeList(col.code_list);
      const CodeItem* item = list != nullptr ? FindCode(*list, v.text) : nullptr;
      return item != nullptr ? item->label : v.text;
    }
    case ColumnType::kDate:
      return v.date.ToString();
    case ColumnType::kInteger:
      return std::to_string(v.integer);
    case ColumnType::kDecimal:
      return RenderNumber(v.number);
    default:
      return v.text;
  }
}

}  // namespace zj::io::internal
