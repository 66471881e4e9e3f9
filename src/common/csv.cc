// In-memory CSV parser for embedded data files.
#include "zj/common/csv.h"

namespace zj::common {

Result<std::vector<CsvRow>> ParseCsv(std::string_view text, char sep) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::vector<CsvRow> rows;
  CsvRow row;
  std::string field;
  bool in_quotes = false;
  bool field_started = false;
  int line = 1;
  int quote_line = 0;
  auto end_field = [&] {
    row.push_back(std::move(field));
    field.clear();
    field_started = false;
  };
  auto end_row = [&] {
    end_field();
    if (!(row.size() == 1 && row[0].empty())) rows.push_back(std::move(row));
    row.clear();
  };
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field.push_back('"');
          ++i;
        } else {
          in_quotes = false;
        }
      } else {
        if (c == '\n') ++line;
        field.push_back(c);
      }
      continue;
    }
    if (c == '"' && !field_started) {
      in_quotes = true;
      field_started = true;
      quote_line = line;
    } else if (c == sep) {
      end_field();
    } else if (c == '\r') {
      // ignored; "\r\n" ends the row at '\n'
    } else if (c == '\n') {
      ++line;
      end_row();
    } else {
      field.push_back(c);
      field_started = true;
    }
  }
  if (in_quotes) {
    return Status::InvalidArgument("CSV 第" + std::to_string(quote_line) + "行：引号未闭合");
  }
  if (field_started || !field.empty() || !row.empty()) end_row();
  return rows;
}

Result<CsvTable> CsvTable::Parse(std::string_view text, char sep) {
  ZJ_ASSIGN_OR_RETURN(auto rows, ParseCsv(text, sep));
  CsvTable t;
  if (rows.empty()) return Status::InvalidArgument("CSV 为空：缺少表头");
  t.header_ = std::move(rows[0]);
  t.rows_.assign(std::make_move_iterator(rows.begin() + 1), std::make_move_iterator(rows.end()));
  return t;
}

int CsvTable::Column(std::string_view name) const {
  for (size_t i = 0; i < header_.size(); ++i) {
    if (header_[i] == name) return static_cast<int>(i);
  }
  return -1;
}

std::string_view CsvTable::Get(const CsvRow& row, std::string_view column) const {
  int c = Column(column);
  if (c < 0 || static_cast<size_t>(c) >= row.size()) return {};
  return row[static_cast<size_t>(c)];
}

}  // namespace zj::common
