// Content sniffing, sheet choice and header-row detection by column names and aliases.
#include "input.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <unordered_map>

#include "text.h"
#include "zj/io/csv_reader.h"

namespace zj::io::internal {
namespace {

constexpr int kHeaderSearchRows = 30;

// Normalised header (and its stem) → table column index.
std::unordered_map<std::string, int> HeaderIndex(const TableDef& def) {
  std::unordered_map<std::string, int> idx;
  for (size_t i = 0; i < def.columns.size(); ++i) {
    const ColumnDef& c = def.columns[i];
    std::vector<std::string> names = c.aliases;
    names.insert(names.begin(), c.header);
    for (const auto& n : names) {
      std::string h = NormalizeHeader(n);
      idx.emplace(h, static_cast<int>(i));
    }
  }
  for (size_t i = 0; i < def.columns.size(); ++i) {
    std::vector<std::string> names = def.columns[i].aliases;
    names.insert(names.begin(), def.columns[i].header);
    for (const auto& n : names) idx.emplace(HeaderStem(NormalizeHeader(n)), static_cast<int>(i));
  }
  return idx;
}

struct HeaderMatch {
  int64_t row = 0;
  int matched = 0;
  std::vector<int> missing_required;  // table column indexes
  OpenedInput mapping;
};

HeaderMatch MatchHeader(const SheetRow& row, const TableDef& def,
                        const std::unordered_map<std::string, int>& idx) {
  HeaderMatch m;
  m.row = row.row;
  std::vector<bool> seen(def.columns.size(), false);
  for (const Cell& c : row.cells) {
    std::string h = NormalizeHeader(c.text);
    if (h.empty()) continue;
    if (static_cast<int>(m.mapping.headers.size()) <= c.col) {
      m.mapping.headers.resize(static_cast<size_t>(c.col) + 1);
    }
    m.mapping.headers[static_cast<size_t>(c.col)] = NormalizeValue(c.text);
    auto it = idx.find(h);
    if (it == idx.end()) it = idx.find(HeaderStem(h));
    if (it == idx.end()) {
      m.mapping.unknown.emplace_back(c.col, NormalizeValue(c.text));
      continue;
    }
    if (seen[static_cast<size_t>(it->second)]) {
      m.mapping.duplicate_headers.push_back(def.columns[static_cast<size_t>(it->second)].header);
      continue;
    }
    seen[static_cast<size_t>(it->second)] = true;
    m.mapping.mapping.emplace_back(c.col, it->second);
    ++m.matched;
  }
  for (size_t i = 0; i < def.columns.size(); ++i) {
    if (def.columns[i].required && !seen[i]) m.missing_required.push_back(static_cast<int>(i));
  }
  return m;
}

// Scans a sheet for its header row; on success `src` is positioned after it.
Result<HeaderMatch> FindHeader(RowSource& src, const TableDef& def) {
  auto idx = HeaderIndex(def);
  HeaderMatch best;
  SheetRow row;
  for (int n = 0; n < kHeaderSearchRows; ++n) {
    ZJ_ASSIGN_OR_RETURN(bool more, src.Next(&row));
    if (!more) break;
    HeaderMatch m = MatchHeader(row, def, idx);
    if (m.missing_required.empty() && m.matched > 0) return m;
    if (m.matched > best.matched) best = std::move(m);
  }
  return best;
}

std::string MissingText(const TableDef& def, const std::vector<int>& missing) {
  std::string s;
  for (int i : missing) s += (s.empty() ? "" : "、") + def.columns[static_cast<size_t>(i)].header;
  return s;
}

}  // namespace

Result<InputFormat> DetectFormat(const std::string& path) {
  FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    if (errno == ENOENT) return Status::NotFound("文件不存在：" + path);
    return Status::IoError("无法读取文件：" + path + "（" + std::strerror(errno) + "）");
  }
  char buf[512];
  size_t n = std::fread(buf, 1, sizeof buf, f);
  std::fclose(f);
  std::string_view head(buf, n);
  if (n == 0) return InputFormat::kEmpty;
  if (head.starts_with("PK\x03\x04") || head.starts_with("PK\x05\x06")) return InputFormat::kXlsx;
  if (head.starts_with("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")) return InputFormat::kLegacyXls;
  std::string lower;
  for (char c : head.substr(0, 256)) {
    lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  size_t start = lower.find_first_not_of(" \t\r\n\xef\xbb\xbf");
  if (start != std::string::npos) {
    std::string_view l = std::string_view(lower).substr(start);
    if (l.starts_with("<html") || l.starts_with("<!doctype html") || l.starts_with("<table") ||
        (l.starts_with("<?xml") &&
         lower.find("urn:schemas-microsoft-com:office:spreadsheet") != std::string::npos) ||
        (l.starts_with("<?xml") && lower.find("<workbook") != std::string::npos)) {
      return InputFormat::kHtml;
    }
  }
  return InputFormat::kText;
}

Result<OpenedInput> OpenInput(const std::string& path, const TableDef& def,
                              const std::string& sheet, const ReaderLimits& limits,
                              std::string* code) {
  *code = "file_format";
  ZJ_ASSIGN_OR_RETURN(InputFormat format, DetectFormat(path));
  switch (format) {
    case InputFormat::kEmpty:
      return Status::InvalidArgument("文件是空的");
    case InputFormat::kLegacyXls:
      return Status::InvalidArgument(
          "这是旧版 Excel 97-2003 (.xls) 文件或加密的 Excel 文件：请在 Excel/WPS 中“另存为” .xlsx "
          "格式（如有打开密码请先取消）后再导入");
    case InputFormat::kHtml:
      return Status::InvalidArgument(
          "这个文件是网页 (HTML) 或 XML 表格，只是扩展名为 .xls：请在 Excel/WPS 中打开后“另存为” "
          ".xlsx 再导入");
    case InputFormat::kXlsx:
    case InputFormat::kText:
      break;
  }
  OpenedInput in;
  *code = "file_read";
  if (format == InputFormat::kText) {
    in.format = "csv";
    ZJ_ASSIGN_OR_RETURN(auto csv, CsvReader::Open(path, limits));
    in.encoding = TextEncodingName(csv->encoding());
    std::unique_ptr<RowSource> src = std::move(csv);
    ZJ_ASSIGN_OR_RETURN(HeaderMatch m, FindHeader(*src, def));
    if (m.matched == 0 || !m.missing_required.empty()) {
      *code = "missing_column";
      if (m.matched == 0) {
        return Status::InvalidArgument("在文件前 " + std::to_string(kHeaderSearchRows) +
                                       " 行中没有找到「" + def.title + "」的表头（如 " +
                                       def.columns[0].header + "、" + def.columns[1].header + "）");
      }
      return Status::InvalidArgument("缺少必填列：" + MissingText(def, m.missing_required));
    }
    m.mapping.format = in.format;
    m.mapping.encoding = in.encoding;
    m.mapping.rows = std::move(src);
    m.mapping.header_row = m.row;
    return std::move(m.mapping);
  }
  in.format = "xlsx";
  ZJ_ASSIGN_OR_RETURN(auto wb, XlsxWorkbook::Open(path, limits));
  std::vector<int> order;
  if (!sheet.empty()) {
    int i = wb->FindSheet(sheet);
    if (i < 0) {
      *code = "no_sheet";
      std::string names;
      for (const auto& s : wb->sheets()) names += (names.empty() ? "" : "、") + s.name;
      return Status::InvalidArgument("工作簿中没有名为「" + sheet + "」的工作表（现有：" + names +
                                     "）");
    }
    order.push_back(i);
  } else {
    for (size_t i = 0; i < wb->sheets().size(); ++i) {
      if (!wb->sheets()[i].hidden) order.push_back(static_cast<int>(i));
    }
  }
  HeaderMatch best;
  std::string best_sheet;
  for (int i : order) {
    ZJ_ASSIGN_OR_RETURN(auto src, wb->OpenSheet(i));
    ZJ_ASSIGN_OR_RETURN(HeaderMatch m, FindHeader(*src, def));
    if (m.matched > 0 && m.missing_required.empty()) {
      m.mapping.format = in.format;
      m.mapping.sheet = wb->sheets()[static_cast<size_t>(i)].name;
      m.mapping.header_row = m.row;
      m.mapping.rows = std::move(src);
      m.mapping.workbook = std::move(wb);
      return std::move(m.mapping);
    }
    if (m.matched > best.matched) {
      best = std::move(m);
      best_sheet = wb->sheets()[static_cast<size_t>(i)].name;
    }
  }
  if (best.matched == 0) {
    *code = "no_sheet";
    return Status::InvalidArgument("没有找到含「" + def.title + "」表头的工作表（表头如 " +
                                   def.columns[0].header + "、" + def.columns[1].header +
                                   "，需在前 " + std::to_string(kHeaderSearchRows) + " 行内）");
  }
  *code = "missing_column";
  return Status::InvalidArgument("工作表「" + best_sheet + "」缺少必填列：" +
                                 MissingText(def, best.missing_required));
}

Result<std::unique_ptr<RowSource>> ReopenSheet(const std::string& path, const std::string& sheet,
                                               const ReaderLimits& limits,
                                               std::unique_ptr<XlsxWorkbook>* workbook) {
  ZJ_ASSIGN_OR_RETURN(InputFormat format, DetectFormat(path));
  if (format == InputFormat::kText) {
    ZJ_ASSIGN_OR_RETURN(auto csv, CsvReader::Open(path, limits));
    return std::unique_ptr<RowSource>(std::move(csv));
  }
  if (format != InputFormat::kXlsx)
    return Status::InvalidArgument("文件不是表格，无法生成批注副本");
  ZJ_ASSIGN_OR_RETURN(*workbook, XlsxWorkbook::Open(path, limits));
  int i = (*workbook)->FindSheet(sheet);
  if (i < 0) i = 0;
  return (*workbook)->OpenSheet(i);
}

}  // namespace zj::io::internal
