// 督导评估 workbook (libxlsxwriter) from the evaluation / remediation JSON.
#include "zj/io/evaluation_report.h"

#include <xlsxwriter.h>

#include <cstdio>
#include <nlohmann/json.hpp>

#include "xlsx_style.h"
#include "zj/common/file.h"

namespace zj::io {
namespace {

using nlohmann::json;

struct Fmt {
  lxw_format* header = nullptr;
  lxw_format* title = nullptr;
  lxw_format* num = nullptr;
  lxw_format* bad = nullptr;
  lxw_format* wrap = nullptr;
  explicit Fmt(lxw_workbook* wb) {
    header = internal::AddHeaderFormat(wb);
    title = workbook_add_format(wb);
    format_set_bold(title);
    format_set_font_size(title, 14);
    num = workbook_add_format(wb);
    format_set_num_format(num, "0.00##");
    bad = workbook_add_format(wb);
    format_set_num_format(bad, "0.00##\" ✗\"");
    format_set_bold(bad);
    format_set_font_color(bad, 0x9C0006);
    format_set_pattern(bad, LXW_PATTERN_SOLID);
    format_set_bg_color(bad, 0xFFC7CE);
    wrap = workbook_add_format(wb);
    format_set_text_wrap(wrap);
  }
};

std::string Str(const json& j) {
  if (j.is_string()) return j.get<std::string>();
  if (j.is_null()) return "";
  return j.dump();
}

std::string VerdictZh(const json& v) {
  if (v == "pass") return "通过";
  if (v == "fail") return "未通过";
  return Str(v);
}

void Num(lxw_worksheet* ws, lxw_row_t r, lxw_col_t c, const json& v, lxw_format* f) {
  if (v.is_number()) {
    worksheet_write_number(ws, r, c, v.get<double>(), f);
  } else {
    worksheet_write_string(ws, r, c, "—", nullptr);
  }
}

void Text(lxw_worksheet* ws, lxw_row_t r, lxw_col_t c, const std::string& s,
          lxw_format* f = nullptr) {
  worksheet_write_string(ws, r, c, s.c_str(), f);
}

void SummarySheet(lxw_workbook* wb, const Fmt& f, json& e) {
  lxw_worksheet* ws = workbook_add_worksheet(wb, "汇总");
  worksheet_set_column(ws, 0, 0, 34, nullptr);
  worksheet_set_column(ws, 1, 5, 14, nullptr);
  lxw_row_t r = 0;
  Text(ws, r++, 0,
       Str(e["framework_name"]) + " — " + Str(e["unit_name"]) + "（" + Str(e["unit"]) + "）" +
           std::to_string(e["year"].get<int>()) + " 学年",
       f.title);
  Text(ws, r, 0, "结论", f.header);
  Text(ws, r++, 1, VerdictZh(e["verdict"]));
  ++r;
  Text(ws, r, 0, "学段", f.header);
  Text(ws, r, 1, "参评学校", f.header);
  Text(ws, r, 2, "达标学校", f.header);
  Text(ws, r, 3, "学段结论", f.header);
  ++r;
  for (json& s : e["stages"]) {
    Text(ws, r, 0, Str(s["stage_name"]));
    worksheet_write_number(ws, r, 1, s["school_count"].get<double>(), nullptr);
    worksheet_write_number(ws, r, 2, s["passing"].get<double>(), nullptr);
    Text(ws, r, 3, s["pass"].get<bool>() ? "通过" : "未通过");
    ++r;
  }
  for (json& s : e["stages"]) {
    if (s["cv"].empty()) continue;
    ++r;
    Text(ws, r, 0, Str(s["stage_name"]) + " 差异系数", f.header);
    Text(ws, r, 1, "差异系数", f.header);
    Text(ws, r, 2, "限值", f.header);
    Text(ws, r, 3, "县域值", f.header);
    Text(ws, r, 4, "是否达标", f.header);
    ++r;
    for (json& ind : s["indicators"]) {
      const std::string key = ind["key"];
      Text(ws, r, 0, Str(ind["name_zh"]));
      const bool met = s["cv_met"].value(key, true);
      Num(ws, r, 1, s["cv"][key], met ? f.num : f.bad);
      Num(ws, r, 2, s["cv_limit"], f.num);
      Num(ws, r, 3, s["county_values"].value(key, json()), f.num);
      Text(ws, r, 4, s["cv_limit"].is_null() ? "—" : (met ? "达标" : "未达标 ✗"));
      ++r;
    }
    if (s.contains("composite_cv")) {
      Text(ws, r, 0, "综合差异系数");
      const bool ok = s["pass"].get<bool>();
      Num(ws, r, 1, s["composite_cv"], ok ? f.num : f.bad);
      Num(ws, r, 2, s["composite_cv_limit"], f.num);
      Text(ws, r, 4, ok ? "达标" : "未达标 ✗");
      ++r;
    }
  }
  if (!e["items"].empty()) {
    ++r;
    Text(ws, r, 0, "县级项目", f.header);
    Text(ws, r, 1, "值", f.header);
    Text(ws, r, 2, "要求", f.header);
    Text(ws, r, 3, "是否达标", f.header);
    Text(ws, r, 4, "说明", f.header);
    ++r;
    for (json& it : e["items"]) {
      Text(ws, r, 0, Str(it["name_zh"]));
      const bool bad = it["met"].is_boolean() && !it["met"].get<bool>();
      Num(ws, r, 1, it["value"], bad ? f.bad : f.num);
      if (it["limit"].is_object()) {
        Text(ws, r, 2, Str(it["comparator"]) + " " + Str(it["limit"]["value"]));
      }
      Text(ws, r, 3, it["met"].is_null() ? "无法计算" : (bad ? "未达标 ✗" : "达标"));
      Text(ws, r, 4, Str(it["note"]));
      ++r;
    }
  }
  ++r;
  Text(ws, r++, 0, "未达标事项", f.header);
  for (json& line : e["failures"]) Text(ws, r++, 0, Str(line));
  if (!e["excluded"].empty()) {
    ++r;
    Text(ws, r++, 0, "不参评学校", f.header);
    for (json& x : e["excluded"]) {
      Text(ws, r, 0, Str(x["name"]) + "（" + Str(x["code"]) + "）");
      Text(ws, r++, 1, Str(x["reason"]));
    }
  }
  if (!e["not_assessed"].empty()) {
    ++r;
    Text(ws, r++, 0, "记录无法计算、未纳入的项目", f.header);
    for (json& x : e["not_assessed"]) Text(ws, r++, 0, Str(x));
  }
}

void StageSheet(lxw_workbook* wb, const Fmt& f, json& s) {
  lxw_worksheet* ws = workbook_add_worksheet(wb, Str(s["stage_name"]).c_str());
  json& inds = s["indicators"];
  lxw_col_t c = 0;
  Text(ws, 0, c++, "学校代码", f.header);
  Text(ws, 0, c++, "学校名称", f.header);
  Text(ws, 0, c++, "在校生", f.header);
  for (json& ind : inds) {
    std::string h = Str(ind["name_zh"]) + "（" + Str(ind["unit"]) + "）";
    if (ind["standard"].is_object()) {
      h += "\n标准 " + Str(ind["comparator"]) + " " + Str(ind["standard"]["value"]);
    }
    Text(ws, 0, c++, h, f.header);
  }
  Text(ws, 0, c++, "达标项数", f.header);
  Text(ws, 0, c++, "结论", f.header);
  Text(ws, 0, c++, "原因", f.header);
  worksheet_set_row(ws, 0, 48, nullptr);
  worksheet_set_column(ws, 0, 0, 12, nullptr);
  worksheet_set_column(ws, 1, 1, 26, nullptr);
  worksheet_set_column(ws, 3, static_cast<lxw_col_t>(2 + inds.size()), 16, nullptr);
  worksheet_set_column(ws, c - 1, c - 1, 60, nullptr);
  worksheet_freeze_panes(ws, 1, 2);
  lxw_row_t r = 1;
  for (json& sc : s["schools"]) {
    c = 0;
    Text(ws, r, c++, Str(sc["code"]));
    Text(ws, r, c++, Str(sc["name"]));
    worksheet_write_number(ws, r, c++, sc["enrolment"].get<double>(), nullptr);
    for (json& ind : inds) {
      const std::string key = ind["key"];
      const bool met = sc["met"].value(key, true);
      Num(ws, r, c++, sc["values"].value(key, json()), met ? f.num : f.bad);
    }
    worksheet_write_number(ws, r, c++, sc["met_count"].get<double>(), nullptr);
    Text(ws, r, c++, sc["pass"].get<bool>() ? "达标" : "未达标 ✗");
    std::string why;
    for (json& w : sc["why"]) why += (why.empty() ? "" : "；") + Str(w);
    Text(ws, r, c++, why);
    ++r;
  }
  worksheet_autofilter(ws, 0, 0, r > 1 ? r - 1 : 1, c - 1);
}

void RemedySheet(lxw_workbook* wb, const Fmt& f, json& p) {
  lxw_worksheet* ws = workbook_add_worksheet(wb, "补充方案");
  worksheet_set_column(ws, 0, 0, 12, nullptr);
  worksheet_set_column(ws, 1, 1, 26, nullptr);
  worksheet_set_column(ws, 2, 7, 16, nullptr);
  lxw_row_t r = 0;
  Text(ws, r++, 0,
       "补充方案：总成本 " + Str(p["total_cost"]) + " 元（单位成本" +
           (p["unit_cost_mark"] == "verified" ? std::string("已核实")
                                              : std::string("为未核实的占位值，可配置")) +
           "）",
       f.title);
  Text(ws, r++, 0, "补充后重新评估：" + VerdictZh(p["after"]["verdict"]));
  ++r;
  const char* heads[] = {"学校代码", "学校名称",       "项目",       "数量",
                         "单位",     "其中为学校达标", "成本（元）", "原因"};
  for (int i = 0; i < 8; ++i) Text(ws, r, static_cast<lxw_col_t>(i), heads[i], f.header);
  ++r;
  for (json& a : p["additions"]) {
    Text(ws, r, 0, Str(a["school"]));
    Text(ws, r, 1, Str(a["school_name"]));
    Text(ws, r, 2, Str(a["name_zh"]));
    Num(ws, r, 3, a["amount"], nullptr);
    Text(ws, r, 4, Str(a["unit"]));
    Num(ws, r, 5, a["for_rule"], nullptr);
    Num(ws, r, 6, a["cost"], nullptr);
    const std::string reason = a["reason"];
    Text(ws, r, 7,
         reason == "cv"            ? "差异系数"
         : reason == "school_rule" ? "学校达标"
                                   : "学校达标 + 差异系数");
    ++r;
  }
  ++r;
  Text(ws, r, 0, "合计", f.header);
  Text(ws, r, 2, "项目", f.header);
  Text(ws, r, 3, "数量", f.header);
  Text(ws, r, 4, "单位", f.header);
  Text(ws, r, 5, "单价（元）", f.header);
  Text(ws, r, 6, "成本（元）", f.header);
  ++r;
  for (json& t : p["totals"]) {
    Text(ws, r, 2, Str(t["name_zh"]));
    Num(ws, r, 3, t["amount"], nullptr);
    Text(ws, r, 4, Str(t["unit"]));
    Num(ws, r, 5, t["yuan_each"], nullptr);
    Num(ws, r, 6, t["cost"], nullptr);
    ++r;
  }
  if (!p["cv_steps"].empty()) {
    ++r;
    Text(ws, r, 0, "差异系数", f.header);
    Text(ws, r, 1, "指标", f.header);
    Text(ws, r, 2, "补充前", f.header);
    Text(ws, r, 3, "补充后", f.header);
    Text(ws, r, 4, "限值", f.header);
    Text(ws, r, 5, "补到的水平", f.header);
    Text(ws, r, 6, "优先投入的学校", f.header);
    ++r;
    for (json& s : p["cv_steps"]) {
      Text(ws, r, 0, Str(s["stage"]) == "junior" ? "初中" : "小学");
      Text(ws, r, 1, Str(s["indicator"]));
      Num(ws, r, 2, s["cv_before"], f.num);
      Num(ws, r, 3, s["cv_after"], f.num);
      Num(ws, r, 4, s["limit"], f.num);
      Num(ws, r, 5, s["floor_value"], f.num);
      std::string schools;
      for (json& c : s["schools"]) schools += (schools.empty() ? "" : "、") + Str(c);
      Text(ws, r, 6, schools);
      ++r;
    }
  }
}

}  // namespace

Status WriteEvaluationXlsx(const std::string& evaluation_json, const std::string& remedy_json,
                           const std::string& out_path) {
  json e = json::parse(evaluation_json, nullptr, false);
  if (e.is_discarded() || !e.is_object() || !e.contains("stages") || !e.contains("verdict")) {
    return Status::InvalidArgument("评估结果不是预期的 JSON 形式");
  }
  json p;
  if (!remedy_json.empty()) {
    p = json::parse(remedy_json, nullptr, false);
    if (p.is_discarded() || !p.is_object() || !p.contains("additions")) {
      return Status::InvalidArgument("补充方案不是预期的 JSON 形式");
    }
  }
  common::AtomicFile file(out_path, ".tmp.xlsx");  // removed unless committed
  const std::string& tmp = file.temp_path();
  lxw_workbook* wb = workbook_new(tmp.c_str());
  if (wb == nullptr) return Status::IoError("无法创建文件：" + out_path);
  try {
    Fmt f(wb);
    SummarySheet(wb, f, e);
    for (json& s : e["stages"]) StageSheet(wb, f, s);
    if (!p.is_null()) RemedySheet(wb, f, p);
  } catch (const json::exception& ex) {
    workbook_close(wb);
    return Status::InvalidArgument(std::string("评估结果 JSON 缺少字段：") + ex.what());
  }
  lxw_error err = workbook_close(wb);
  if (err != LXW_NO_ERROR) {
    return Status::IoError("无法写入 " + out_path + "：" + lxw_strerror(err));
  }
  return file.Commit();
}

}  // namespace zj::io
