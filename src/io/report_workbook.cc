// Plain report workbooks (title lines, bold header, text/number cells) with libxlsxwriter.
#include "zj/io/report_workbook.h"

#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "xlsx_style.h"
#include "zj/common/file.h"

namespace zj::io {
namespace {

Status CheckSheets(const std::vector<ReportSheet>& sheets) {
  if (sheets.empty()) return Status::InvalidArgument("报表没有任何工作表");
  std::set<std::string> names;
  for (const ReportSheet& s : sheets) {
    if (s.name.empty() || s.name.size() > 93 || s.name.find_first_of("[]:*?/\\") != s.name.npos) {
      return Status::InvalidArgument("工作表名称无效：\"" + s.name + "\"");
    }
    if (!names.insert(s.name).second) {
      return Status::InvalidArgument("工作表名称重复：\"" + s.name + "\"");
    }
    for (size_t r = 0; r < s.rows.size(); ++r) {
      if (s.rows[r].size() > s.headers.size()) {
        return Status::InvalidArgument("工作表 " + s.name + " 第 " + std::to_string(r + 1) +
                                       " 行的单元格多于表头");
      }
    }
  }
  return Status::Ok();
}

std::string NumberFormat(int decimals) {
  if (decimals <= 0) return "0";
  return "0." + std::string(static_cast<size_t>(std::min(decimals, 6)), '0');
}

}  // namespace

Status WriteReportWorkbook(const std::vector<ReportSheet>& sheets, const std::string& path) {
  ZJ_RETURN_IF_ERROR(CheckSheets(sheets));
  common::AtomicFile file(path, ".tmp.xlsx");  // removed unless committed
  const std::string& tmp = file.temp_path();
  lxw_workbook* wb = workbook_new(tmp.c_str());
  if (wb == nullptr) return Status::IoError("无法创建文件：" + path);
  lxw_format* title = workbook_add_format(wb);
  format_set_bold(title);
  format_set_font_size(title, 13);
  lxw_format* header = internal::AddHeaderFormat(wb);
  lxw_format* text = workbook_add_format(wb);
  format_set_num_format(text, "@");
  std::map<int, lxw_format*> numbers;
  for (const ReportSheet& s : sheets) {
    if (!numbers.count(s.decimals)) {
      lxw_format* f = workbook_add_format(wb);
      format_set_num_format(f, NumberFormat(s.decimals).c_str());
      numbers[s.decimals] = f;
    }
  }
  for (const ReportSheet& s : sheets) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, s.name.c_str());
    if (ws == nullptr) {
      workbook_close(wb);
      return Status::InvalidArgument("工作表名称无效：\"" + s.name + "\"");
    }
    lxw_row_t r = 0;
    for (size_t i = 0; i < s.title_lines.size(); ++i, ++r) {
      worksheet_write_string(ws, r, 0, s.title_lines[i].c_str(), i == 0 ? title : nullptr);
    }
    if (!s.title_lines.empty()) ++r;
    for (size_t c = 0; c < s.headers.size(); ++c) {
      worksheet_write_string(ws, r, static_cast<lxw_col_t>(c), s.headers[c].c_str(), header);
      worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c),
                           c == 0 ? 14 : std::clamp<double>(s.headers[c].size() * 0.8, 10, 30),
                           nullptr);
    }
    worksheet_freeze_panes(ws, r + 1, 0);
    ++r;
    lxw_format* number = numbers[s.decimals];
    for (const auto& row : s.rows) {
      for (size_t c = 0; c < row.size(); ++c) {
        const auto col = static_cast<lxw_col_t>(c);
        if (const auto* d = std::get_if<double>(&row[c])) {
          worksheet_write_number(ws, r, col, *d, number);
        } else if (const auto* t = std::get_if<std::string>(&row[c])) {
          worksheet_write_string(ws, r, col, t->c_str(), text);
        }
      }
      ++r;
    }
  }
  lxw_error e = workbook_close(wb);
  if (e != LXW_NO_ERROR) {
    return Status::IoError("无法写入 " + path + "：" + lxw_strerror(e));
  }
  return file.Commit();
}

Result<std::string> ReportWorkbookBytes(const std::vector<ReportSheet>& sheets) {
  static std::atomic<unsigned> counter{0};
  std::error_code ec;
  std::filesystem::path dir = std::filesystem::temp_directory_path(ec);
  if (ec) return Status::IoError("找不到临时目录");
  std::ostringstream name;
  name << "zhijiao-report-" << ::getpid() << "-" << counter.fetch_add(1) << ".xlsx";
  const std::string path = (dir / name.str()).string();
  ZJ_RETURN_IF_ERROR(WriteReportWorkbook(sheets, path));
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  const bool ok = static_cast<bool>(in);
  in.close();
  std::remove(path.c_str());
  if (!ok) return Status::IoError("无法读取临时报表文件");
  return ss.str();
}

}  // namespace zj::io
