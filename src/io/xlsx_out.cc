// Writing spreadsheets with libxlsxwriter: templates, exports and the annotated copy of an
// imported file. libxlsxwriter 1.1.4 writes only to files; workbooks are opened in
// constant_memory mode wherever rows can be many, so memory stays flat.
#include <xlsxwriter.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <set>

#include "input.h"
#include "table_handler.h"
#include "text.h"
#include "xlsx_style.h"
#include "zj/common/file.h"
#include "zj/common/id_number.h"
#include "zj/io/exporter.h"
#include "zj/io/importer.h"

namespace zj::io {
namespace {

using internal::Value;

constexpr char kCodeSheet[] = "代码表";
constexpr char kInfoSheet[] = "填写说明";
constexpr lxw_row_t kLastRow = 1'048'575;

Status WriterError(lxw_error e, const std::string& path) {
  return Status::IoError("无法写入 " + path + "：" + lxw_strerror(e));
}

bool IsTextColumn(ColumnType t) {
  return t == ColumnType::kIdentifier || t == ColumnType::kIdNumber || t == ColumnType::kSchool ||
         t == ColumnType::kTownship || t == ColumnType::kText || t == ColumnType::kSubjects;
}

// Formats shared by templates and exports.
struct Formats {
  lxw_format* header = nullptr;
  lxw_format* header_required = nullptr;
  lxw_format* text = nullptr;
  lxw_format* date = nullptr;
  lxw_format* example = nullptr;
  lxw_format* example_date = nullptr;
  lxw_format* title = nullptr;

  explicit Formats(lxw_workbook* wb) {
    header = internal::AddHeaderFormat(wb);
    header_required = workbook_add_format(wb);
    format_set_bold(header_required);
    format_set_font_color(header_required, 0xC00000);
    format_set_pattern(header_required, LXW_PATTERN_SOLID);
    format_set_bg_color(header_required, 0xDDEBF7);
    format_set_border(header_required, LXW_BORDER_THIN);
    format_set_text_wrap(header_required);
    text = workbook_add_format(wb);
    format_set_num_format(text, "@");
    date = workbook_add_format(wb);
    format_set_num_format(date, "yyyy-mm-dd");
    example = workbook_add_format(wb);
    format_set_italic(example);
    format_set_font_color(example, 0x808080);
    format_set_num_format(example, "@");
    example_date = workbook_add_format(wb);
    format_set_italic(example_date);
    format_set_font_color(example_date, 0x808080);
    format_set_num_format(example_date, "yyyy-mm-dd");
    title = workbook_add_format(wb);
    format_set_bold(title);
    format_set_font_size(title, 14);
  }
};

// The hidden code sheet: one (code, label) column pair per list used by the table; returns the
// validation formula of each list's labels.
std::map<std::string, std::string> WriteCodeSheet(lxw_workbook* wb, const TableDef& def,
                                                  const Formats& f) {
  std::map<std::string, std::string> ranges;
  std::vector<const CodeList*> lists;
  for (const auto& c : def.columns) {
    std::string name = c.type == ColumnType::kBool ? "yes_no" : c.code_list;
    if (name.empty()) continue;
    const CodeList* l = FindCodeList(name);
    if (l != nullptr && std::find(lists.begin(), lists.end(), l) == lists.end()) lists.push_back(l);
  }
  lxw_worksheet* ws = workbook_add_worksheet(wb, kCodeSheet);
  lxw_col_t col = 0;
  for (const CodeList* l : lists) {
    worksheet_write_string(ws, 0, col, (l->title + "代码").c_str(), f.header);
    worksheet_write_string(ws, 0, col + 1, l->title.c_str(), f.header);
    lxw_row_t r = 1;
    for (const auto& item : l->items) {
      worksheet_write_string(ws, r, col, item.code.c_str(), f.text);
      worksheet_write_string(ws, r, col + 1, item.label.c_str(), nullptr);
      ++r;
    }
    std::string letters = ColumnLetters(col + 1);
    ranges[l->name] = "='" + std::string(kCodeSheet) + "'!$" + letters + "$2:$" + letters + "$" +
                      std::to_string(r);
    worksheet_set_column(ws, col, col, 8, nullptr);
    worksheet_set_column(ws, col + 1, col + 1, 24, nullptr);
    col += 2;
  }
  worksheet_hide(ws);
  return ranges;
}

std::string ColumnHelp(const ColumnDef& c) {
  std::string s;
  if (c.type == ColumnType::kCode || c.type == ColumnType::kBool) {
    const CodeList* l = FindCodeList(c.type == ColumnType::kBool ? "yes_no" : c.code_list);
    if (l != nullptr) {
      s = "从下拉列表选择（也可填代码，或“代码-名称”）";
      if (l->items.size() <= 12) {
        s += "：";
        for (size_t i = 0; i < l->items.size(); ++i) {
          s += (i ? "、" : "") + l->items[i].label;
        }
      }
    }
  } else if (c.type == ColumnType::kDate) {
    s = "日期，如 2016-03-15 或 20160315";
  } else if (c.type == ColumnType::kInteger || c.type == ColumnType::kDecimal) {
    s = c.type == ColumnType::kInteger ? "整数" : "数字";
    if (c.min && c.max) {
      s += "，" + internal::RenderNumber(*c.min) + "～" + internal::RenderNumber(*c.max);
    }
  } else if (c.type == ColumnType::kSchool) {
    s = "10 位学校标识码（须已在学校名单中）";
  } else if (c.type == ColumnType::kTownship) {
    s = "乡镇街道代码（9 位）或名称";
  } else if (c.type == ColumnType::kIdNumber) {
    s = "18 位身份证号，文本格式";
  }
  if (!c.hint.empty()) s += (s.empty() ? "" : "；") + c.hint;
  return s;
}

// Header row, column formats, header comments and validations of a data sheet.
void WriteDataSheetLayout(lxw_worksheet* ws, const TableDef& def, const Formats& f,
                          const std::map<std::string, std::string>& ranges, bool comments) {
  for (size_t i = 0; i < def.columns.size(); ++i) {
    const ColumnDef& c = def.columns[i];
    auto col = static_cast<lxw_col_t>(i);
    double width = std::max(10.0, std::min(40.0, c.header.size() / 3.0 * 2.2 + 2));
    if (c.type == ColumnType::kIdNumber) width = 22;
    lxw_format* cf = c.type == ColumnType::kDate ? f.date : IsTextColumn(c.type) ? f.text : nullptr;
    worksheet_set_column(ws, col, col, width, cf);
    worksheet_write_string(ws, 0, col, c.header.c_str(), c.required ? f.header_required : f.header);
    std::string help = ColumnHelp(c);
    if (comments && !help.empty()) {
      worksheet_write_comment(ws, 0, col, ((c.required ? "必填。" : "选填。") + help).c_str());
    }
    lxw_data_validation dv{};
    std::string formula;
    if (c.type == ColumnType::kCode || c.type == ColumnType::kBool) {
      auto it = ranges.find(c.type == ColumnType::kBool ? "yes_no" : c.code_list);
      if (it == ranges.end()) continue;
      formula = it->second;
      dv.validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
      dv.value_formula = formula.data();
      dv.error_type = LXW_VALIDATION_ERROR_TYPE_WARNING;
      dv.error_title = const_cast<char*>("不在下拉列表中");
      dv.error_message = const_cast<char*>("请从下拉列表中选择；也可填写代码。导入时会逐格检查。");
    } else if ((c.type == ColumnType::kInteger || c.type == ColumnType::kDecimal) && c.min &&
               c.max) {
      dv.validate = c.type == ColumnType::kInteger ? LXW_VALIDATION_TYPE_INTEGER
                                                   : LXW_VALIDATION_TYPE_DECIMAL;
      dv.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
      dv.minimum_number = *c.min;
      dv.maximum_number = *c.max;
      dv.error_type = LXW_VALIDATION_ERROR_TYPE_WARNING;
    } else {
      continue;
    }
    worksheet_data_validation_range(ws, 1, col, kLastRow, col, &dv);
  }
  worksheet_freeze_panes(ws, 1, 0);
  worksheet_set_row(ws, 0, 30, nullptr);
}

// Writes one value into a data cell.
void WriteValue(lxw_worksheet* ws, lxw_row_t r, lxw_col_t c, const ColumnDef& col, const Value& v,
                bool masked, lxw_format* text_format, lxw_format* date_format) {
  if (!v.present) return;
  if (masked) {
    std::string m;
    if (col.type == ColumnType::kIdNumber) {
      m = MaskIdNumber(v.text);
    } else if (col.type == ColumnType::kDate) {
      m = std::to_string(v.date.year) + "-**-**";
    } else {
      m = MaskName(v.text);
    }
    worksheet_write_string(ws, r, c, m.c_str(), text_format);
    return;
  }
  switch (col.type) {
    case ColumnType::kInteger:
      worksheet_write_number(ws, r, c, static_cast<double>(v.integer), nullptr);
      return;
    case ColumnType::kDecimal:
      worksheet_write_number(ws, r, c, v.number, nullptr);
      return;
    case ColumnType::kDate: {
      lxw_datetime dt{v.date.year,
                      static_cast<uint8_t>(v.date.month),
                      static_cast<uint8_t>(v.date.day),
                      0,
                      0,
                      0};
      worksheet_write_datetime(ws, r, c, &dt, date_format);
      return;
    }
    default:
      worksheet_write_string(ws, r, c, internal::ValueToText(col, v).c_str(), text_format);
  }
}

std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) {
    if (c == '"') q += '"';
    q += c;
  }
  return q + "\"";
}

}  // namespace

Status WriteTemplate(const TableDef& def, const std::string& path) {
  lxw_workbook* wb = workbook_new(path.c_str());
  if (wb == nullptr) return Status::IoError("无法创建文件：" + path);
  Formats f(wb);
  lxw_worksheet* data = workbook_add_worksheet(wb, def.sheet.c_str());
  lxw_worksheet* info = workbook_add_worksheet(wb, kInfoSheet);
  auto ranges = WriteCodeSheet(wb, def, f);
  WriteDataSheetLayout(data, def, f, ranges, /*comments=*/true);
  // The example row.
  for (size_t i = 0; i < def.columns.size(); ++i) {
    const ColumnDef& c = def.columns[i];
    if (c.example.empty()) continue;
    auto col = static_cast<lxw_col_t>(i);
    if (c.type == ColumnType::kDate) {
      if (auto d = internal::ParseDateText(c.example)) {
        lxw_datetime dt{d->year, static_cast<uint8_t>(d->month), static_cast<uint8_t>(d->day), 0, 0,
                        0};
        worksheet_write_datetime(data, 1, col, &dt, f.example_date);
      }
    } else {
      worksheet_write_string(data, 1, col, c.example.c_str(), f.example);
    }
  }
  worksheet_write_comment(data, 1, 0, "示例行：请照此格式填写，可以删除；导入时会自动跳过这一行。");
  // Instructions.
  worksheet_set_column(info, 0, 0, 26, nullptr);
  worksheet_set_column(info, 1, 1, 8, nullptr);
  worksheet_set_column(info, 2, 2, 70, nullptr);
  worksheet_set_column(info, 3, 3, 28, nullptr);
  worksheet_write_string(info, 0, 0, (def.title + "导入模板 填写说明").c_str(), f.title);
  worksheet_write_string(info, 1, 0, def.description.c_str(), nullptr);
  std::string notes =
      std::string("按列名识别，不按位置：列的顺序可以调整，选填列可以删除，多余的列会被忽略。") +
      "红色列名为必填。代码列可填名称、代码或“代码-名称”。身份证号等号码列请保持文本格式。" +
      (def.yearly ? "导入时需指定学年（--year）。" : "");
  worksheet_write_string(info, 2, 0, notes.c_str(), nullptr);
  const char* heads[] = {"列名", "必填", "填写要求", "示例"};
  for (lxw_col_t i = 0; i < 4; ++i) worksheet_write_string(info, 4, i, heads[i], f.header);
  lxw_row_t r = 5;
  for (const auto& c : def.columns) {
    std::string name = c.header;
    if (!c.aliases.empty()) {
      name += "（也可写：";
      for (size_t i = 0; i < c.aliases.size() && i < 4; ++i) name += (i ? "、" : "") + c.aliases[i];
      name += "）";
    }
    worksheet_write_string(info, r, 0, name.c_str(), nullptr);
    worksheet_write_string(info, r, 1, c.required ? "是" : "否", nullptr);
    std::string help = ColumnHelp(c);
    if (!c.stored) help += (help.empty() ? "" : "；") + std::string("仅核对，不保存");
    worksheet_write_string(info, r, 2, help.c_str(), nullptr);
    worksheet_write_string(info, r, 3, c.example.c_str(), f.text);
    ++r;
  }
  workbook_set_custom_property_string(wb, "zhijiao_table", def.name.c_str());
  lxw_error e = workbook_close(wb);
  if (e != LXW_NO_ERROR) return WriterError(e, path);
  return Status::Ok();
}

Result<ExportResult> ExportTable(model::Store& store, const ExportOptions& options,
                                 const std::string& path) {
  const TableDef* def = FindTable(options.table);
  if (def == nullptr) return Status::InvalidArgument("未知的表：" + options.table);
  if (def->yearly && options.year == 0) {
    return Status::InvalidArgument("表「" + def->title + "」按学年导出，请用 --year 指定学年");
  }
  bool csv = path.ends_with(".csv") || path.ends_with(".CSV");
  bool xlsx = path.ends_with(".xlsx") || path.ends_with(".XLSX");
  if (!csv && !xlsx) return Status::InvalidArgument("导出文件的扩展名应为 .xlsx 或 .csv：" + path);
  auto handler = internal::MakeHandler(def->name);
  internal::References refs;
  ZJ_RETURN_IF_ERROR(refs.Load(store));
  internal::ExportFilter filter{def->yearly ? options.year : 0, options.unit};
  ExportResult result;
  std::vector<bool> masked(def->columns.size());
  for (size_t i = 0; i < def->columns.size(); ++i) {
    masked[i] = def->columns[i].personal && !options.unmasked;
  }
  if (csv) {
    common::AtomicFile file(path);  // removed unless committed
    const std::string& tmp = file.temp_path();
    std::ofstream out(tmp, std::ios::binary);
    if (!out) return Status::IoError("无法创建文件：" + path);
    out << "\xEF\xBB\xBF";
    for (size_t i = 0; i < def->columns.size(); ++i) {
      out << (i ? "," : "") << CsvField(def->columns[i].header);
    }
    out << "\r\n";
    Status s = handler->Export(store, refs, filter, [&](const std::vector<Value>& values) {
      for (size_t i = 0; i < values.size(); ++i) {
        const ColumnDef& c = def->columns[i];
        std::string text = internal::ValueToText(c, values[i]);
        if (masked[i] && values[i].present) {
          text = c.type == ColumnType::kIdNumber ? MaskIdNumber(text)
                 : c.type == ColumnType::kDate   ? std::to_string(values[i].date.year) + "-**-**"
                                                 : MaskName(text);
        }
        out << (i ? "," : "") << CsvField(text);
      }
      out << "\r\n";
      ++result.rows;
      return Status::Ok();
    });
    out.close();
    if (!s.ok() || !out) {
      return s.ok() ? Status::IoError("写入失败：" + path) : s;
    }
    ZJ_RETURN_IF_ERROR(file.Commit());
    return result;
  }
  common::AtomicFile file(path, ".tmp.xlsx");  // removed unless committed
  const std::string& tmp = file.temp_path();
  lxw_workbook_options wopt{};
  wopt.constant_memory = LXW_TRUE;
  lxw_workbook* wb = workbook_new_opt(tmp.c_str(), &wopt);
  if (wb == nullptr) return Status::IoError("无法创建文件：" + path);
  Formats f(wb);
  lxw_worksheet* data = workbook_add_worksheet(wb, def->sheet.c_str());
  auto ranges = WriteCodeSheet(wb, *def, f);
  WriteDataSheetLayout(data, *def, f, ranges, /*comments=*/false);
  lxw_row_t r = 1;
  Status s = handler->Export(store, refs, filter, [&](const std::vector<Value>& values) {
    if (r > kLastRow)
      return Status::ResourceExhausted("超过 Excel 的最大行数，请改用 CSV 或按单位导出");
    for (size_t i = 0; i < values.size(); ++i) {
      WriteValue(data, r, static_cast<lxw_col_t>(i), def->columns[i], values[i], masked[i], f.text,
                 f.date);
    }
    ++r;
    ++result.rows;
    return Status::Ok();
  });
  lxw_error e = workbook_close(wb);
  if (!s.ok() || e != LXW_NO_ERROR) {
    return s.ok() ? WriterError(e, path) : s;
  }
  ZJ_RETURN_IF_ERROR(file.Commit());
  return result;
}

Status WriteAnnotatedCopy(const std::string& input, const ImportSummary& summary,
                          const std::string& out_path, const ReaderLimits& limits) {
  std::vector<const Issue*> issues;
  for (const auto& i : summary.issues) {
    if (i.row > 0 && i.severity != Severity::kInfo) issues.push_back(&i);
  }
  std::stable_sort(issues.begin(), issues.end(),
                   [](const Issue* a, const Issue* b) { return a->row < b->row; });
  lxw_workbook_options wopt{};
  wopt.constant_memory = LXW_TRUE;
  lxw_workbook* wb = workbook_new_opt(out_path.c_str(), &wopt);
  if (wb == nullptr) return Status::IoError("无法创建文件：" + out_path);
  lxw_format* err = workbook_add_format(wb);
  format_set_pattern(err, LXW_PATTERN_SOLID);
  format_set_bg_color(err, 0xFFC7CE);
  format_set_num_format(err, "@");
  lxw_format* warn = workbook_add_format(wb);
  format_set_pattern(warn, LXW_PATTERN_SOLID);
  format_set_bg_color(warn, 0xFFEB9C);
  format_set_num_format(warn, "@");
  lxw_format* err_date = workbook_add_format(wb);
  format_set_pattern(err_date, LXW_PATTERN_SOLID);
  format_set_bg_color(err_date, 0xFFC7CE);
  format_set_num_format(err_date, "yyyy-mm-dd");
  lxw_format* warn_date = workbook_add_format(wb);
  format_set_pattern(warn_date, LXW_PATTERN_SOLID);
  format_set_bg_color(warn_date, 0xFFEB9C);
  format_set_num_format(warn_date, "yyyy-mm-dd");
  lxw_format* text = workbook_add_format(wb);
  format_set_num_format(text, "@");
  lxw_format* date = workbook_add_format(wb);
  format_set_num_format(date, "yyyy-mm-dd");
  lxw_format* note_head = workbook_add_format(wb);
  format_set_bold(note_head);
  format_set_font_color(note_head, 0xC00000);
  lxw_format* note = workbook_add_format(wb);
  format_set_font_color(note, 0xC00000);
  format_set_text_wrap(note);

  std::string sheet_name = summary.sheet.empty() ? "数据" : summary.sheet;
  lxw_worksheet* ws = workbook_add_worksheet(wb, sheet_name.c_str());
  std::unique_ptr<XlsxWorkbook> book;
  auto src = internal::ReopenSheet(input, summary.sheet, limits, &book);
  Status status;
  if (!src.ok()) {
    status = src.status();
  } else {
    // The error column goes right of the widest header/data column seen in the header row.
    int note_col = 0;
    for (const auto& [c, key] : summary.columns) note_col = std::max(note_col, c + 1);
    size_t next = 0;
    SheetRow row;
    while (true) {
      auto more = (*src)->Next(&row);
      if (!more.ok() || !*more) break;
      if (row.row - 1 > static_cast<int64_t>(kLastRow)) break;
      auto r = static_cast<lxw_row_t>(row.row - 1);
      // Issues of this row, by column.
      std::map<int, std::pair<Severity, std::string>> by_col;
      std::string row_note;
      while (next < issues.size() && issues[next]->row < row.row) ++next;
      for (size_t k = next; k < issues.size() && issues[k]->row == row.row; ++k) {
        const Issue& is = *issues[k];
        row_note += (row_note.empty() ? "" : "；") +
                    (is.column.empty() ? "" : "【" + is.column + "】") + is.message;
        if (is.col < 0) continue;
        auto& slot = by_col[is.col];
        if (slot.second.empty() || is.severity == Severity::kError) slot.first = is.severity;
        slot.second += (slot.second.empty() ? "" : "\n") + is.message;
      }
      if (row.cells.size() > 0)
        note_col =
            std::max(note_col, row.row == summary.header_row ? row.cells.back().col + 1 : note_col);
      size_t ci = 0;
      int last_col = row.cells.empty() ? -1 : row.cells.back().col;
      for (int col = 0; col <= std::max(last_col, by_col.empty() ? -1 : by_col.rbegin()->first);
           ++col) {
        const Cell* cell =
            ci < row.cells.size() && row.cells[ci].col == col ? &row.cells[ci++] : nullptr;
        auto issue = by_col.find(col);
        bool is_err = issue != by_col.end() && issue->second.first == Severity::kError;
        bool is_warn = issue != by_col.end() && !is_err;
        auto c = static_cast<lxw_col_t>(col);
        bool dated = cell != nullptr && cell->type == CellType::kDate;
        lxw_format* fmt = is_err    ? (dated ? err_date : err)
                          : is_warn ? (dated ? warn_date : warn)
                          : dated   ? date
                                    : nullptr;
        if (cell == nullptr) {
          if (issue != by_col.end()) worksheet_write_blank(ws, r, c, fmt);
        } else if (cell->type == CellType::kNumber || cell->type == CellType::kDate) {
          worksheet_write_number(ws, r, c, cell->number, fmt);
        } else if (cell->type == CellType::kBool) {
          worksheet_write_boolean(ws, r, c, cell->text == "TRUE", fmt);
        } else {
          worksheet_write_string(ws, r, c, cell->text.c_str(), fmt != nullptr ? fmt : text);
        }
        if (issue != by_col.end()) {
          worksheet_write_comment(ws, r, c, issue->second.second.c_str());
        }
      }
      if (row.row == summary.header_row) {
        worksheet_write_string(ws, r, static_cast<lxw_col_t>(note_col), "错误说明", note_head);
      } else if (!row_note.empty()) {
        worksheet_write_string(ws, r, static_cast<lxw_col_t>(note_col), row_note.c_str(), note);
      }
    }
    worksheet_set_column(ws, static_cast<lxw_col_t>(note_col), static_cast<lxw_col_t>(note_col), 60,
                         nullptr);
  }
  // Summary sheet with whole-file issues.
  lxw_worksheet* info = workbook_add_worksheet(wb, "导入结果");
  worksheet_set_column(info, 0, 0, 16, nullptr);
  worksheet_set_column(info, 1, 1, 90, nullptr);
  lxw_row_t r = 0;
  auto line = [&](const std::string& k, const std::string& v) {
    worksheet_write_string(info, r, 0, k.c_str(), note_head);
    worksheet_write_string(info, r, 1, v.c_str(), nullptr);
    ++r;
  };
  line("文件", summary.file);
  line("错误", std::to_string(summary.errors) + " 处（红色单元格）");
  line("警告", std::to_string(summary.warnings) + " 处（黄色单元格，不影响导入）");
  line("结果", summary.written ? "已导入" : "未导入：请改正红色单元格后重新提交同一个文件");
  if (summary.issues_truncated)
    line("说明", "问题太多，只标出了前 " + std::to_string(summary.issues.size()) + " 处");
  for (const auto& i : summary.issues) {
    if (i.row == 0) line(i.code, i.message);
  }
  lxw_error e = workbook_close(wb);
  if (!status.ok()) return status;
  if (e != LXW_NO_ERROR) return WriterError(e, out_path);
  return Status::Ok();
}

}  // namespace zj::io
