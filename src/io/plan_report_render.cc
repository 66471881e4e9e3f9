// PDF (cairo + pango) and xlsx (libxlsxwriter) rendering of the evaluation report document; see
// zj/io/plan_report_render.h. The PDF is A4 portrait: a cover (title, county, year, the synthetic
// data statement), then 一、总体情况 … 六、附件, tables that break across pages with their header
// repeated, and trend charts two to a row. Every page carries the data statement and a number.
#include "zj/io/plan_report_render.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <vector>

#include "xlsx_style.h"

namespace zj::io {
namespace {

using Json = nlohmann::json;

constexpr double kPageW = 595.276, kPageH = 841.89;  // A4 in points
constexpr double kMargin = 50, kTop = 60, kBottom = 780;
constexpr char kFont[] = "Noto Sans CJK SC";

std::string Str(const Json& j) {
  if (j.is_string()) return j.get<std::string>();
  if (j.is_null()) return "—";
  return j.dump();
}

cairo_status_t AppendToString(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

class PdfWriter {
 public:
  explicit PdfWriter(std::string statement) : statement_(std::move(statement)) {
    surface_ = cairo_pdf_surface_create_for_stream(AppendToString, &bytes_, kPageW, kPageH);
    cr_ = cairo_create(surface_);
  }
  ~PdfWriter() {
    if (cr_) cairo_destroy(cr_);
    if (surface_) cairo_surface_destroy(surface_);
  }
  PdfWriter(const PdfWriter&) = delete;
  PdfWriter& operator=(const PdfWriter&) = delete;

  Result<std::string> Finish() {
    Footer();
    cairo_destroy(cr_);
    cr_ = nullptr;
    cairo_surface_finish(surface_);
    cairo_status_t st = cairo_surface_status(surface_);
    cairo_surface_destroy(surface_);
    surface_ = nullptr;
    if (st != CAIRO_STATUS_SUCCESS) {
      return Status::IoError(std::string("PDF 生成失败：") + cairo_status_to_string(st));
    }
    return std::move(bytes_);
  }

  // Text laid out in `width` points at (x, y); returns its height.
  double Text(const std::string& text, double x, double y, double width, double size,
              bool bold = false, PangoAlignment align = PANGO_ALIGN_LEFT, bool draw = true) {
    PangoLayout* layout = pango_cairo_create_layout(cr_);
    PangoFontDescription* fd = pango_font_description_new();
    pango_font_description_set_family(fd, kFont);
    pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
    pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(layout, fd);
    pango_layout_set_width(layout, static_cast<int>(width * PANGO_SCALE));
    pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(layout, align);
    pango_layout_set_text(layout, text.c_str(), -1);
    int w = 0, h = 0;
    pango_layout_get_size(layout, &w, &h);
    if (draw) {
      cairo_move_to(cr_, x, y);
      pango_cairo_show_layout(cr_, layout);
    }
    pango_font_description_free(fd);
    g_object_unref(layout);
    return static_cast<double>(h) / PANGO_SCALE;
  }

  void NewPage() {
    if (started_) {
      Footer();
      cairo_show_page(cr_);
    }
    started_ = true;
    ++page_;
    y_ = kTop;
    cairo_set_source_rgb(cr_, 0.35, 0.35, 0.35);
    Text(statement_, kMargin, 24, kPageW - 2 * kMargin, 7.5);
    cairo_set_source_rgb(cr_, 0, 0, 0);
  }
  void Ensure(double h) {
    if (y_ + h > kBottom) NewPage();
  }
  void Heading(const std::string& text, int level) {
    const double size = level == 1 ? 15 : 12;
    Ensure(size * 3);
    y_ += level == 1 ? 8 : 4;
    y_ += Text(text, kMargin, y_, kPageW - 2 * kMargin, size, true) + 6;
  }
  void Para(const std::string& text) {
    const double w = kPageW - 2 * kMargin;
    const double h = Text(text, 0, 0, w - 20, 10, false, PANGO_ALIGN_LEFT, false);
    Ensure(h);
    Text(text, kMargin + 20, y_, w - 20, 10);
    y_ += h + 5;
  }

  // A table with relative column widths; the header repeats on every page it spans.
  void Table(const std::vector<double>& rel, const std::vector<std::string>& header,
             const std::vector<std::vector<std::string>>& rows, double size = 8) {
    const double total = kPageW - 2 * kMargin;
    double sum = 0;
    for (double r : rel) sum += r;
    std::vector<double> w;
    for (double r : rel) w.push_back(total * r / sum);
    auto row_height = [&](const std::vector<std::string>& cells, bool bold) {
      double h = 0;
      for (size_t i = 0; i < cells.size() && i < w.size(); ++i)
        h = std::max(h, Text(cells[i], 0, 0, w[i] - 6, size, bold, PANGO_ALIGN_LEFT, false));
      return h + 6;
    };
    auto draw_row = [&](const std::vector<std::string>& cells, bool bold, double h) {
      double x = kMargin;
      if (bold) {
        cairo_set_source_rgb(cr_, 0.87, 0.92, 0.97);
        cairo_rectangle(cr_, kMargin, y_, total, h);
        cairo_fill(cr_);
        cairo_set_source_rgb(cr_, 0, 0, 0);
      }
      for (size_t i = 0; i < w.size(); ++i) {
        if (i < cells.size()) Text(cells[i], x + 3, y_ + 3, w[i] - 6, size, bold);
        cairo_set_line_width(cr_, 0.4);
        cairo_rectangle(cr_, x, y_, w[i], h);
        cairo_stroke(cr_);
        x += w[i];
      }
      y_ += h;
    };
    const double hh = row_height(header, true);
    Ensure(hh * 2);
    draw_row(header, true, hh);
    for (const auto& r : rows) {
      const double h = row_height(r, false);
      if (y_ + h > kBottom) {
        NewPage();
        draw_row(header, true, hh);
      }
      draw_row(r, false, h);
    }
    y_ += 8;
  }

  // Line chart of one series with the target as a dashed line, in a box at (x, y_).
  void Chart(const Json& c, double x, double width, double height) {
    std::vector<double> ys, vs;
    for (const auto& v : c["years"]) ys.push_back(v.get<double>());
    for (const auto& v : c["values"]) vs.push_back(v.get<double>());
    const double target = c.value("target", 0.0);
    // The plan's row names mostly carry their unit already: "在园幼儿数（万人）".
    const std::string title = Str(c["title"]);
    const double title_h =
        Text(title.find("（") == std::string::npos ? title + "（" + Str(c["unit"]) + "）" : title,
             x, y_, width, 8, true);
    const double top = y_ + title_h + 4, left = x + 34, right = x + width - 8,
                 bottom = y_ + height - 16;
    double lo = *std::min_element(vs.begin(), vs.end());
    double hi = *std::max_element(vs.begin(), vs.end());
    lo = std::min(lo, target), hi = std::max(hi, target);
    if (hi - lo < 1e-9) hi = lo + 1;
    const double pad = (hi - lo) * 0.1;
    lo -= pad, hi += pad;
    const double y0 = ys.front(), y1 = std::max(ys.back(), c.value("target_year", ys.back()) * 1.0);
    auto px = [&](double yr) {
      return y1 == y0 ? left : left + (yr - y0) / (y1 - y0) * (right - left);
    };
    auto py = [&](double v) { return bottom - (v - lo) / (hi - lo) * (bottom - top); };
    cairo_set_line_width(cr_, 0.5);
    cairo_set_source_rgb(cr_, 0, 0, 0);
    cairo_move_to(cr_, left, top);
    cairo_line_to(cr_, left, bottom);
    cairo_line_to(cr_, right, bottom);
    cairo_stroke(cr_);
    char buf[32];
    for (double v : {lo + pad, hi - pad}) {
      std::snprintf(buf, sizeof buf, "%.4g", v);
      Text(buf, x, py(v) - 5, 32, 6.5, false, PANGO_ALIGN_RIGHT);
    }
    for (double yr = y0; yr <= y1; yr += 1) {
      std::snprintf(buf, sizeof buf, "%d", static_cast<int>(yr));
      Text(buf, px(yr) - 12, bottom + 2, 24, 6, false, PANGO_ALIGN_CENTER);
    }
    // Target: dashed line and a label (not colour alone).
    const double dash[] = {3, 2};
    cairo_set_dash(cr_, dash, 2, 0);
    cairo_set_source_rgb(cr_, 0.75, 0.2, 0.1);
    cairo_move_to(cr_, left, py(target));
    cairo_line_to(cr_, right, py(target));
    cairo_stroke(cr_);
    cairo_set_dash(cr_, nullptr, 0, 0);
    std::snprintf(buf, sizeof buf, "目标 %.4g", target);
    Text(buf, right - 60, py(target) - 10, 60, 6.5, false, PANGO_ALIGN_RIGHT);
    cairo_set_source_rgb(cr_, 0.1, 0.3, 0.7);
    cairo_set_line_width(cr_, 1.2);
    for (size_t i = 0; i < vs.size(); ++i) {
      if (i == 0)
        cairo_move_to(cr_, px(ys[i]), py(vs[i]));
      else
        cairo_line_to(cr_, px(ys[i]), py(vs[i]));
    }
    cairo_stroke(cr_);
    for (size_t i = 0; i < vs.size(); ++i) {
      cairo_arc(cr_, px(ys[i]), py(vs[i]), 1.8, 0, 2 * M_PI);
      cairo_fill(cr_);
    }
    cairo_set_source_rgb(cr_, 0, 0, 0);
  }
  void Charts(const Json& charts) {
    const double w = (kPageW - 2 * kMargin - 16) / 2, h = 150;
    for (size_t i = 0; i < charts.size(); i += 2) {
      Ensure(h + 6);
      Chart(charts[i], kMargin, w, h);
      if (i + 1 < charts.size()) Chart(charts[i + 1], kMargin + w + 16, w, h);
      y_ += h + 10;
    }
  }

  void Cover(const Json& d) {
    NewPage();
    y_ = 200;
    const double w = kPageW - 2 * kMargin;
    y_ += Text(Str(d["plan_title"]), kMargin, y_, w, 20, true, PANGO_ALIGN_CENTER) + 16;
    y_ += Text(Str(d["kind_zh"]), kMargin, y_, w, 24, true, PANGO_ALIGN_CENTER) + 40;
    y_ += Text(Str(d["county_name"]) + "（" + Str(d["county"]) + "）", kMargin, y_, w, 13, false,
               PANGO_ALIGN_CENTER) +
          8;
    y_ += Text("评估学年：" + Str(d["year_label"]) + "　　台账截至：" + Str(d["as_of"]), kMargin,
               y_, w, 12, false, PANGO_ALIGN_CENTER) +
          60;
    if (d.value("synthetic", false)) {
      cairo_set_line_width(cr_, 1.5);
      const double h =
          Text(Str(d["data_statement"]), 0, 0, w - 40, 13, true, PANGO_ALIGN_CENTER, false);
      cairo_rectangle(cr_, kMargin + 10, y_ - 10, w - 20, h + 20);
      cairo_stroke(cr_);
      Text(Str(d["data_statement"]), kMargin + 20, y_, w - 40, 13, true, PANGO_ALIGN_CENTER);
    }
  }

 private:
  void Footer() {
    char buf[32];
    std::snprintf(buf, sizeof buf, "第 %d 页", page_);
    Text(buf, kMargin, kPageH - 40, kPageW - 2 * kMargin, 8, false, PANGO_ALIGN_CENTER);
  }

  std::string statement_;
  std::string bytes_;
  cairo_surface_t* surface_ = nullptr;
  cairo_t* cr_ = nullptr;
  bool started_ = false;
  int page_ = 0;
  double y_ = kTop;
};

std::string CountsLine(const Json& c) {
  return "已完成 " + Str(c["done"]) + "，进行中 " + Str(c["in_progress"]) + "，未开始 " +
         Str(c["not_started"]) + "，滞后 " + Str(c["late"]);
}

Result<std::string> RenderPdf(const Json& d) {
  PdfWriter pdf(Str(d["title"]) + " · " + Str(d["data_statement"]));
  pdf.Cover(d);
  pdf.NewPage();
  pdf.Heading("一、总体情况", 1);
  for (const auto& p : d["overview"]) pdf.Para(Str(p));

  pdf.Heading("二、主要指标完成情况", 1);
  std::vector<std::string> header = {"指标", "2020基期"};
  std::vector<double> rel = {3.2, 1.1};
  for (const auto& y : d["main_table"]["years"]) {
    header.push_back(Str(y));
    rel.push_back(1);
  }
  for (const char* h : {"2025目标", "完成程度", "属性", "状态", "约束性达成"}) header.push_back(h);
  for (double r : {1.4, 1.1, 1.0, 1.2, 1.0}) rel.push_back(r);
  std::vector<std::vector<std::string>> rows;
  for (const auto& r : d["main_table"]["rows"]) {
    std::vector<std::string> row = {Str(r["name"]), Str(r["baseline"])};
    for (const auto& v : r["values"]) row.push_back(Str(v));
    for (const char* k : {"target", "completion", "attribute", "status_zh", "binding_met"})
      row.push_back(Str(r[k]));
    rows.push_back(row);
  }
  pdf.Table(rel, header, rows, 7);
  pdf.Heading("主要指标趋势", 2);
  pdf.Charts(d["charts"]);

  pdf.Heading("三、专栏目标完成情况", 1);
  for (const auto& col : d["columns"]) {
    pdf.Heading(Str(col["title"]), 2);
    std::vector<std::vector<std::string>> crow;
    for (const auto& r : col["rows"])
      crow.push_back({Str(r["quote"]), Str(r["target"]), Str(r["value"]), Str(r["status_zh"])});
    pdf.Table({5, 1.5, 1.5, 1.2}, {"目标（原文）", "目标值", "实际", "状态"}, crow);
  }

  pdf.Heading("四、工作台账推进情况", 1);
  pdf.Para("台账截至 " + Str(d["ledger"]["as_of"]) + "，共 " + Str(d["ledger"]["total"]["total"]) +
           " 项任务：" + CountsLine(d["ledger"]["total"]) + "；需督办 " +
           Str(d["ledger"]["total"]["flagged"]) + " 项。");
  std::vector<std::vector<std::string>> lrow;
  for (const auto& s : d["ledger"]["sections"]) {
    lrow.push_back({Str(s["title"]), Str(s["total"]), Str(s["done"]), Str(s["in_progress"]),
                    Str(s["not_started"]), Str(s["late"]), Str(s["flagged"])});
  }
  pdf.Table({6, 1, 1, 1, 1, 1, 1}, {"部分", "任务", "已完成", "进行中", "未开始", "滞后", "督办"},
            lrow);

  pdf.Heading("五、存在问题", 1);
  pdf.Heading("（一）进度滞后或存在风险的目标", 2);
  std::vector<std::vector<std::string>> prow;
  for (const auto& p : d["problems"]) {
    prow.push_back({Str(p["quote"]), Str(p["value"]), Str(p["target"]), Str(p["required"]),
                    Str(p["forecast"]), Str(p["status_zh"]), Str(p["reason"])});
  }
  if (prow.empty())
    pdf.Para("无。");
  else
    pdf.Table({3, 1, 1.2, 1, 1, 1, 3.2},
              {"目标", "实际", "目标值", "应达进度", "期末预测", "状态", "说明"}, prow, 7);
  pdf.Heading("（二）滞后与停滞的台账任务", 2);
  std::vector<std::vector<std::string>> frow;
  for (const auto& f : d["ledger"]["flagged"]) {
    frow.push_back({Str(f["title"]), Str(f["unit"]) + " " + Str(f["department"]),
                    Str(f["state_zh"]), Str(f["percent"]), Str(f["reason"])});
  }
  if (frow.empty())
    pdf.Para("无。");
  else
    pdf.Table({3.5, 2, 1, 1, 3.5}, {"任务", "责任单位", "状态", "进度", "说明"}, frow, 7);
  pdf.Para(Str(d["supervision_note"]));

  pdf.Heading("六、附件：指标定义与数据来源", 1);
  std::vector<std::vector<std::string>> drow;
  for (const auto& x : d["annex"]["definitions"]) {
    drow.push_back({Str(x["name"]) + "（" + Str(x["unit"]) + "）", Str(x["definition"]),
                    Str(x["source"]) + "〔" + Str(x["mark"]) + "〕"});
  }
  pdf.Table({2, 4, 3}, {"指标", "定义", "来源与核实状态"}, drow, 7);
  pdf.Heading("数据来源", 2);
  for (const auto& s : d["annex"]["sources"]) pdf.Para("· " + Str(s));
  return pdf.Finish();
}

Result<std::string> RenderXlsx(const Json& d) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path tmp =
      fs::temp_directory_path(ec) / ("zj-report-" + std::to_string(::getpid()) + "-" +
                                     std::to_string(reinterpret_cast<uintptr_t>(&d)) + ".xlsx");
  lxw_workbook* wb = workbook_new(tmp.string().c_str());
  if (!wb) return Status::IoError("无法创建 xlsx 文件");
  lxw_format* head = internal::AddHeaderFormat(wb);
  lxw_format* cell = workbook_add_format(wb);
  format_set_border(cell, LXW_BORDER_THIN);
  format_set_text_wrap(cell);
  lxw_format* bold = workbook_add_format(wb);
  format_set_bold(bold);

  auto sheet_table = [&](const char* name, const std::string& title,
                         const std::vector<std::string>& header,
                         const std::vector<std::vector<std::string>>& rows) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, name);
    worksheet_write_string(ws, 0, 0, title.c_str(), bold);
    worksheet_write_string(ws, 1, 0, Str(d["data_statement"]).c_str(), nullptr);
    for (size_t c = 0; c < header.size(); ++c) {
      worksheet_write_string(ws, 3, static_cast<lxw_col_t>(c), header[c].c_str(), head);
      worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c),
                           c == 0 ? 40 : 14, nullptr);
    }
    for (size_t r = 0; r < rows.size(); ++r)
      for (size_t c = 0; c < rows[r].size(); ++c)
        worksheet_write_string(ws, static_cast<lxw_row_t>(4 + r), static_cast<lxw_col_t>(c),
                               rows[r][c].c_str(), cell);
    worksheet_freeze_panes(ws, 4, 1);
  };

  std::vector<std::vector<std::string>> ov;
  ov.push_back({Str(d["title"])});
  ov.push_back({Str(d["county_name"]) + "（" + Str(d["county"]) + "） " + Str(d["year_label"])});
  for (const auto& p : d["overview"]) ov.push_back({Str(p)});
  sheet_table("总体情况", Str(d["title"]), {"内容"}, ov);

  std::vector<std::string> header = {"指标", "2020基期"};
  for (const auto& y : d["main_table"]["years"]) header.push_back(Str(y));
  for (const char* h : {"2025目标", "完成程度", "属性", "状态", "约束性达成"}) header.push_back(h);
  std::vector<std::vector<std::string>> rows;
  for (const auto& r : d["main_table"]["rows"]) {
    std::vector<std::string> row = {Str(r["name"]), Str(r["baseline"])};
    for (const auto& v : r["values"]) row.push_back(Str(v));
    for (const char* k : {"target", "completion", "attribute", "status_zh", "binding_met"})
      row.push_back(Str(r[k]));
    rows.push_back(row);
  }
  sheet_table("主要指标", "主要指标完成情况", header, rows);

  std::vector<std::vector<std::string>> crow;
  for (const auto& col : d["columns"])
    for (const auto& r : col["rows"])
      crow.push_back({Str(r["quote"]), Str(col["title"]), Str(r["target"]), Str(r["value"]),
                      Str(r["status_zh"])});
  sheet_table("专栏目标", "专栏目标完成情况", {"目标（原文）", "专栏", "目标值", "实际", "状态"},
              crow);

  std::vector<std::vector<std::string>> lrow;
  for (const auto& s : d["ledger"]["sections"])
    lrow.push_back({Str(s["title"]), Str(s["total"]), Str(s["done"]), Str(s["in_progress"]),
                    Str(s["not_started"]), Str(s["late"]), Str(s["flagged"])});
  const auto& t = d["ledger"]["total"];
  lrow.push_back({"合计", Str(t["total"]), Str(t["done"]), Str(t["in_progress"]),
                  Str(t["not_started"]), Str(t["late"]), Str(t["flagged"])});
  sheet_table("工作台账", "工作台账推进情况（截至 " + Str(d["ledger"]["as_of"]) + "）",
              {"部分", "任务", "已完成", "进行中", "未开始", "滞后", "督办"}, lrow);

  std::vector<std::vector<std::string>> prow;
  for (const auto& p : d["problems"])
    prow.push_back({Str(p["quote"]), Str(p["value"]), Str(p["target"]), Str(p["required"]),
                    Str(p["forecast"]), Str(p["status_zh"]), Str(p["reason"])});
  for (const auto& f : d["ledger"]["flagged"])
    prow.push_back({"台账任务：" + Str(f["title"]), Str(f["percent"]), "", "", "",
                    Str(f["state_zh"]), Str(f["unit"]) + " " + Str(f["reason"])});
  sheet_table("存在问题", "存在问题",
              {"目标/任务", "实际", "目标值", "应达进度", "期末预测", "状态", "说明"}, prow);

  std::vector<std::vector<std::string>> arow;
  for (const auto& x : d["annex"]["definitions"])
    arow.push_back(
        {Str(x["name"]), Str(x["unit"]), Str(x["definition"]), Str(x["source"]), Str(x["mark"])});
  for (const auto& s : d["annex"]["sources"]) arow.push_back({"数据来源", "", Str(s), "", ""});
  sheet_table("附件", "指标定义与数据来源", {"指标", "单位", "定义", "来源", "核实状态"}, arow);

  lxw_error err = workbook_close(wb);
  if (err != LXW_NO_ERROR) {
    fs::remove(tmp, ec);
    return Status::IoError(std::string("xlsx 写入失败：") + lxw_strerror(err));
  }
  std::ifstream in(tmp, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  fs::remove(tmp, ec);
  return ss.str();
}

}  // namespace

Result<std::string> RenderEvaluationReport(std::string_view document_json, ReportFormat format) {
  Json d = Json::parse(document_json, nullptr, /*allow_exceptions=*/false);
  if (d.is_discarded() || !d.is_object() || !d.contains("main_table") || !d.contains("ledger") ||
      !d.contains("overview") || !d.contains("annex")) {
    return Status::InvalidArgument("不是评估报告文档（缺少 main_table/ledger/overview/annex）");
  }
  try {
    return format == ReportFormat::kPdf ? RenderPdf(d) : RenderXlsx(d);
  } catch (const std::exception& e) {
    return Status::InvalidArgument(std::string("评估报告文档格式错误：") + e.what());
  }
}

Status WriteEvaluationReport(std::string_view document_json, ReportFormat format,
                             const std::string& path) {
  ZJ_ASSIGN_OR_RETURN(std::string bytes, RenderEvaluationReport(document_json, format));
  namespace fs = std::filesystem;
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) {
      std::error_code ec;
      fs::remove(tmp, ec);
      return Status::InvalidArgument("无法写入 " + path);
    }
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) {
    fs::remove(tmp, ec);
    return Status::InvalidArgument("无法写入 " + path + "：" + ec.message());
  }
  return Status::Ok();
}

}  // namespace zj::io
