// Tests of the 体质健康测试 upload-layout reader (zj/io/fitness_reader.h), data first:
// fixtures/fitness_upload.csv (and the same bytes in GB18030 with CRLF) against
// fixtures/fitness_upload.rows — parsed values by row, or the issues by rule code and cell.
// An xlsx written here checks numeric cells, Excel time cells and text times, and missing columns.
#include "zj/io/fitness_reader.h"

#include <gtest/gtest.h>
#include <xlsxwriter.h>

#include <map>
#include <sstream>

#include "test_util.h"

namespace zj::io {
namespace {

// "2 grade=21 sex=1 身高=17000 …" or "8 ! code@C8:message | …" → the row's expected text.
std::map<int64_t, std::string> ReadExpect(const std::string& path) {
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << path;
  std::map<int64_t, std::string> out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    size_t sp = line.find(' ');
    out[std::stoll(line.substr(0, sp))] = line.substr(sp + 1);
  }
  return out;
}

// The same compact form for what the reader produced.
std::string Render(const FitnessInputRow& r) {
  std::string s;
  if (!r.issues.empty()) {
    s = "!";
    for (size_t i = 0; i < r.issues.size(); ++i) {
      const Issue& is = r.issues[i];
      s += (i ? " | " : " ") + is.code + "@" + ColumnLetters(is.col) + std::to_string(is.row) +
           ":" + is.message;
    }
    return s;
  }
  s = "grade=" + std::to_string(r.record.grade) + " sex=" + std::to_string(r.record.sex);
  for (int i = 0; i < model::kFitnessItemCount; ++i) {
    int32_t v = r.record.centi[static_cast<size_t>(i)];
    if (v == model::kFitnessNoValue) continue;
    s += " " + std::string(model::kFitnessItems[static_cast<size_t>(i)].column) + "=" +
         std::to_string(v);
  }
  return s;
}

// Issue messages in the expectation are prefixes of the reader's messages.
bool Matches(const std::string& want, const std::string& got) {
  if (want[0] != '!') return want == got;
  if (got.empty() || got[0] != '!') return false;
  std::stringstream w(want.substr(1)), g(got.substr(1));
  std::string wi, gi;
  while (std::getline(w, wi, '|')) {
    if (!std::getline(g, gi, '|')) return false;
    auto trim = [](std::string x) {
      x.erase(0, x.find_first_not_of(' '));
      x.erase(x.find_last_not_of(' ') + 1);
      return x;
    };
    wi = trim(wi);
    gi = trim(gi);
    if (gi.compare(0, wi.size(), wi) != 0) return false;
  }
  return !std::getline(g, gi, '|');
}

void CheckFixture(const std::string& file, const std::string& encoding) {
  auto expect = ReadExpect(testing::TestData("fixtures/fitness_upload.rows"));
  auto reader = FitnessReader::Open(testing::TestData("fixtures/" + file));
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  EXPECT_EQ((*reader)->format(), "csv");
  EXPECT_EQ((*reader)->encoding(), encoding);
  EXPECT_EQ((*reader)->header_row(), 1);
  EXPECT_EQ((*reader)->unknown_columns(), (std::vector<std::string>{"学籍号", "姓名"}));
  FitnessInputRow row;
  size_t seen = 0;
  while (true) {
    auto more = (*reader)->Next(&row);
    ASSERT_TRUE(more.ok()) << more.status().ToString();
    if (!*more) break;
    ++seen;
    ASSERT_TRUE(expect.count(row.row)) << "unexpected row " << row.row;
    std::string got = Render(row);
    EXPECT_TRUE(Matches(expect[row.row], got))
        << file << " row " << row.row << "\n want: " << expect[row.row] << "\n  got: " << got;
  }
  EXPECT_EQ(seen, expect.size());
}

TEST(FitnessReaderTest, Utf8Csv) { CheckFixture("fitness_upload.csv", "UTF-8"); }

TEST(FitnessReaderTest, Gb18030CsvWithCrlf) { CheckFixture("fitness_upload_gbk.csv", "GB18030"); }

TEST(FitnessReaderTest, IssueLineNamesSheetRowColumnCellAndValue) {
  Issue i;
  i.sheet = "初中";
  i.row = 8;
  i.col = 6;
  i.column = "肺活量";
  i.value = "abc";
  i.message = "不是数字";
  EXPECT_EQ(FormatIssue(i), "工作表「初中」第 8 行「肺活量」（G8）：值「abc」不是数字");
  i.sheet.clear();
  EXPECT_EQ(FormatIssue(i), "第 8 行「肺活量」（G8）：值「abc」不是数字");
}

TEST(FitnessReaderTest, XlsxNumbersTimeCellsAndTextTimes) {
  testing::TempDir dir;
  std::string path = dir.File("upload.xlsx");
  lxw_workbook* wb = workbook_new(path.c_str());
  workbook_add_worksheet(wb, "说明");  // a sheet without the layout comes first
  lxw_worksheet* ws = workbook_add_worksheet(wb, "初中");
  lxw_format* time = workbook_add_format(wb);
  format_set_num_format(time, "[m]:ss");
  worksheet_write_string(ws, 0, 0, "2023-2024学年 体质健康测试成绩", nullptr);  // a title row
  const char* headers[] = {"年级编号",   "性别",       "身高(厘米)", "体重(千克)", "肺活量",
                           "50米跑(秒)", "坐位体前屈", "立定跳远",   "引体向上",   "1000米跑"};
  for (int c = 0; c < 10; ++c) worksheet_write_string(ws, 1, c, headers[c], nullptr);
  double nums[] = {21, 1, 170, 60, 3640, 7.8, -1.5, 225, 16};
  for (int c = 0; c < 9; ++c) worksheet_write_number(ws, 2, c, nums[c], nullptr);
  worksheet_write_number(ws, 2, 9, 223.0 / 86400.0, time);  // 3'43 as an Excel time
  for (int c = 0; c < 9; ++c) worksheet_write_number(ws, 3, c, nums[c], nullptr);
  worksheet_write_string(ws, 3, 9, "3’43”", nullptr);
  worksheet_write_number(ws, 4, 0, 21, nullptr);
  worksheet_write_number(ws, 4, 1, 1, nullptr);
  worksheet_write_number(ws, 4, 9, 3.43, nullptr);  // 3.43 "seconds": a typing mistake
  ASSERT_EQ(workbook_close(wb), LXW_NO_ERROR);

  auto reader = FitnessReader::Open(path);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  EXPECT_EQ((*reader)->sheet(), "初中");
  EXPECT_EQ((*reader)->header_row(), 2);
  FitnessInputRow row;
  ASSERT_TRUE(*(*reader)->Next(&row));
  EXPECT_EQ(row.row, 3);
  EXPECT_EQ(Render(row),
            "grade=21 sex=1 身高=17000 体重=6000 肺活量=364000 50米跑=780 坐位体前屈=-150 "
            "立定跳远=22500 引体向上=1600 1000米跑=22300");
  ASSERT_TRUE(*(*reader)->Next(&row));
  EXPECT_EQ(row.record.Get(model::FitnessItem::kRun1000m), 22300);
  ASSERT_TRUE(*(*reader)->Next(&row));
  ASSERT_EQ(row.issues.size(), 1u);
  EXPECT_EQ(FormatIssue(row.issues[0]),
            "工作表「初中」第 5 行「1000米跑」（J5）：值「3.43」超出合理范围（120–1200 秒）");
  EXPECT_FALSE(*(*reader)->Next(&row));
}

TEST(FitnessReaderTest, MissingRequiredColumnsAndUnreadableFiles) {
  testing::TempDir dir;
  testing::WriteFile(dir.File("no_sex.csv"), "年级编号,身高\n21,170\n");
  auto r = FitnessReader::Open(dir.File("no_sex.csv"));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("性别"), std::string::npos) << r.status().message();
  auto missing = FitnessReader::Open(dir.File("nope.csv"));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  testing::WriteFile(dir.File("old.xls"),
                     std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(600, '\0'));
  auto old = FitnessReader::Open(dir.File("old.xls"));
  ASSERT_FALSE(old.ok());
  EXPECT_EQ(old.status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace zj::io
