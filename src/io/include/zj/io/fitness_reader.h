// Reader of 体质健康测试 results in the layout schools upload to the national 学生体质健康标准 data
// system: one row per student with 年级编号, 性别, 身高, 体重, 肺活量, 50米跑, 坐位体前屈,
// 一分钟跳绳, 一分钟仰卧起坐, 50米×8往返跑, 立定跳远, 引体向上, 1000米跑, 800米跑 (other columns of
// the national template — 学籍号, 姓名, 班级 … — are ignored). CSV in any encoding the CSV reader
// detects, or xlsx; the sheet and header row are found by column names as for imports
// (docs/import.md), and the file is streamed row by row.
//
// Cells: 年级编号 a number 11–16/21–23/31–33/41–44; 性别 1/2 or 男/女; measurements decimal numbers
// (full-width digits folded); runs (50米×8往返跑, 1000米跑, 800米跑) as m'ss — 3'45, 3′45″, 3'45" —
// or plain seconds, or an Excel time cell. A blank cell is an item not tested. A bad cell gives an
// Issue (sheet, row, column, cell, value, Chinese message) and the row is not to be scored.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "zj/io/cell.h"
#include "zj/io/importer.h"
#include "zj/io/schema.h"
#include "zj/model/fitness.h"

namespace zj::io {

struct FitnessInputRow {
  int64_t row = 0;  // row number as the user sees it in the spreadsheet
  model::FitnessRecord record;
  std::vector<Issue> issues;  // errors found in the row's cells; non-empty → do not score it
};

class FitnessReader {
 public:
  // Opens the file and finds the header row (年级编号 and 性别 are required columns).
  // kNotFound / kIoError when unreadable; kInvalidArgument with a Chinese message when the file is
  // not a spreadsheet or lacks the columns.
  static Result<std::unique_ptr<FitnessReader>> Open(const std::string& path,
                                                     const std::string& sheet = "",
                                                     const ReaderLimits& limits = {});
  ~FitnessReader();

  // Reads the next data row. false at the end; an error when the file itself breaks mid-way
  // (truncated xlsx, a limit) — cell problems are reported in row->issues instead.
  Result<bool> Next(FitnessInputRow* row);

  const std::string& sheet() const;
  const std::string& format() const;    // "xlsx" / "csv"
  const std::string& encoding() const;  // CSV encoding name ("" for xlsx)
  int64_t header_row() const;
  // Header cells that are not part of the layout (ignored).
  std::vector<std::string> unknown_columns() const;

  struct Impl;

 private:
  explicit FitnessReader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// The table definition of the layout (column headers and aliases), for templates and docs.
const TableDef& FitnessTableDef();

// One line for an issue: 工作表「Sheet1」第 5 行「50米跑」（F5）：值「abc」不是数字. The sheet part
// is left out for CSV.
std::string FormatIssue(const Issue& issue);

}  // namespace zj::io
